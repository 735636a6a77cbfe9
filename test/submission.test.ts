import { describe, expect, it } from 'vitest';
import { limiter } from './submission.ts';

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
