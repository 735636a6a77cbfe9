import { describe, expect, it } from 'vitest';
import { allFunctions, type FunctionName } from '../../curriculum/index.ts';
import { REFERENCE, referenceArgs } from '../reference.ts';
import { LIMITS } from '../sandbox/protocol.ts';
import { buildCases } from './index.ts';

const names = allFunctions().map(({ spec }) => spec.name as FunctionName);
const KEY = '0123456789abcdef0123456789abcdef';

describe.each(names)('%s', (name) => {
  const cases = buildCases(name, 1, KEY).cases;

  it('has fixed Bugs cases, random cases and edge cases, with unique names', () => {
    expect(cases.some((testCase) => /Bugs/.test(testCase.name))).toBe(true);
    expect(cases.some((testCase) => /random/.test(testCase.name))).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((testCase) => testCase.name)).size).toBe(cases.length);
  });

  it('covers dimensions from 1 to 384 and beyond', () => {
    const lengths = cases.flatMap((testCase) => testCase.args.flatMap((arg) => (Array.isArray(arg) ? (Array.isArray(arg[0]) ? arg.map((row) => (row as number[]).length) : [arg.length]) : [])));
    expect(lengths.filter((n) => n > 0).reduce((a, b) => Math.min(a, b))).toBe(1);
    expect(lengths.reduce((a, b) => Math.max(a, b))).toBeGreaterThanOrEqual(384);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(buildCases(name, 1, KEY).cases).toEqual(cases);
    expect(buildCases(name, 2, KEY).cases).not.toEqual(cases);
  });

  it('takes every expected value from the reference', () => {
    for (const testCase of cases) {
      if ('returns' in testCase.expect) {
        expect(testCase.expect.returns).toEqual((REFERENCE[name] as (...args: unknown[]) => unknown)(...referenceArgs(testCase.args)));
      } else {
        expect(() => (REFERENCE[name] as (...args: unknown[]) => unknown)(...referenceArgs(testCase.args))).toThrow();
      }
    }
  });
});

/** Numbers and arrays in a value, as the sandbox's budget counts them. */
const items = (value: unknown): number => (Array.isArray(value) ? 1 + value.reduce((sum: number, x) => sum + items(x), 0) : 1);

describe('what a correct function sends back', () => {
  it.each(names)('%s: every case’s answer together stays within half of what a sandbox may send for one function, whatever the seed', (name) => {
    for (const seed of [1, 2, 3]) {
      const answers = buildCases(name, seed, KEY).cases.map((testCase) => ('returns' in testCase.expect ? testCase.expect.returns : 0));
      expect(items(answers)).toBeLessThan(LIMITS.itemsPerFunction / 2);
    }
  });
});

describe('edge cases the lessons promise', () => {
  it('mismatched lengths must throw, naming both, for every function built on a pair of vectors', () => {
    for (const name of ['euclidean', 'dot', 'cosine', 'euclideanMatrix', 'euclideanMatrixSymmetric', 'dotMatrix', 'cosineMatrix', 'querySearch', 'topK'] as const) {
      expect(buildCases(name, 1, KEY).cases.some((testCase) => 'throws' in testCase.expect && testCase.expect.throws.mentions.length === 2)).toBe(true);
    }
  });

  it('tie cases are exact ties: the tied documents are identical vectors', () => {
    for (const name of ['querySearch', 'topK'] as const) {
      const ties = buildCases(name, 1, KEY).cases.filter((testCase) => testCase.name.startsWith('ties'));
      expect(ties.length).toBeGreaterThan(0);
      for (const testCase of ties) {
        const documents = (testCase.args[1] as number[][]).map((row) => row.join());
        expect(new Set(documents).size).toBeLessThan(documents.length);
      }
    }
  });

  it('euclideanMatrixSymmetric is graded with a counting distance, and once without one', () => {
    const { cases } = buildCases('euclideanMatrixSymmetric', 1, KEY);
    expect(cases.filter((testCase) => testCase.args.length === 2).length).toBeGreaterThan(5);
    expect(cases.some((testCase) => testCase.args.length === 1 && 'returns' in testCase.expect)).toBe(true);
  });

  it('the counting distance’s values change with the run’s key, so no earlier run can give them away', () => {
    const expectations = (key: string) => buildCases('euclideanMatrixSymmetric', 1, key).cases.map((testCase) => testCase.expect);
    expect(expectations('ff'.repeat(16))).not.toEqual(expectations(KEY));
    const inputs = (key: string) => buildCases('euclideanMatrixSymmetric', 1, key).cases.map((testCase) => testCase.args[0]);
    expect(inputs('ff'.repeat(16))).toEqual(inputs(KEY));
  });
});
