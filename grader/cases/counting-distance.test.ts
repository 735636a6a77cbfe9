import { describe, expect, it } from 'vitest';
import { REFERENCE } from '../reference.ts';
import { countingMetric } from './counting-distance.ts';

describe('countingMetric', () => {
  it('is a metric: zero for a vector and itself, symmetric', () => {
    expect(countingMetric([1, -2, 3], [1, -2, 3])).toBe(0);
    expect(countingMetric([1, 2], [4, -2])).toBe(countingMetric([4, -2], [1, 2]));
  });

  it('differs from the Euclidean distance for any two different vectors, even of one component', () => {
    for (const [a, b] of [[[0], [1]], [[0, 0], [3, 4]], [[1, 1, 1], [1, 1, 1.5]]]) {
      expect(countingMetric(a, b)).not.toBeCloseTo(REFERENCE.euclidean(a, b), 3);
    }
  });
});
