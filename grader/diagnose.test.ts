import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE } from '../curriculum/index.ts';
import { KNOWN_MISTAKES, diagnose } from './diagnose.ts';
import { REFERENCE } from './reference.ts';

const rows = [[1, 2, 2], [3, 0, 4], [-1, 5, 0.5]];
const tol = DEFAULT_TOLERANCE;
/** Diagnosis from a single wrong value. */
const fromOne = (name: Parameters<typeof diagnose>[0], args: readonly unknown[], actual: unknown) => diagnose(name, [{ args, actual, passed: false }], tol);

describe('diagnose', () => {
  it('says nothing about a right answer or an unrecognisable one', () => {
    expect(fromOne('euclidean', [rows[0], rows[1]], REFERENCE.euclidean(rows[0], rows[1]))).toBeUndefined();
    expect(fromOne('euclidean', [rows[0], rows[1]], 123.456)).toBeUndefined();
    expect(fromOne('norms', [rows], 'three')).toBeUndefined();
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
    expect(fromOne(name, args, actual)?.id).toBe(id);
  });

  it('recognises column-wise norms of a non-square matrix', () => {
    const columnNorms = [Math.hypot(1, 3, -1), Math.hypot(2, 0, 5), Math.hypot(2, 4, 0.5)];
    expect(fromOne('norms', [rows.slice(0, 2).concat([[0, 0, 1]])], columnNorms)?.id).not.toBe('column-wise');
    expect(fromOne('norms', [rows], columnNorms)?.id).toBe('column-wise');
  });

  it('rules out a formula that contradicts a value the learner got right', () => {
    // Ties at 1 and 2: returning 2 fits both "one-based" (1 + 1) and "ties to the higher index".
    const tie = { args: [[1, 0], [[0, 1], [1, 0], [1, 0]]], actual: 2, passed: false };
    expect(diagnose('querySearch', [tie], tol)?.id).toBe('one-based-index');
    // A right answer of 0 elsewhere rules out a one-based index (which would have said 1).
    const right = { args: [[0, 1], [[0, 1], [1, 0]]], actual: 0, passed: true };
    expect(diagnose('querySearch', [tie, right], tol)?.id).toBe('ties-to-higher-index');
  });

  it('prefers the formula that explains more of the failures', () => {
    const skippedLast = (a: number[], b: number[]) => Math.hypot(...a.slice(0, -1).map((x, i) => x - b[i]));
    const failures = [[[1, 2, 2], [3, 0, 4]], [[0, 0, 1], [3, 4, 9]]].map(([a, b]) => ({ args: [a, b], actual: skippedLast(a, b), passed: false }));
    expect(diagnose('euclidean', failures, tol)?.id).toBe('last-component-skipped');
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
