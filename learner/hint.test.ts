import { describe, expect, it } from 'vitest';
import { MISTAKE_HINTS, findFunction } from '../curriculum/index.ts';
import type { ExerciseResult } from '../grader/types.ts';
import { nextHint } from './hint.ts';

const located = findFunction('euclidean')!;
const { hints } = located.spec;
const failing = (extra: Partial<ExerciseResult> = {}): ExerciseResult => ({ lesson: '01-euclidean', function: 'euclidean', status: 'fail', score: 0, maxScore: 1, summary: 'wrong', cases: [], hints, ...extra });

describe('nextHint', () => {
  it('gives one more hint each time, then the last one again; --all gives them all', () => {
    let progress = { hintsShown: {} };
    const seen: number[][] = [];
    for (let i = 0; i < hints.length + 1; i++) {
      const next = nextHint(located, failing(), false, progress);
      seen.push(next.hint.shown.map(({ number }) => number));
      progress = next.progress;
    }
    expect(seen).toEqual([...hints.map((_, i) => [i + 1]), [hints.length]]);
    expect(nextHint(located, failing(), true, { hintsShown: {} }).hint.shown.map(({ text }) => text)).toEqual(hints);
  });

  it('starts with the hint that fits the mistake the grader names, and says which mistake', () => {
    const mistake = { id: 'squared-distance', title: 'squared distance (missing square root)', explanation: '…' };
    const { hint } = nextHint(located, failing({ mistake, hints: [MISTAKE_HINTS['squared-distance'], ...hints] }), false, { hintsShown: {} });
    expect(hint.shown).toEqual([{ number: 1, text: MISTAKE_HINTS['squared-distance'] }]);
    expect(hint.total).toBe(hints.length + 1);
    expect(hint.text).toMatch(/^The grader names a mistake in euclidean \(01-euclidean\/exercise\.ts\): squared distance \(missing square root\)\.\nHint 1 of 4: /);
  });

  it('counts each function apart', () => {
    const { progress } = nextHint(located, failing(), false, { hintsShown: { dot: 2 } });
    expect(progress.hintsShown).toEqual({ dot: 2, euclidean: 1 });
  });
});
