import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE, allFunctions, type FunctionName } from '../../curriculum/index.ts';
import { compare, type Expected } from '../compare.ts';
import { REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import { argumentsOf, type Args } from './arbitraries.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const names = allFunctions().map(({ spec }) => spec.name as FunctionName);

/** `count` draws of a function's arguments, biased like the grader's. */
function draws(name: FunctionName, count: number, seed = 5): Args[] {
  const arbitrary = argumentsOf(name, KEY);
  const random = new fc.Random(xoroshiro128plus(seed));
  return Array.from({ length: count }, () => arbitrary.generate(random, 3).value);
}

type Vector = readonly number[];
const vectorsIn = (args: Args): Vector[] => args.flatMap((arg) => (Array.isArray(arg) ? (Array.isArray(arg[0]) ? (arg as Vector[]) : [arg as Vector]) : []));

// Other correct formulas, in other orders of arithmetic: whatever the grader draws, they must agree with the reference.
const kahanDot = (a: Vector, b: Vector) => {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < a.length; i++) {
    const term = a[i] * b[i] - carry;
    const next = sum + term;
    carry = next - sum - term;
    sum = next;
  }
  return sum;
};
const hypotCosine = (a: Vector, b: Vector) => {
  const na = Math.hypot(...a);
  const nb = Math.hypot(...b);
  return na === 0 || nb === 0 ? 0 : a.reduce((sum, x, i) => sum + (x / na) * (b[i] / nb), 0);
};
const rank = (query: Vector, documents: readonly Vector[]) => {
  const scores = documents.map((document) => hypotCosine(query, document));
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
};
const OTHER_FORMULAS: Partial<Record<FunctionName, (...args: never[]) => unknown>> = {
  dot: kahanDot,
  dotMatrix: (rows: Vector[]) => rows.map((a) => rows.map((b) => kahanDot(a, b))),
  cosine: hypotCosine,
  cosineMatrix: (rows: Vector[]) => rows.map((a) => rows.map((b) => hypotCosine(a, b))),
  euclidean: (a: Vector, b: Vector) => Math.hypot(...a.map((x, i) => x - b[i])),
  norm: (v: Vector) => Math.hypot(...v),
  querySearch: (query: Vector, documents: Vector[]) => rank(query, documents)[0],
  topK: (query: Vector, documents: Vector[], k: number) => rank(query, documents).slice(0, k),
};

describe.each(names)('the draws of %s', (name) => {
  const drawn = draws(name, 80);

  it('are valid inputs: vectors of one length, every number 0 or between 1e-150 and 1e150 in size, as the rules promise', () => {
    for (const args of drawn) {
      const vectors = vectorsIn(args);
      expect(new Set(vectors.map((v) => v.length)).size, JSON.stringify(args).slice(0, 200)).toBe(1);
      for (const x of vectors.flat()) expect(x === 0 || (Math.abs(x) >= 1e-150 && Math.abs(x) <= 1e150), String(x)).toBe(true);
      if (name === 'topK') expect(Number.isInteger(args[2]) && (args[2] as number) >= 0 && (args[2] as number) <= (args[1] as Vector[]).length + 1).toBe(true);
    }
  });

  it('are well posed: the reference gives finite answers, and other correct formulas the same ones', () => {
    const reference = REFERENCE[name] as (...args: unknown[]) => unknown;
    const other = OTHER_FORMULAS[name] as ((...args: unknown[]) => unknown) | undefined;
    for (const args of drawn) {
      const expected = reference(...referenceArgs(args));
      expect(JSON.stringify(expected)).not.toMatch(/null/); // NaN and ±Infinity turn into null
      if (other) expect(compare(other(...args), expected as Expected, name === 'querySearch' || name === 'topK' ? { rtol: 0, atol: 0 } : DEFAULT_TOLERANCE).ok, JSON.stringify(args).slice(0, 300)).toBe(true);
    }
  });
});

describe('the draws, across many', () => {
  const some = (name: FunctionName, count: number, test: (args: Args) => boolean) => draws(name, count, 11).some(test);

  it('reach what the fixed cases cannot: zero vectors, 1e±100 scales, over 1000 components, over 32 rows, thousands of documents, all-negative scores', () => {
    expect(some('cosine', 200, (args) => vectorsIn(args).some((v) => v.every((x) => x === 0)))).toBe(true);
    expect(some('cosine', 200, (args) => vectorsIn(args).some((v) => v.some((x) => Math.abs(x) > 1e100)))).toBe(true);
    expect(some('cosine', 200, (args) => vectorsIn(args).some((v) => v.some((x) => x !== 0 && Math.abs(x) < 1e-100)))).toBe(true);
    expect(some('euclidean', 300, (args) => (args[0] as Vector).length > 1000)).toBe(true);
    expect(some('normalize', 300, (args) => (args[0] as Vector[]).length > 32)).toBe(true);
    expect(some('querySearch', 300, (args) => (args[1] as Vector[]).length > 1000)).toBe(true);
    expect(some('querySearch', 300, ([query, documents]) => (documents as Vector[]).every((d) => REFERENCE.cosine(query as Vector, d) < 0))).toBe(true);
  });

  it('stay within the promised range even in rare draws (multiples, near pairs, nearly orthogonal ones)', () => {
    for (const [name, count] of [['cosine', 600], ['normalize', 150]] as const) {
      const numbers = draws(name, count, 17).flatMap((args) => vectorsIn(args).flat());
      expect(numbers.filter((x) => x !== 0 && !(Math.abs(x) >= 1e-150 && Math.abs(x) <= 1e150)).slice(0, 3)).toEqual([]);
    }
  });

  it('are the same for the same seed', () => {
    expect(draws('topK', 20, 3)).toEqual(draws('topK', 20, 3));
    expect(draws('topK', 20, 3)).not.toEqual(draws('topK', 20, 4));
  });
});
