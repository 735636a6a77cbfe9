// The mutant zoo: every mutant from mutants.ts is swapped into a fresh copy of the reference solutions and
// graded through the public grade() entry, exactly as a learner's folder would be. WRONG mutants must fail
// with the mistake the grader names for them; RIGHT mutants must pass. The meta-tests keep the zoo broad.
import { afterAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { LESSONS, type FunctionName } from '../../curriculum/index.ts';
import { removeAll, solutionCopy, solutionWith } from '../../test/submission.ts';
import { KNOWN_MISTAKES } from '../diagnose.ts';
import { grade } from '../grade.ts';
import type { ExerciseResult } from '../types.ts';
import { RIGHT, WRONG, type Mutant } from './mutants.ts';

const submissions: string[] = [];
afterAll(() => removeAll(submissions));

/** The solutions with the mutant's function (and preamble) swapped in. */
const buildSubmission = (mutant: Mutant): string => solutionWith(submissions, 'mutant-zoo-', mutant.fn, mutant.source, mutant.preamble);

/** Each grade() starts sandboxes and runs esbuild; a few at a time keeps a 2-core machine responsive. */
const limited = pLimit(3);
/** A test waits for its turn in the limiter, and a failing function is shrunk: time for both. */
const TIMEOUT = { timeout: 180_000 };

/** Grades the one function; the report must hold exactly that function's result. */
async function gradeOne(dir: string, fn: FunctionName): Promise<ExerciseResult> {
  // The zoo checks verdicts and mistakes; the smallest counterexamples are tested in counterexample.test.ts and grade.test.ts.
  const report = await limited(() => grade({ submission: dir, functions: [fn], typecheck: false, counterexamples: false }));
  const [result, ...others] = report.exercises;
  if (result?.function !== fn || others.length > 0) throw new Error(`expected one result for ${fn}, got ${report.exercises.map((e) => e.function).join(', ')}`);
  return result;
}

/** What to print when an expectation fails: the grader's own account of the exercise. */
function explain(result: ExerciseResult): string {
  return [
    `status ${result.status}, mistake ${result.mistake?.id ?? '(none)'}`,
    `summary: ${result.summary}`,
    ...(result.feedback ?? []).map((line) => `feedback: ${line}`),
    ...(result.output ? [`output: ${result.output}`] : []),
  ].join('\n');
}

const label = (mutant: Mutant) => `${mutant.fn}: ${mutant.name}`;

describe('the zoo itself', () => {
  const names = LESSONS.flatMap((lesson) => lesson.functions.map((spec) => spec.name));

  it('is big enough: ≥ 40 WRONG with ≥ 2 per function, ≥ 15 RIGHT', () => {
    expect(WRONG.length).toBeGreaterThanOrEqual(40);
    expect(RIGHT.length).toBeGreaterThanOrEqual(15);
    const thin = names.filter((name) => WRONG.filter((mutant) => mutant.fn === name).length < 2);
    expect(thin, 'functions with fewer than 2 WRONG mutants').toEqual([]);
  });

  it('covers every mistake the grader can name, and names only those', () => {
    const known = KNOWN_MISTAKES.map((mistake) => mistake.id);
    const named = new Set(WRONG.map((mutant) => mutant.mistake));
    expect(known.filter((id) => !named.has(id)), 'known mistakes no WRONG mutant triggers').toEqual([]);
    expect(WRONG.filter((mutant) => mutant.mistake !== undefined && !known.includes(mutant.mistake)).map(label), 'WRONG mutants with an unknown mistake id').toEqual([]);
  });

  it('has well-formed, uniquely named mutants', () => {
    const all = [...WRONG, ...RIGHT];
    expect(new Set(all.map(label)).size).toBe(all.length);
    for (const mutant of all) {
      expect(mutant.source.startsWith(`export function ${mutant.fn}(`), label(mutant)).toBe(true);
      expect(mutant.source.endsWith('\n}') && mutant.source.split('\n').filter((line) => line === '}').length === 1, label(mutant)).toBe(true);
    }
  });
});

describe.concurrent('grading', () => {
  // The control: the untouched copy passes everything, so a WRONG failure below is the mutant's doing.
  it('an unmodified copy of the solutions passes every function', TIMEOUT, async ({ expect }) => {
    const report = await limited(() => grade({ submission: solutionCopy(submissions, 'mutant-zoo-'), typecheck: false }));
    expect(report.exercises.filter((exercise) => exercise.status !== 'pass').map(explain)).toEqual([]);
    expect(report.exercises).toHaveLength(LESSONS.reduce((count, lesson) => count + lesson.functions.length, 0));
  });

  for (const mutant of WRONG) {
    it(`WRONG ${label(mutant)} → ${mutant.mistake ?? 'no mistake named'}`, TIMEOUT, async ({ expect }) => {
      const result = await gradeOne(buildSubmission(mutant), mutant.fn);
      expect(result.status, explain(result)).not.toBe('pass');
      expect(result.mistake?.id, explain(result)).toBe(mutant.mistake);
    });
  }

  for (const mutant of RIGHT) {
    it(`RIGHT ${label(mutant)}`, TIMEOUT, async ({ expect }) => {
      const result = await gradeOne(buildSubmission(mutant), mutant.fn);
      expect(result.status, explain(result)).toBe('pass');
    });
  }
});
