// Where a grade's time goes, for `--timings` and `npm run bench:grade`: spans of named phases on one clock, in
// ms since the process started. Lessons are graded side by side, so spans of one phase overlap and several
// phases run at once: each phase is given the wall time its spans cover together, not their sum.
export const PHASES = ['start-up', 'cases', 'bundling', 'sandbox start', 'running cases', 'judging', 'counterexamples', 'type check', 'report'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseTime {
  readonly phase: Phase;
  /** Wall time covered by the phase's spans. */
  readonly ms: number;
  /** When its first span began and its last ended, in ms since the process started. */
  readonly from: number;
  readonly to: number;
}

export interface Span {
  readonly phase: Phase;
  readonly start: number;
  readonly end: number;
}

const spans: Span[] = [];

/** Records that `phase` ran from `start` (a `performance.now()`) until now. */
export function spanEnded(phase: Phase, start: number): void {
  spans.push({ phase, start, end: performance.now() });
}

/** Runs `work` as a span of `phase`. */
export function timed<T>(phase: Phase, work: () => T): T {
  const start = performance.now();
  const result = work();
  if (result instanceof Promise) {
    return result.finally(() => spanEnded(phase, start)) as T;
  }
  spanEnded(phase, start);
  return result;
}

/** The phases so far, in the order of PHASES; `start-up` is the time before `startedAt` (the command's start). */
export function phaseTimes(startedAt: number, recorded: readonly Span[] = spans): PhaseTime[] {
  const all: Span[] = [{ phase: 'start-up', start: 0, end: startedAt }, ...recorded];
  return PHASES.flatMap((phase) => {
    const own = all.filter((span) => span.phase === phase).sort((a, b) => a.start - b.start);
    if (own.length === 0) return [];
    let covered = 0;
    let reached = -Infinity;
    for (const { start, end } of own) {
      covered += Math.max(0, end - Math.max(start, reached));
      reached = Math.max(reached, end);
    }
    return [{ phase, ms: covered, from: own[0].start, to: reached }];
  });
}

/** The phases as a text table for stderr. */
export function renderPhaseTimes(times: readonly PhaseTime[]): string {
  const rows = times.map(({ phase, ms, from, to }) => `  ${phase.padEnd(16)}${ms.toFixed(0).padStart(6)} ms   (${from.toFixed(0)}–${to.toFixed(0)} ms)`);
  return `Where the time went (phases overlap; from–to in ms since the process started):\n${rows.join('\n')}\n`;
}
