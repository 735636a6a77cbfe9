import { describe, expect, it } from 'vitest';
import { allFunctions, findFunction, type FunctionName } from '../../curriculum/index.ts';
import { judgeCase } from '../judge.ts';
import { REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import type { Case, CaseRelation } from '../types.ts';
import { buildCases } from './index.ts';
import { RELATIONS, carryOver, derive } from './relations.ts';

const KEY = 'cd'.repeat(16);
const reference = (name: FunctionName, args: readonly unknown[]) => (REFERENCE[name] as (...a: unknown[]) => unknown)(...referenceArgs(args as never));

describe('the relations', () => {
  it('cover symmetry, scaling of cosine and normalize, and reordering of every matrix, list and search', () => {
    expect(RELATIONS.cosine).toEqual(['swapped', 'scaled']);
    expect(RELATIONS.normalize).toContain('scaled');
    for (const name of ['euclideanMatrix', 'euclideanMatrixSymmetric', 'dotMatrix', 'dotDistanceMatrix', 'cosineMatrix', 'cosineDistanceMatrix', 'norms', 'normalize', 'querySearch', 'topK'] as const) {
      expect(RELATIONS[name]).toContain('permuted');
    }
  });

  it.each(allFunctions().map(({ spec }) => spec.name as FunctionName).filter((name) => RELATIONS[name]))(
    '%s: each derived case is graded like any other, and the reference’s own answers obey the relation exactly',
    async (name) => {
      const { cases } = await buildCases(name, 3, KEY);
      const related = cases.filter((testCase) => testCase.relation);
      expect(related.length).toBe(5 * RELATIONS[name]!.length);
      for (const testCase of related) {
        const relation = testCase.relation!;
        expect(testCase.name.startsWith(`${relation.fromName}, `)).toBe(true);
        expect(cases[relation.from].name).toBe(relation.fromName);
        const original = reference(name, cases[relation.from].args);
        expect('returns' in testCase.expect && testCase.expect.returns).toEqual(carryOver(name, relation, original));
      }
    },
  );

  it('scales by a power of two that keeps every number in range, and passes over inputs it cannot scale', () => {
    expect(derive('cosine', 'scaled', [[3e140, 1], [1, 1]])?.relation.factor).toBe(2 ** 20);
    const scaled = derive('cosine', 'scaled', [[3e146, 1], [1, 1]]);
    expect(scaled?.relation.factor).toBe(2 ** -20);
    expect(scaled?.args).toEqual([[3e146 * 2 ** -20, 2 ** -20], [1, 1]]);
    expect(derive('cosine', 'scaled', [[0, 0], [1, 1]])).toBeUndefined();
    expect(derive('normalize', 'scaled', [[[1e149, 1e-149]]])).toBeUndefined();
  });

  it('reorders documents only when no two are the same, so that ties cannot move the answer', () => {
    expect(derive('topK', 'permuted', [[1, 0], [[1, 1], [1, 1], [0, 1]], 2])).toBeUndefined();
    expect(derive('topK', 'permuted', [[1, 0], [[1, 1], [2, 0], [0, 1]], 2])).toEqual({ args: [[1, 0], [[0, 1], [2, 0], [1, 1]], 2], relation: { kind: 'permuted', order: [2, 1, 0] } });
  });
});

describe('a broken relation in the feedback', () => {
  const { spec } = findFunction('cosine')!;
  const relation: CaseRelation = { from: 0, fromName: 'random input 1 of 60', kind: 'swapped' };
  const swapped: Case = { name: 'random input 1 of 60, the vectors swapped', args: [[0, 1], [1, 1]], expect: { returns: Math.SQRT1_2 }, relation };

  it('says which rule the function’s own two answers break', () => {
    const judgement = judgeCase('cosine', spec, swapped, { kind: 'returned', value: 1 }, { outcome: { kind: 'returned', value: 0.5 }, passed: false });
    expect(judgement.result.status).toBe('fail');
    expect(judgement.notes).toContainEqual(expect.stringMatching(/^Your own answers break a rule: swapping the two vectors must not change the answer\. This input is that of "random input 1 of 60" changed by that rule; there your function answered 0\.5, so here it should answer 0\.5, but it answered 1\.$/));
  });

  it('says it too when the original answer was the wrong one', () => {
    const judgement = judgeCase('cosine', spec, swapped, { kind: 'returned', value: Math.SQRT1_2 }, { outcome: { kind: 'returned', value: 0.5 }, passed: false });
    expect(judgement.result.status).toBe('pass');
    expect(judgement.notes).toHaveLength(1);
  });

  it('says nothing when the two answers agree, when both pass (each within the tolerance), or when the original call did not return a number', () => {
    expect(judgeCase('cosine', spec, swapped, { kind: 'returned', value: 0.5 }, { outcome: { kind: 'returned', value: 0.5 }, passed: false }).notes).toEqual([]);
    const close = Math.SQRT1_2 * (1 + 9e-6);
    expect(judgeCase('cosine', spec, swapped, { kind: 'returned', value: close }, { outcome: { kind: 'returned', value: Math.SQRT1_2 * (1 - 9e-6) }, passed: true }).notes).toEqual([]);
    expect(judgeCase('cosine', spec, swapped, { kind: 'returned', value: 0.5 }, { outcome: { kind: 'timeout', limitMs: 2000 }, passed: false }).notes).toEqual([]);
  });
});
