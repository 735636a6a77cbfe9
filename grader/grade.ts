// The grading pipeline: select → load → isolate → run cases → judge → score, one lesson file at a time
// (two files at once on a 2-core machine), then the report.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LESSONS, exerciseFile, lessonFolder, type FunctionName, type Lesson } from '../curriculum/index.ts';
import { buildCases } from './cases/index.ts';
import { SANDBOX_DEFAULTS, runFile, type FileRun, type LoadFailure } from './isolate.ts';
import { judgeCase } from './judge.ts';
import { loadLessonFile } from './load.ts';
import { sanitizePaths } from './sanitize.ts';
import { scoreFunction, unrunnable } from './score.ts';
import { typecheckSubmission } from './typecheck.ts';
import { RESULT_VERSION, type ExerciseResult, type GradeReport } from './types.ts';
import { withWorkspace, type Workspace } from './workspace.ts';

export interface GradeOptions {
  /** A folder laid out like `lessons/` (`01-euclidean/exercise.ts` …). */
  readonly submission: string;
  /** Functions to grade, by name; all when absent. */
  readonly functions?: readonly FunctionName[];
  /** Seed of the random cases; the same seed always gives the same cases. */
  readonly seed?: number;
  /** Type-check the submission and report type errors as warnings. */
  readonly typecheck?: boolean;
  readonly memoryLimitMb?: number;
  readonly loadTimeoutMs?: number;
}

export const DEFAULT_SEED = 20250101;

function describeLoadFailure(failure: LoadFailure): string {
  if (failure.kind === 'timeout') return `loading the file did not finish within ${failure.limitMs} ms (a top-level loop or an await that never settles?)`;
  if (failure.kind === 'crashed') return `loading the file ended the process: ${failure.reason}`;
  const where = failure.thrown.where ? ` (at ${failure.thrown.where})` : '';
  return `loading the file threw ${failure.thrown.isError ? `${failure.thrown.type}: ${failure.thrown.message}` : `a ${failure.thrown.type}: ${failure.thrown.message}`}${where}`;
}

async function gradeLesson(lesson: Lesson, names: ReadonlySet<string>, options: Required<GradeOptions>, work: Workspace): Promise<ExerciseResult[]> {
  const specs = lesson.functions.filter((spec) => names.has(spec.name));
  if (specs.length === 0) return [];
  const loaded = await loadLessonFile(exerciseFile(lesson, options.submission), { root: options.submission, outDir: work.outDir });
  if (!loaded.ok) {
    const status = loaded.kind === 'missing' ? 'missing' : 'error';
    return specs.map((spec) => unrunnable({ lesson, spec }, status, loaded.message, loaded.frame ? [loaded.frame] : []));
  }
  const cases = new Map(specs.map((spec) => [spec.name, buildCases(spec.name, options.seed)]));
  const run: FileRun = await runFile(
    loaded.url,
    specs.map((spec) => ({ name: spec.name, calls: cases.get(spec.name)!.map((c) => c.args), callTimeoutMs: spec.callTimeoutMs })),
    { sandboxEntry: work.sandboxEntry, memoryLimitMb: options.memoryLimitMb, loadTimeoutMs: options.loadTimeoutMs, fileTimeoutMs: lesson.fileTimeoutMs },
  );
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

export async function grade(input: GradeOptions): Promise<GradeReport> {
  const options: Required<GradeOptions> = {
    functions: LESSONS.flatMap((lesson) => lesson.functions.map((spec) => spec.name)),
    seed: DEFAULT_SEED,
    typecheck: true,
    ...SANDBOX_DEFAULTS,
    ...input,
    submission: resolve(input.submission),
  };
  const names = new Set<string>(options.functions);
  const lessons = LESSONS.filter((lesson) => lesson.functions.some((spec) => names.has(spec.name)));
  return withWorkspace(async (workspace) => {
    const typeWarnings = options.typecheck ? typecheckSubmission(options.submission, lessons) : Promise.resolve([]);
    const perLesson = await inParallel(
      lessons.map((lesson) => () => gradeLesson(lesson, names, options, workspace)),
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
    return sanitizePaths(report, [options.submission, workspace.outDir]);
  });
}
