// The reference solutions against independent mathjs computations, on seeded random inputs and every
// edge case the lessons promise. The grader trusts these solutions, so they must be right.
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../test/expect-allclose.ts';
import { createRandom } from '../lib/random.ts';
import { euclidean, euclideanMatrix, euclideanMatrixSymmetric } from './01-euclidean/exercise.ts';
import { dot, dotDistanceMatrix, dotMatrix } from './02-dot-product/exercise.ts';
import { norm, normalize, norms } from './03-normalize/exercise.ts';
import { cosine, cosineDistanceMatrix, cosineMatrix } from './04-cosine/exercise.ts';
import { querySearch, topK } from './05-query-search/exercise.ts';

type Rows = number[][];
const DIMENSIONS = [1, 2, 3, 7, 64, 384];
const random = createRandom(20261127);


function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(deepFreeze);
  return Object.freeze(value);
}

const mathCosine = (a: number[], b: number[]) => {
  const lengths = (math.norm(a) as number) * (math.norm(b) as number);
  return lengths === 0 ? 0 : (math.dot(a, b) as number) / lengths;
};
const mathNormalize = (rows: Rows) =>
  rows.map((row) => {
    const length = math.norm(row) as number;
    return length === 0 ? row.map(() => 0) : (math.divide(row, length) as number[]);
  });
const mathGram = (rows: Rows) => math.multiply(rows, math.transpose(rows)) as Rows;

describe('against mathjs on seeded random inputs', () => {
  for (const dimension of DIMENSIONS) {
    const rows = deepFreeze(random.matrix(random.int(2, 6), dimension, -3, 3));
    const [a, b] = rows;
    it(`dimension ${dimension}, ${rows.length} vectors`, () => {
      expectAllClose(euclidean(a, b), math.distance(a, b) as number);
      const distances = rows.map((x) => rows.map((y) => math.norm(math.subtract(x, y) as number[]) as number));
      expectAllClose(euclideanMatrix(rows), distances);
      expectAllClose(euclideanMatrixSymmetric(rows), distances);
      expectAllClose(dot(a, b), math.dot(a, b));
      expectAllClose(dotMatrix(rows), mathGram(rows));
      expectAllClose(dotDistanceMatrix(rows), math.unaryMinus(mathGram(rows)) as Rows);
      expectAllClose(norm(a), math.norm(a) as number);
      expectAllClose(norms(rows), rows.map((row) => math.norm(row) as number));
      expectAllClose(normalize(rows), mathNormalize(rows));
      expectAllClose(cosine(a, b), mathCosine(a, b));
      expectAllClose(cosineMatrix(rows), mathGram(mathNormalize(rows)));
      expectAllClose(cosineDistanceMatrix(rows), math.subtract(1, mathGram(mathNormalize(rows))) as Rows);
      const scores = rows.map((row) => mathCosine(a.map((x) => -x), row));
      const ranked = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
      expect(querySearch(a.map((x) => -x), rows)).toBe(ranked[0]);
      expect(topK(a.map((x) => -x), rows, 3)).toEqual(ranked.slice(0, 3));
    });
  }
});

describe('mismatched lengths throw an Error naming both lengths', () => {
  const short = [1, 2, 3];
  const long = [1, 2, 3, 4, 5];
  const cases: [string, () => unknown][] = [
    ['euclidean', () => euclidean(short, long)],
    ['dot', () => dot(short, long)],
    ['cosine', () => cosine(short, long)],
    ['euclideanMatrix', () => euclideanMatrix([short, long])],
    ['euclideanMatrixSymmetric', () => euclideanMatrixSymmetric([short, long])],
    ['dotMatrix', () => dotMatrix([short, long])],
    ['cosineMatrix', () => cosineMatrix([short, long])],
    ['querySearch', () => querySearch(short, [long])],
    ['topK', () => topK(short, [long], 1)],
  ];
  it.each(cases)('%s', (_, call) => {
    expect(call).toThrow(Error);
    expect(call).toThrow(/\b3\b.*\b5\b/);
  });
});

