import { describe, expect, it } from 'vitest';
import { phaseTimes, renderPhaseTimes, timed, type Span } from './timings.ts';

describe('phaseTimes', () => {
  it('counts overlapping spans of a phase once, and orders phases as PHASES does', () => {
    const spans: Span[] = [
      { phase: 'running cases', start: 100, end: 300 },
      { phase: 'running cases', start: 200, end: 400 },
      { phase: 'running cases', start: 500, end: 550 },
      { phase: 'bundling', start: 60, end: 90 },
    ];
    expect(phaseTimes(50, spans)).toEqual([
      { phase: 'start-up', ms: 50, from: 0, to: 50 },
      { phase: 'bundling', ms: 30, from: 60, to: 90 },
      { phase: 'running cases', ms: 350, from: 100, to: 550 },
    ]);
  });

  it('counts a span inside another as nothing more', () => {
    const spans: Span[] = [
      { phase: 'judging', start: 10, end: 100 },
      { phase: 'judging', start: 20, end: 30 },
    ];
    expect(phaseTimes(0, spans).find((time) => time.phase === 'judging')?.ms).toBe(90);
  });
});

describe('timed', () => {
  it('records a span for synchronous and asynchronous work, and passes the result through', async () => {
    const before = performance.now();
    expect(timed('report', () => 7)).toBe(7);
    await expect(timed('type check', () => new Promise((resolve) => setTimeout(() => resolve('done'), 20)))).resolves.toBe('done');
    const times = phaseTimes(before);
    expect(times.find((time) => time.phase === 'report')?.from).toBeGreaterThanOrEqual(before);
    expect(times.find((time) => time.phase === 'type check')?.ms).toBeGreaterThanOrEqual(15);
    expect(renderPhaseTimes(times)).toMatch(/type check\s+\d+ ms/);
  });
});
