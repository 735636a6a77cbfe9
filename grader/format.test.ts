import { describe, expect, it } from 'vitest';
import { formatCall, formatNumber, formatValue, jsonSafe } from './format.ts';
import { COUNTING_DISTANCE_DESCRIPTION } from './cases/counting-distance.ts';

const EUCLIDEAN = 'euclidean(a: readonly number[], b: readonly number[]): number';
const SYMMETRIC =
  'euclideanMatrixSymmetric(vectors: readonly (readonly number[])[], distance?: (a: readonly number[], b: readonly number[]) => number): number[][]';
const TOP_K = 'topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[]';

describe('formatNumber', () => {
  it('prints integers whole', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-7)).toBe('-7');
    expect(formatNumber(123456789012)).toBe('123456789012');
  });

  it('keeps eight significant digits and drops float noise', () => {
    expect(formatNumber(1 / 3)).toBe('0.33333333');
    expect(formatNumber(123456.789)).toBe('123456.79');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-2.5)).toBe('-2.5');
    expect(formatNumber(1e-7)).toBe('1e-7');
  });

  it('names the values JSON cannot hold, and keeps the sign of −0', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('Infinity');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
    // −0 and 0 look identical with String(); the feedback must be able to show the difference.
    expect(formatNumber(-0)).toBe('-0');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('formatValue', () => {
  it('shows a small vector whole', () => {
    expect(formatValue([1, 2.5, -3])).toBe('[1, 2.5, -3]');
    expect(formatValue([])).toBe('[]');
  });

  it('shows a long vector as its length and both ends', () => {
    const v = Array.from({ length: 384 }, (_, i) => i / 10);
    expect(formatValue(v)).toBe('384 numbers [0, 0.1, 0.2, …, 38.1, 38.2, 38.3]');
    // Seven is the first length that no longer fits whole.
    expect(formatValue([1, 2, 3, 4, 5, 6])).toBe('[1, 2, 3, 4, 5, 6]');
    expect(formatValue([1, 2, 3, 4, 5, 6, 7])).toBe('7 numbers [1, 2, 3, …, 5, 6, 7]');
  });

  it('shows a small matrix whole', () => {
    expect(formatValue([[0, 5], [5, 0]])).toBe('[[0, 5], [5, 0]]');
  });

  it('summarises a big matrix by its shape and the first and last rows', () => {
    const rows = Array.from({ length: 4 }, (_, r) => Array.from({ length: 384 }, (_, c) => r * 1000 + c));
    expect(formatValue(rows)).toBe('4×384 matrix [[0, 1, 2, …], …, [3000, 3001, 3002, …]]');
    expect(formatValue(rows.slice(0, 2))).toBe('2×384 matrix [[0, 1, 2, …], [1000, 1001, 1002, …]]');
  });

  it('names a typed array and shows its numbers', () => {
    expect(formatValue(new Float64Array([1, 0.5]))).toBe('Float64Array [1, 0.5]');
    // Float32 0.1 is 0.100000001…: eight digits hide the storage noise.
    expect(formatValue(new Float32Array([0.1]))).toBe('Float32Array [0.1]');
  });

  it('quotes strings and shortens long ones', () => {
    expect(formatValue('3')).toBe('"3"');
    expect(formatValue('x'.repeat(70))).toBe(`"${'x'.repeat(60)}…"`);
  });

  it('describes bigints, null, undefined and objects', () => {
    expect(formatValue(5n)).toBe('5n');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue({ a: 1 })).toBe('an object');
    expect(formatValue(Object.create(null))).toBe('an object');
    expect(formatValue(new Map())).toBe('a Map');
    expect(formatValue(true)).toBe('true');
  });
});

describe('formatCall', () => {
  it('labels each argument with the parameter name from the signature', () => {
    expect(formatCall(EUCLIDEAN, 'euclidean', [[0, 0], [3, 4]])).toBe('euclidean(a: [0, 0], b: [3, 4])');
  });

  it('leaves extra arguments unlabelled rather than inventing names', () => {
    expect(formatCall(EUCLIDEAN, 'euclidean', [[0], [1], 2])).toBe('euclidean(a: [0], b: [1], 2)');
  });

  it('renders the counting-distance stand-in as words, not as an object', () => {
    const text = formatCall(SYMMETRIC, 'euclideanMatrixSymmetric', [[[0, 0], [3, 4]], { $sandbox: 'counting-distance' }]);
    expect(text).toContain(COUNTING_DISTANCE_DESCRIPTION);
    expect(text).toContain('vectors: [[0, 0], [3, 4]]');
    expect(text).not.toContain('an object');
  });

  // Fails today: the parameter list is cut at the first `)`, which here closes `(readonly number[])`, so every
  // name after a parenthesised type is lost and `distance` goes unlabelled.
  it('names a function-typed parameter that follows a parenthesised type', () => {
    expect(formatCall(SYMMETRIC, 'euclideanMatrixSymmetric', [[[0, 0], [3, 4]], { $sandbox: 'counting-distance' }])).toBe(
      `euclideanMatrixSymmetric(vectors: [[0, 0], [3, 4]], distance: ${COUNTING_DISTANCE_DESCRIPTION})`,
    );
  });

  // Fails today, same cause: the curriculum's topK signature loses `k`.
  it('names a parameter that follows a parenthesised type (topK)', () => {
    expect(formatCall(TOP_K, 'topK', [[1, 0], [[1, 0], [0, 1]], 1])).toBe('topK(query: [1, 0], documents: [[1, 0], [0, 1]], k: 1)');
  });
});

describe('jsonSafe', () => {
  it('turns NaN and infinities into strings, at any depth', () => {
    expect(jsonSafe(Number.NaN)).toBe('NaN');
    expect(jsonSafe(-Infinity)).toBe('-Infinity');
    expect(jsonSafe([1, Number.NaN, Infinity])).toEqual([1, 'NaN', 'Infinity']);
    expect(jsonSafe([[1, 2], [3, Number.NaN]])).toEqual([[1, 2], [3, 'NaN']]);
  });

  it('keeps small values as they are, so the JSON report holds the real numbers', () => {
    expect(jsonSafe(2.5)).toBe(2.5);
    expect(jsonSafe([[0, 5], [5, 0]])).toEqual([[0, 5], [5, 0]]);
    expect(jsonSafe('text')).toBe('text');
  });

  it('summarises arrays with more numbers than the limit, counting matrix entries', () => {
    const long = Array.from({ length: 65 }, (_, i) => i);
    expect(jsonSafe(long)).toBe(formatValue(long));
    expect(jsonSafe(long.slice(0, 64))).toEqual(long.slice(0, 64));
    // 9 rows × 8 = 72 numbers: over 64, though only 9 top-level entries.
    const matrix = Array.from({ length: 9 }, () => Array.from({ length: 8 }, () => 1));
    expect(typeof jsonSafe(matrix)).toBe('string');
    expect(jsonSafe([1, 2, 3], 2)).toBe('[1, 2, 3]');
  });

  it('describes values JSON cannot carry as they are', () => {
    expect(jsonSafe(new Float64Array([1, 2]))).toBe('Float64Array [1, 2]');
    expect(jsonSafe(7n)).toBe('7n');
    expect(jsonSafe({ a: 1 })).toBe('an object');
  });

  it('output survives a JSON round trip unchanged', () => {
    const value = jsonSafe([[1, Number.NaN], [-Infinity, 0.5]]);
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });
});
