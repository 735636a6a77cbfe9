import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import { countingDistance } from './counting-distance.ts';

const KEY = '00112233445566778899aabbccddeeff';

describe('countingDistance', () => {
  const distance = countingDistance(KEY, sha256);

  it('is symmetric and zero for a vector and itself', () => {
    expect(distance([1, -2, 3], [1, -2, 3])).toBe(0);
    expect(distance([1, 2], [4, -2])).toBe(distance([4, -2], [1, 2]));
  });

  it('gives the same values for the same key, and other values for another key', () => {
    expect(countingDistance(KEY, sha256)([1, 2], [3, 4])).toBe(distance([1, 2], [3, 4]));
    expect(countingDistance('ff'.repeat(16), sha256)([1, 2], [3, 4])).not.toBe(distance([1, 2], [3, 4]));
  });

  it('gives the sandbox’s values in the grader, whose reference hashes with Node’s own SHA-256', () => {
    const [inGrader] = referenceArgs([{ $sandbox: 'counting-distance', key: KEY }]) as [typeof distance];
    const rows = [[1, 2, 3], [-4, 0.5, 1e-9], [7, 7, 7], [0, 0, 0]];
    for (const a of rows) for (const b of rows) expect(inGrader(a, b)).toBe(distance(a, b));
  });

  it('gives no pair’s value from other pairs’ values: the bits of a chain do not combine into the third side', () => {
    const bits = (value: number) => BigInt(Math.round((value / 4) * 2 ** 48));
    const [a, b, c] = [[1, 2], [3, 4], [5, 7]];
    expect(bits(distance(a, b)) ^ bits(distance(b, c))).not.toBe(bits(distance(a, c)));
    expect(Number.isInteger((distance(a, c) / 4) * 2 ** 48)).toBe(true);
  });

  it('bears no relation to the Euclidean or Manhattan distance', () => {
    for (const [a, b] of [[[0], [1]], [[0, 0], [3, 4]], [[1, 1, 1], [1, 1, 1.5]]]) {
      const value = distance(a, b);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(4);
      expect(value).not.toBeCloseTo(REFERENCE.euclidean(a, b), 3);
      expect(value).not.toBeCloseTo(2 * a.reduce((sum, x, i) => sum + Math.abs(x - b[i]), 0), 3);
    }
  });

  it('follows an array the caller changed since an earlier call, though it hashes each array once while it is unchanged', () => {
    const fresh = countingDistance(KEY, sha256);
    const row = [1, 2];
    const before = fresh(row, [3, 4]);
    row[1] = 2.5;
    expect(fresh(row, [3, 4])).toBe(distance([1, 2.5], [3, 4]));
    expect(fresh(row, [3, 4])).not.toBe(before);
    row.push(0);
    expect(fresh(row, [3, 4, 0])).toBe(distance([1, 2.5, 0], [3, 4, 0]));
  });
});
