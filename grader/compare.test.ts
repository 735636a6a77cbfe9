import { describe, expect, it } from 'vitest';
import { compare, isClose } from './compare.ts';

const tol = { rtol: 1e-5, atol: 1e-8 };

describe('isClose follows numpy allclose', () => {
  it('scales the tolerance with the expected value', () => {
    expect(isClose(100.0009, 100, tol)).toBe(true);
    expect(isClose(100.0011, 100, tol)).toBe(false);
    expect(isClose(5e-9, 0, tol)).toBe(true);
    expect(isClose(2e-8, 0, tol)).toBe(false);
  });
  it('never matches NaN, and infinities only themselves', () => {
    expect(isClose(Number.NaN, Number.NaN, tol)).toBe(false);
    expect(isClose(Number.NaN, 1, tol)).toBe(false);
    expect(isClose(Infinity, 1e308, tol)).toBe(false);
    expect(isClose(-Infinity, -Infinity, tol)).toBe(true);
  });
  it('treats −0 as 0', () => {
    expect(isClose(-0, 0, tol)).toBe(true);
    expect(compare([[-0, 1]], [[0, 1]], tol).ok).toBe(true);
  });
});

describe('compare', () => {
  it('checks the type first', () => {
    const result = compare('5', 5, tol);
    expect(result).toMatchObject({ ok: false, kind: 'type', message: 'expected a number, got a string' });
    expect(compare(5n, 5, tol)).toMatchObject({ ok: false, kind: 'type', message: 'expected a number, got a bigint' });
    expect(compare({ length: 2, 0: 1, 1: 2 }, [1, 2], tol)).toMatchObject({ ok: false, kind: 'type' });
  });

  it('reports a wrong shape before any wrong value', () => {
    const result = compare([[1, 99], [3]], [[1, 2], [3, 4]], tol);
    expect(result).toMatchObject({ ok: false, kind: 'shape', index: [1] });
    expect(compare([1, 2, 3], [[1, 2, 3]], tol)).toMatchObject({ ok: false, kind: 'shape', index: [] });
    expect(compare([1], [[1]], tol)).toMatchObject({ ok: false, kind: 'type', index: [0] });
  });

  it('locates the first wrong value and measures the error', () => {
    const result = compare([[1, 2], [3, 4.5]], [[1, 2], [3, 4]], tol);
    expect(result).toMatchObject({
      ok: false,
      kind: 'value',
      index: [1, 1],
      actualValue: 4.5,
      expectedValue: 4,
      absoluteError: 0.5,
      relativeError: 0.125,
      mismatches: 1,
    });
  });

  it('rejects NaN where a number was expected', () => {
    expect(compare([Number.NaN, 1], [0, 1], tol)).toMatchObject({ ok: false, kind: 'value', index: [0] });
  });

  it('lets NaN match NaN only when asked (equalNan, as numpy), and never NaN match a number', () => {
    expect(compare([Number.NaN, 1], [Number.NaN, 1], tol).ok).toBe(false);
    expect(compare([Number.NaN, 1], [Number.NaN, 1], tol, { equalNan: true }).ok).toBe(true);
    expect(compare([Number.NaN, 1], [0, 1], tol, { equalNan: true }).ok).toBe(false);
  });

  it('says where and what in eight significant digits, without rounding noise', () => {
    expect(compare([[0.5]], [[1.0000000000000002]], tol)).toMatchObject({ ok: false, message: 'expected 1 at [0][0], got 0.5' });
  });

  it('grades typed arrays by their numbers and says so', () => {
    const result = compare(new Float64Array([1, 2]), [1, 2], tol);
    expect(result.ok).toBe(true);
    expect(result.notes[0]).toMatch(/Float64Array where a plain array was asked/);
  });
});
