import { describe, expect, it } from 'vitest';
import { findFunction, type FunctionName } from '../curriculum/index.ts';
import type { Args } from './cases/arbitraries.ts';
import { buildCases } from './cases/index.ts';
import { counterexample, type RunCalls } from './counterexample.ts';
import { judgeCase } from './judge.ts';
import { REFERENCE } from './reference.ts';
import type { CallOutcome } from './types.ts';

const KEY = 'ab'.repeat(16);
type Pair = (a: readonly number[], b: readonly number[]) => number;

/** One call of `learner` in this process, as the sandbox would report it. */
function outcome(learner: Pair, args: Args): CallOutcome {
  try {
    return { kind: 'returned', value: learner(...(args as [number[], number[]])) };
  } catch (error) {
    return { kind: 'threw', thrown: { isError: true, type: 'Error', message: (error as Error).message } };
  }
}

/** Runs `learner` on the calls in this process, counting the batches. */
const runLocally =
  (learner: Pair, ran: number[]): RunCalls =>
  async (calls) => {
    ran.push(calls.length);
    return calls.map((args) => outcome(learner, args));
  };

/** Grades `learner` on cosine's cases the way grade() does, then looks for the smallest counterexample. */
async function smallestFor(learner: Pair) {
  const { spec } = findFunction('cosine')!;
  const table = await buildCases('cosine', 1, KEY);
  const judgements = table.cases.map((testCase) => judgeCase('cosine' as FunctionName, spec, testCase, outcome(learner, testCase.args)));
  const ran: number[] = [];
  return { lines: await counterexample(spec, table, judgements, runLocally(learner, ran)), ran };
}

const cosine = REFERENCE.cosine as Pair;
const norm = (v: readonly number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('counterexample', () => {
  it('shows the smallest input that still breaks the function, with what was expected and what came back', async () => {
    // Zeroes every product of lengths below 1e-6: wrong for tiny vectors such as [1e-7, 0].
    const { lines, ran } = await smallestFor((a, b) => (norm(a) * norm(b) < 1e-6 ? 0 : cosine(a, b)));
    expect(lines?.[0]).toMatch(/^Smallest input that breaks it \(from random input \d+ of 60\): cosine\(a: \[[^\]]{1,20}\], b: \[[^\]]{1,20}\]\)$/);
    expect(lines).toContain('  Got: 0');
    expect(lines?.some((line) => /^ {2}Expected: -?(1|0\.\d+)/.test(line))).toBe(true);
    expect(ran.length).toBeGreaterThan(1);
  });

  it('says nothing when no random input broke the function', async () => {
    const { lines, ran } = await smallestFor(cosine);
    expect(lines).toBeUndefined();
    expect(ran).toEqual([]);
  });

  it('says what happened when the smallest input throws rather than returns', async () => {
    const { spec } = findFunction('cosine')!;
    const table = await buildCases('cosine', 1, KEY);
    const breaks = (args: Args) => (args[0] as number[]).some((x) => Math.abs(x) > 1e100);
    const learner: Pair = (a, b) => {
      if (breaks([a, b])) throw new RangeError('too big');
      return cosine(a, b);
    };
    const judgements = table.cases.map((testCase) => judgeCase('cosine', spec, testCase, outcome(learner, testCase.args)));
    const run: RunCalls = async (calls) => calls.map((args) => outcome(learner, args));
    const lines = await counterexample(spec, table, judgements, run);
    expect(lines?.[0]).toMatch(/cosine\(a: \[-?\d+(\.\d+)?e\+1\d\d\], b: \[[^\]]+\]\)$/);
    expect(lines).toContain('  What happened: threw Error: too big');
  });

  it('shows no input that breaks the function only after other calls, as one that keeps state between calls may', async () => {
    const { spec } = findFunction('cosine')!;
    const table = await buildCases('cosine', 1, KEY);
    // Right for the first three calls a fresh sandbox makes, wrong after: state kept between calls.
    const fresh = () => {
      let calls = 0;
      return (a: readonly number[], b: readonly number[]) => (++calls > 3 ? 0.5 : cosine(a, b));
    };
    const graded = fresh();
    const judgements = table.cases.map((testCase) => judgeCase('cosine', spec, testCase, outcome(graded, testCase.args)));
    const ran: number[] = [];
    const run: RunCalls = async (calls) => {
      ran.push(calls.length);
      const learner = fresh();
      return calls.map((args) => outcome(learner, args));
    };
    expect(await counterexample(spec, table, judgements, run)).toBeUndefined();
    // It was shrunk, then tried alone, where it passed.
    expect(ran.at(-1)).toBe(1);
  });
});
