// The grading pipeline: select → load → isolate → run cases → judge → score, one lesson file at a time
// (two files at once on a 2-core machine), then the report.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LESSONS, allFunctions, lessonFolder, type FunctionName, type Lesson } from '../curriculum/index.ts';
import { runLesson } from './call.ts';
import { buildCases } from './cases/index.ts';
import type { LoadFailure } from './isolate.ts';
import { describeThrown, judgeCase } from './judge.ts';
import { sanitizePaths } from './sanitize.ts';
import { scoreFunction, unrunnable } from './score.ts';
import { typecheckSubmission } from './typecheck.ts';
import { RESULT_VERSION, type ExerciseResult, type GradeReport } from './types.ts';
import { inWorkspace, type Workspace } from './workspace.ts';

export interface GradeOptions {
  /** A folder laid out like `lessons/` (`01-euclidean/exercise.ts` …). */
  readonly submission: string;
  /** Functions to grade, by name; all when absent. */
  readonly functions?: readonly FunctionName[];
  /** Seed of the random cases; the same seed always gives the same cases. */
  readonly seed?: number;
  /** Type-check the submission and report type errors as warnings. */
  readonly typecheck?: boolean;
}

export const DEFAULT_SEED = 20250101;

function describeLoadFailure(failure: LoadFailure): string {
  if (failure.kind === 'timeout') return `loading the file did not finish within ${failure.limitMs} ms (a top-level loop or an await that never settles?)`;
  if (failure.kind === 'crashed') return `loading the file ended the process: ${failure.reason}`;
  return `loading the file threw ${describeThrown(failure.thrown)}`;
}

async function gradeLesson(lesson: Lesson, names: ReadonlySet<string>, options: Required<GradeOptions>, workspace: Workspace): Promise<ExerciseResult[]> {
  const specs = lesson.functions.filter((spec) => names.has(spec.name));
  if (specs.length === 0) return [];
  const cases = new Map(specs.map((spec) => [spec.name, buildCases(spec.name, options.seed)]));
  const jobs = specs.map((spec) => ({ name: spec.name, calls: cases.get(spec.name)!.map((c) => c.args), callTimeoutMs: spec.callTimeoutMs }));
  const result = await runLesson(options.submission, lesson, jobs, workspace);
  if (!result.ok) {
    const { kind, message, frame } = result.failure;
    return specs.map((spec) => unrunnable({ lesson, spec }, kind === 'missing' ? 'missing' : 'error', message, frame ? [frame] : []));
  }
  const { run } = result;
  if (run.loadFailure) {
    const summary = describeLoadFailure(run.loadFailure);
    return specs.map((spec) => unrunnable({ lesson, spec }, run.loadFailure!.kind === 'timeout' ? 'timeout' : 'error', summary));
  }
  return specs.map((spec, index) => {
    const kind = run.exports[spec.name];
    const file = `${lessonFolder(lesson)}/exercise.ts`;
    if (kind === undefined) return unrunnable({ lesson, spec }, 'missing', `${file} does not export a function named ${spec.name}`);
    if (kind !== 'function') return unrunnable({ lesson, spec }, 'error', `${file} exports ${spec.name} as a ${kind}, not a function`);
    const { outcomes, output, aftermath } = run.functions[spec.name];
    const judgements = cases.get(spec.name)!.map((testCase, i) => judgeCase(spec.name as FunctionName, spec, testCase, outcomes[i]));
    // What the module printed while loading belongs to the file; show it once, with its first function.
    const printed = index === 0 && run.loadOutput ? `(while loading ${file})\n${run.loadOutput}${output}` : output;
    return scoreFunction({ lesson, spec }, judgements, printed, aftermath);
  });
}

/** Runs `tasks` with at most `limit` of them at once, keeping their order in the result. */
async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Grades a submission. A caller that runs the sandbox again afterwards may lend its workspace. */
export async function grade(input: GradeOptions, workspace?: Workspace): Promise<GradeReport> {
  const options: Required<GradeOptions> = {
    functions: allFunctions().map(({ spec }) => spec.name as FunctionName),
    seed: DEFAULT_SEED,
    typecheck: true,
    ...input,
    submission: resolve(input.submission),
  };
  const names = new Set<string>(options.functions);
  const lessons = LESSONS.filter((lesson) => lesson.functions.some((spec) => names.has(spec.name)));
  return inWorkspace(workspace, async (ready) => {
    const typeWarnings = options.typecheck ? typecheckSubmission(options.submission, lessons) : Promise.resolve([]);
    const perLesson = await inParallel(
      lessons.map((lesson) => () => gradeLesson(lesson, names, options, ready)),
      Math.max(1, availableParallelism()),
    );
    const exercises = perLesson.flat();
    const report: GradeReport = {
      version: RESULT_VERSION,
      score: exercises.reduce((total, exercise) => total + exercise.score, 0),
      maxScore: exercises.reduce((total, exercise) => total + exercise.maxScore, 0),
      warnings: await typeWarnings,
      exercises,
    };
    return sanitizePaths(report, [options.submission, ready.outDir]);
  });
}
