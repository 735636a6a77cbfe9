// Between judging and the report: when a random input broke a function, the smallest input that still breaks
// it (see shrink.ts), judged like any case, as lines of feedback. A counterexample small enough to work
// through by hand teaches more than the 384-number case that first failed.
import type { FunctionName, FunctionSpec } from '../curriculum/index.ts';
import type { Args } from './cases/arbitraries.ts';
import { caseFor, type CaseTable } from './cases/index.ts';
import { judgeCase, type Judgement } from './judge.ts';
import { shrink, type ShrinkLimits } from './shrink.ts';
import type { CallOutcome } from './types.ts';

/** Runs one batch of calls of the function in a fresh sandbox; an outcome is missing for a call that did not run. */
export type RunCalls = (calls: readonly Args[]) => Promise<readonly CallOutcome[]>;

/**
 * A wrong answer or an Error thrown. A timeout is not shrunk (each try would cost the whole time limit), nor a
 * crash (each try would cost a sandbox, and what ended the process says more than the input that did it).
 */
const broke = (judgement: Judgement) => judgement.result.status === 'fail' || (judgement.result.status === 'error' && judgement.outcome === 'threw');

/**
 * The smallest failing input's feedback, when a random case failed and a smaller input breaks the function
 * too; undefined otherwise.
 */
export async function counterexample(spec: FunctionSpec, table: CaseTable, judgements: readonly Judgement[], run: RunCalls, limits?: ShrinkLimits): Promise<string[] | undefined> {
  const name = spec.name as FunctionName;
  const { first, count } = table.random;
  const nth = Array.from({ length: count }, (_, n) => n).find((n) => broke(judgements[first + n]));
  if (nth === undefined) return undefined;
  const index = first + nth;
  const { arbitrary, draws } = await table.random.draw();
  const shrunk = await shrink(
    arbitrary,
    draws[nth],
    async (inputs) => {
      const cases = inputs.map((args, i) => caseFor(name, { name: `smaller input ${i + 1}`, args }));
      const outcomes = await run(inputs);
      return cases.map((testCase, i) => {
        const outcome = outcomes[i];
        if (!outcome) return false;
        return broke(judgeCase(name, spec, testCase, outcome));
      });
    },
    limits,
  );
  if (shrunk.steps === 0) return undefined;
  // Candidates run one after another in a sandbox: a function that keeps state may have broken on this one
  // only because of those before it. Shown only if it breaks the function alone, in a sandbox of its own.
  const [alone] = await run([shrunk.value]);
  const smallest = alone && judgeCase(name, spec, caseFor(name, { name: 'the smallest input', args: shrunk.value }), alone);
  if (!smallest || !broke(smallest)) return undefined;
  const [called, ...rest] = smallest.feedback;
  const said = rest.some((line) => line.startsWith('Got:')) ? [] : [`What happened: ${smallest.result.message}`];
  return [
    `Smallest input that breaks it (from ${table.cases[index].name}${shrunk.minimal ? '' : ', as far as the time allowed'}): ${called.replace(/^Called: /, '')}`,
    ...[...rest, ...said].map((line) => `  ${line}`),
  ];
}
