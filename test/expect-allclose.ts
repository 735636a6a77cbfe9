// One assertion for every test that compares numbers: the grader's own allclose, so tests and grading agree.
import { expect } from 'vitest';
import { DEFAULT_TOLERANCE, type Tolerance } from '../curriculum/index.ts';
import { compare, type Expected } from '../grader/compare.ts';

export function expectAllClose(actual: unknown, expected: Expected, tolerance: Partial<Tolerance> = {}): void {
  const result = compare(actual, expected, { ...DEFAULT_TOLERANCE, ...tolerance });
  expect(result.ok, result.ok ? '' : `${result.message} (tolerance ${JSON.stringify({ ...DEFAULT_TOLERANCE, ...tolerance })})`).toBe(true);
}
