import { describe, expect, it } from 'vitest';
import { limiter, replaceFunction } from './submission.ts';

describe('replaceFunction', () => {
  const text = ['export function a(x: number) {', '  return x;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n');
  it('replaces only the named function, up to its own closing line', () => {
    expect(replaceFunction(text, 'a', 'export function a(x: number) {\n  return 0;\n}')).toBe(
      ['export function a(x: number) {', '  return 0;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n'),
    );
  });
  it('throws when the function is missing', () => {
    expect(() => replaceFunction(text, 'abc', '')).toThrow(/found 0/);
  });
});

describe('limiter', () => {
  it('never runs more tasks at once than allowed, and runs them all', async () => {
    const limited = limiter(2);
    let running = 0;
    let most = 0;
    const task = async (i: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return i;
    };
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => limited(() => task(i))))).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
