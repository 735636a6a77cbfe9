import { existsSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { allFunctions, type FunctionName } from '../../curriculum/index.ts';
import { REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import { LIMITS } from '../sandbox/protocol.ts';
import { buildCases } from './index.ts';
import { fileOf, keptCases } from './kept.ts';

const names = allFunctions().map(({ spec }) => spec.name as FunctionName);
const KEY = '0123456789abcdef0123456789abcdef';

const cases = async (name: FunctionName, seed = 1, key = KEY) => (await buildCases(name, seed, key)).cases;
const seedOne = new Map(await Promise.all(names.map(async (name) => [name, await cases(name)] as const)));

describe.each(names)('%s', (name) => {
  const drawn = seedOne.get(name)!;

  it('has fixed Bugs cases, random cases and edge cases, with unique names', () => {
    expect(drawn.some((testCase) => /Bugs/.test(testCase.name))).toBe(true);
    expect(drawn.some((testCase) => /random/.test(testCase.name))).toBe(true);
    expect(drawn.length).toBeGreaterThanOrEqual(10);
    expect(new Set(drawn.map((testCase) => testCase.name)).size).toBe(drawn.length);
  });

  it('covers dimensions from 1 to 384 and beyond', () => {
    const lengths = drawn.flatMap((testCase) => testCase.args.flatMap((arg) => (Array.isArray(arg) ? (Array.isArray(arg[0]) ? arg.map((row) => (row as number[]).length) : [arg.length]) : [])));
    expect(lengths.filter((n) => n > 0).reduce((a, b) => Math.min(a, b))).toBe(1);
    expect(lengths.reduce((a, b) => Math.max(a, b))).toBeGreaterThanOrEqual(384);
  });

  it('is the same for the same seed and differs for another', async () => {
    expect(await cases(name)).toEqual(drawn);
    expect(await cases(name, 2)).not.toEqual(drawn);
  });

  it('when kept in memory only (a secret seed), is given back to this process and never written to disk', async () => {
    const seed = 1_000_000 + (Date.now() % 1_000_000);
    await buildCases(name, seed, KEY, { keep: 'memory' });
    expect(keptCases(name, seed, false)).toBeDefined();
    expect(existsSync(fileOf(name, seed))).toBe(false);
  });

  it('is the same when kept and read back, under another run’s counting key too', async () => {
    const seed = 424242;
    const other = 'ee'.repeat(16);
    await buildCases(name, seed, KEY, { keep: true });
    expect(keptCases(name, seed)).toBeDefined();
    const kept = await buildCases(name, seed, other, { keep: true });
    const fresh = await buildCases(name, seed, other);
    expect(kept.cases).toEqual(fresh.cases);
    // The arguments as the sandbox gets them: serialized anew where the run's counting key is in them.
    expect(kept.calls.map((bytes) => deserialize(bytes))).toEqual(fresh.cases.map((testCase) => testCase.args));
    expect(kept.numbers).toEqual(fresh.numbers);
    expect(kept.random).toMatchObject({ first: fresh.random.first, count: fresh.random.count });
    expect((await kept.random.draw()).draws.map((draw) => draw.value)).toEqual(fresh.cases.slice(fresh.random.first, fresh.random.first + fresh.random.count).map((testCase) => testCase.args));
  });

  it('takes every expected value from the reference', () => {
    for (const testCase of drawn) {
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
  it.each(names)('%s: every case’s answer together stays within half of what a sandbox may send for one function, whatever the seed', async (name) => {
    for (const seed of [1, 2, 3]) {
      const answers = (await cases(name, seed)).map((testCase) => ('returns' in testCase.expect ? testCase.expect.returns : 0));
      expect(items(answers)).toBeLessThan(LIMITS.itemsPerFunction / 2);
    }
  });
});

describe('edge cases the lessons promise', () => {
  it('mismatched lengths must throw, naming both, for every function built on a pair of vectors', () => {
    for (const name of ['euclidean', 'dot', 'cosine', 'euclideanMatrix', 'euclideanMatrixSymmetric', 'dotMatrix', 'cosineMatrix', 'querySearch', 'topK'] as const) {
      expect(seedOne.get(name)!.some((testCase) => 'throws' in testCase.expect && testCase.expect.throws.mentions.length === 2)).toBe(true);
    }
  });

  it('tie cases are exact ties: the tied documents are identical vectors', () => {
    for (const name of ['querySearch', 'topK'] as const) {
      const ties = seedOne.get(name)!.filter((testCase) => testCase.name.startsWith('ties'));
      expect(ties.length).toBeGreaterThan(0);
      for (const testCase of ties) {
        const documents = (testCase.args[1] as number[][]).map((row) => row.join());
        expect(new Set(documents).size).toBeLessThan(documents.length);
      }
    }
  });

  it('euclideanMatrixSymmetric is graded with a counting distance, and once without one', () => {
    const symmetric = seedOne.get('euclideanMatrixSymmetric')!;
    expect(symmetric.filter((testCase) => testCase.args.length === 2).length).toBeGreaterThan(5);
    expect(symmetric.some((testCase) => testCase.args.length === 1 && 'returns' in testCase.expect)).toBe(true);
  });

  it('the counting distance’s values change with the run’s key, so no earlier run can give them away', async () => {
    const expectations = async (key: string) => (await cases('euclideanMatrixSymmetric', 1, key)).map((testCase) => testCase.expect);
    expect(await expectations('ff'.repeat(16))).not.toEqual(await expectations(KEY));
    const inputs = async (key: string) => (await cases('euclideanMatrixSymmetric', 1, key)).map((testCase) => testCase.args[0]);
    expect(await inputs('ff'.repeat(16))).toEqual(await inputs(KEY));
  });
});
