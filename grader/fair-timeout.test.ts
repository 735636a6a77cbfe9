import { describe, expect, it } from 'vitest';
import { BUSY_GRACE_MS, fairTimeout } from './fair-timeout.ts';

const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the grader busy with something else
  }
};

describe('fairTimeout', () => {
  it('fires after its time, and not at all once cancelled', async () => {
    const started = performance.now();
    const fired = await new Promise<number>((resolve) => fairTimeout(50, () => resolve(performance.now())));
    // Node's timers count whole milliseconds: one may come a fraction early.
    expect(fired - started).toBeGreaterThanOrEqual(49);
    let late = false;
    const cancel = fairTimeout(20, () => (late = true));
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(late).toBe(false);
  });

  it('gives back the time the grader was too busy to notice anything: its timer fires that much later', async () => {
    const busy = 400;
    const started = performance.now();
    const fired = new Promise<number>((resolve) => fairTimeout(100, () => resolve(performance.now())));
    block(busy);
    // Due at 100 ms, noticed at 400 ms: 300 ms late, past the grace, so it waits 300 ms more.
    expect((await fired) - started).toBeGreaterThanOrEqual(busy + (busy - 100) - BUSY_GRACE_MS - 1);
  });
});