describe('edge cases', () => {
  it('one component', () => {
    expect(euclidean([2], [-1])).toBe(3);
    expect(dot([2], [-1])).toBe(-2);
    expect(norm([-4])).toBe(4);
    expect(cosine([2], [-1])).toBe(-1);
  });

  it('one vector gives a 1×1 matrix', () => {
    expect(euclideanMatrix([[1, 2]])).toEqual([[0]]);
    expect(euclideanMatrixSymmetric([[1, 2]])).toEqual([[0]]);
    expect(dotMatrix([[1, 2]])).toEqual([[5]]);
    expectAllClose(cosineMatrix([[1, 2]]), [[1]]);
    expect(querySearch([1, 2], [[3, 4]])).toBe(0);
  });

  it('a zero vector normalizes to zeros and has cosine 0 with anything', () => {
    expect(normalize([[0, 0, 0], [0, 3, 4]])).toEqual([[0, 0, 0], [0, 0.6, 0.8]]);
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(cosine([0, 0], [0, 0])).toBe(0);
    expect(cosineMatrix([[0, 0], [1, 0]])).toEqual([[0, 0], [0, 1]]);
    expect(cosineDistanceMatrix([[0, 0], [1, 0]])).toEqual([[1, 1], [1, 0]]);
    expect(norms([[0, 0]])).toEqual([0]);
  });

  it('euclideanMatrixSymmetric calls distance once per unordered pair, never on the diagonal', () => {
    const rows = random.matrix(6, 5);
    const calls: [number, number][] = [];
    const counting = (a: readonly number[], b: readonly number[]) => {
      calls.push([rows.indexOf(a as number[]), rows.indexOf(b as number[])]);
      return euclidean(a, b);
    };
    const matrix = euclideanMatrixSymmetric(rows, counting);
    expect(calls).toHaveLength((6 * 5) / 2);
    expect(calls.every(([i, j]) => i !== j && i >= 0 && j >= 0)).toBe(true);
    expect(new Set(calls.map(([i, j]) => `${Math.min(i, j)},${Math.max(i, j)}`)).size).toBe(15);
    expectAllClose(matrix, euclideanMatrix(rows));
  });

  it('dot and cosine distances are the negation and complement of the similarities', () => {
    const rows = random.matrix(3, 4);
    expect(dotDistanceMatrix(rows)).toEqual(dotMatrix(rows).map((row) => row.map((x) => -x)));
    expect(cosineDistanceMatrix(rows)).toEqual(cosineMatrix(rows).map((row) => row.map((x) => 1 - x)));
  });

  it('querySearch breaks ties by the lowest index and refuses no documents', () => {
    expect(querySearch([1, 0], [[0, 1], [2, 0], [5, 0]])).toBe(1);
    expect(querySearch([1, 0], [[0, 0], [0, 0]])).toBe(0);
    expect(() => querySearch([1, 0], [])).toThrow(/no documents/);
  });

  it('topK orders by similarity then index, and validates k', () => {
    const documents = [[0, 1], [1, 0], [3, 0], [1, 1], [-1, 0]];
    expect(topK([1, 0], documents, 3)).toEqual([1, 2, 3]);
    expect(topK([1, 0], documents, 99)).toEqual([1, 2, 3, 0, 4]);
    expect(topK([1, 0], documents, 0)).toEqual([]);
    expect(topK([1, 0], [], 2)).toEqual([]);
    expect(() => topK([1, 0], documents, -1)).toThrow(/k must be/);
    expect(() => topK([1, 0], documents, 1.5)).toThrow(/k must be/);
    expect(() => topK([1, 0], documents, Number.NaN)).toThrow(/k must be/);
  });

  it('never modifies its arguments (frozen inputs would throw on any write)', () => {
    const rows = deepFreeze(random.matrix(4, 6));
    const query = deepFreeze(random.vector(6));
    expect(() => {
      euclideanMatrix(rows);
      euclideanMatrixSymmetric(rows);
      dotDistanceMatrix(rows);
      normalize(rows);
      cosineDistanceMatrix(rows);
      topK(query, rows, 4);
      querySearch(query, rows);
    }).not.toThrow();
  });

  it('returns plain arrays of numbers', () => {
    const rows = random.matrix(3, 2);
    for (const matrix of [euclideanMatrix(rows), dotMatrix(rows), normalize(rows), cosineMatrix(rows)]) {
      expect(Array.isArray(matrix) && matrix.every(Array.isArray)).toBe(true);
    }
    expect(Array.isArray(norms(rows))).toBe(true);
  });
});
