import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE } from '../curriculum/index.ts';
import { KNOWN_MISTAKES, diagnose } from './diagnose.ts';
import { REFERENCE } from './reference.ts';

const rows = [[1, 2, 2], [3, 0, 4], [-1, 5, 0.5]];
const tol = DEFAULT_TOLERANCE;

describe('diagnose', () => {
  it('says nothing about a right answer or an unrecognisable one', () => {
    expect(diagnose('euclidean', [rows[0], rows[1]], REFERENCE.euclidean(rows[0], rows[1]), tol)).toBeUndefined();
    expect(diagnose('euclidean', [rows[0], rows[1]], 123.456, tol)).toBeUndefined();
    expect(diagnose('norms', [rows], 'three', tol)).toBeUndefined();
  });

  it.each([
    ['euclidean', [rows[0], rows[1]], 4 + 4 + 4, 'squared-distance'],
    ['euclidean', [rows[0], rows[1]], 2 + 2 + 2, 'l1-distance'],
    ['dot', [rows[0], rows[1]], 3, 'last-component-skipped'],
    ['norm', [rows[1]], 25, 'squared-norm'],
    ['norm', [rows[1]], 7, 'l1-norm'],
    ['cosine', [rows[0], rows[1]], 11, 'dot-not-normalized'],
    ['cosine', [rows[0], rows[1]], 1 - 11 / 15, 'distance-for-similarity'],
    // Cosines with [0, 1, 0]: 0.67, 0, 0.98, so the answer is 2.
    ['querySearch', [[0, 1, 0], rows], 3, 'one-based-index'],
    ['querySearch', [[0, 1, 0], rows], 1, 'argmin-for-argmax'],
  ] as const)('%s: %j → %s is "%s"', (name, args, actual, id) => {
    expect(diagnose(name, args, actual, tol)?.id).toBe(id);
  });

  it('recognises column-wise norms of a non-square matrix', () => {
    const columnNorms = [Math.hypot(1, 3, -1), Math.hypot(2, 0, 5), Math.hypot(2, 4, 0.5)];
    expect(diagnose('norms', [rows.slice(0, 2).concat([[0, 0, 1]])], columnNorms, tol)?.id).not.toBe('column-wise');
    expect(diagnose('norms', [rows], columnNorms, tol)?.id).toBe('column-wise');
  });

  it('gives every known mistake an id, a title and an explanation, with unique ids', () => {
    expect(new Set(KNOWN_MISTAKES.map((mistake) => mistake.id)).size).toBe(KNOWN_MISTAKES.length);
    for (const mistake of KNOWN_MISTAKES) {
      expect(mistake.id).toMatch(/^[a-z0-9-]+$/);
      expect(mistake.title.length).toBeGreaterThan(5);
      expect(mistake.explanation.length).toBeGreaterThan(20);
    }
  });
});
