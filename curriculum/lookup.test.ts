import { describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from './lookup.ts';

/** What a target resolves to, in a word: `function topK`, `lesson 03`, or `unknown: a, b`. */
const said = (target: Target) =>
  target.kind === 'function' ? `function ${target.located.spec.name}` : target.kind === 'lesson' ? `lesson ${target.lesson.number}` : `unknown: ${target.meant.join(', ')}`;

describe('resolveTarget', () => {
  it.each([
    ['topK', 'function topK'],
    ['topk', 'function topK'],
    ['normalize', 'function normalize'],
    ['3', 'lesson 03'],
    ['03', 'lesson 03'],
    ['03-normalize', 'lesson 03'],
    ['query-search', 'lesson 05'],
    ['lessons/01-euclidean', 'lesson 01'],
    ['lessons/01-euclidean/', 'lesson 01'],
    ['01-euclidean/exercise.ts', 'lesson 01'],
    ['./lessons/04-cosine/exercise.ts', 'lesson 04'],
    ['/home/someone/workbook/lessons/02-dot-product/exercise.ts', 'lesson 02'],
    ['lessons\\02-dot-product\\exercise.ts', 'lesson 02'],
  ])('%s names %s', (target, meant) => {
    expect(said(resolveTarget(target))).toBe(meant);
  });

  it('takes the start of one name: a lesson when only one lesson starts so and holds every function that does, else the one function', () => {
    expect(said(resolveTarget('eucl'))).toBe('lesson 01');
    expect(said(resolveTarget('cos'))).toBe('lesson 04');
    expect(said(resolveTarget('dotM'))).toBe('function dotMatrix');
    expect(said(resolveTarget('cosineD'))).toBe('function cosineDistanceMatrix');
  });

  it('says which names an ambiguous start or a typo may have meant, and nothing for what is near no name', () => {
    expect(said(resolveTarget('euclideanM'))).toBe('unknown: euclideanMatrix, euclideanMatrixSymmetric');
    expect(said(resolveTarget('eucldean'))).toBe('unknown: euclidean');
    expect(said(resolveTarget('nrom'))).toBe('unknown: norm');
    expect(said(resolveTarget('querysearh'))).toBe('unknown: querySearch, query-search');
    expect(said(resolveTarget('lesson-nine'))).toBe('unknown: ');
    expect(said(resolveTarget('lessons/09-missing'))).toBe('unknown: ');
  });
});
