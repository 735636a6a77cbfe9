import { describe, expect, it } from 'vitest';
import { MISTAKE_HINTS, findFunction } from '../curriculum/index.ts';
import { BEHAVIOUR_MISTAKES, KNOWN_MISTAKES } from './diagnose.ts';
import type { Judgement } from './judge.ts';
import { POINTS_PER_FUNCTION, scoreFunction, unrunnable } from './score.ts';
import type { CaseStatus } from './types.ts';

const { lesson, spec } = findFunction('dot')!;
const judgement = (status: CaseStatus, extra: Partial<Judgement> = {}): Judgement => ({
  result: { name: `a ${status} case`, status, message: `it was ${status}` },
  todo: false,
  outcome: status === 'pass' || status === 'fail' ? 'returned' : 'threw',
  feedback: status === 'pass' ? [] : [`feedback for ${status}`],
  notes: [],
  ...extra,
});

describe('scoreFunction', () => {
  it('passes with full marks only when every case passes', () => {
    const result = scoreFunction({ lesson, spec }, [judgement('pass'), judgement('pass')], '');
    expect(result).toMatchObject({ lesson: '02-dot-product', function: 'dot', status: 'pass', score: POINTS_PER_FUNCTION, summary: 'all 2 cases pass' });
    expect(result.hints).toBeUndefined();
  });

  it('takes its status and feedback from the first failing case', () => {
    const mistake = { id: 'm', title: 't', explanation: 'e' };
    const result = scoreFunction({ lesson, spec }, [judgement('pass'), judgement('timeout'), judgement('skipped'), judgement('fail', { mistake })], 'printed');
    expect(result).toMatchObject({ status: 'timeout', score: 0, feedback: ['feedback for timeout'], output: 'printed', hints: spec.hints });
    expect(result.summary).toBe('1 of 4 cases pass; first problem in "a timeout case": it was timeout');
    expect(result.mistake).toBeUndefined();
  });

  it('keeps failing cases’ values while they fit 16 KB, then only their messages, so the report stays small', () => {
    const failing = (i: number) => judgement('fail', { result: { name: `case ${i}`, status: 'fail', message: `wrong ${i}`, expected: Array(500).fill(i), actual: [-i] } });
    const result = scoreFunction({ lesson, spec }, [judgement('pass'), ...Array.from({ length: 20 }, (_, i) => failing(i))], '');
    const kept = result.cases.filter((c) => 'expected' in c && 'actual' in c).map((c) => c.name);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => `case ${i}`));
    expect(kept.length).toBeLessThan(20);
    expect(result.cases.map((c) => c.message)).toEqual(['it was pass', ...Array.from({ length: 20 }, (_, i) => `wrong ${i}`)]);
  });

  it('never passes a function with a case that did not run: not running is no evidence of being right', () => {
    const result = scoreFunction({ lesson, spec }, [judgement('pass'), judgement('skipped'), judgement('skipped')], '');
    expect(result).toMatchObject({ status: 'error', score: 0 });
    expect(result.summary).toBe('1 of 3 cases pass; first problem in "a skipped case": it was skipped');
  });

  it('puts the hint that fits the mistake it names first, before the function’s own hints', () => {
    const named = scoreFunction({ lesson, spec }, [judgement('pass'), judgement('fail', { mistake: BEHAVIOUR_MISTAKES.silentTruncation })], '');
    expect(named.hints).toEqual([MISTAKE_HINTS['silent-truncation'], ...spec.hints]);
    expect(scoreFunction({ lesson, spec }, [judgement('fail')], '').hints).toEqual(spec.hints);
  });

  it('has a hint for every mistake the grader can name', () => {
    expect(Object.keys(MISTAKE_HINTS).sort()).toEqual([...new Set(KNOWN_MISTAKES.map((mistake) => mistake.id))].sort());
  });

  it('is not-started while the stub throws its TODO', () => {
    const result = scoreFunction({ lesson, spec }, [judgement('error', { todo: true })], '');
    expect(result).toMatchObject({ status: 'not-started', score: 0 });
  });

  it('is an error when every value was right but the function broke the sandbox afterwards', () => {
    const result = scoreFunction({ lesson, spec }, [judgement('pass')], '', 'every call returned, but then …');
    expect(result).toMatchObject({ status: 'error', score: 0, summary: 'every call returned, but then …' });
  });

  it('collects notes once', () => {
    const noted = judgement('pass', { notes: ['typed array'] });
    expect(scoreFunction({ lesson, spec }, [noted, noted], '').notes).toEqual(['typed array']);
  });
});

describe('unrunnable', () => {
  it('scores zero and keeps the explanation', () => {
    expect(unrunnable({ lesson, spec }, 'missing', 'no file', ['frame'])).toMatchObject({
      status: 'missing',
      score: 0,
      maxScore: POINTS_PER_FUNCTION,
      summary: 'no file',
      feedback: ['frame'],
      cases: [],
    });
  });
});
