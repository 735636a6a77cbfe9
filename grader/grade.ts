// Grading a submission: the lessons whose results were kept from an earlier grade of the very same files are
// given back as they were; the others go through the pipeline (pipeline.ts), loaded only then. Then the report.
import { relative, resolve } from 'node:path';
import { LESSONS, allFunctions, exerciseFile, findFunction, type FunctionName, type FunctionSpec, type Lesson } from '../curriculum/index.ts';
import { UsageError } from '../lib/cli.ts';
import type { HiddenCases } from './cases/hidden.ts';
import { REACH } from './reference.ts';
import { keptResults, type LessonKey } from './results-cache.ts';
import { sandboxLauncher } from './sandbox/launch.ts';
import { sanitizePaths } from './sanitize.ts';
import { timed } from './timings.ts';
import { typecheckSubmission } from './typecheck.ts';
import { RESULT_VERSION, type ExerciseResult, type GradeReport, type LayerState } from './types.ts';
import { removeStaleFoldersOnce } from './workspace.ts';

export interface GradeOptions {
  /** A folder laid out like `lessons/` (`01-euclidean/exercise.ts` …). */
  readonly submission: string;
  /** Functions to grade, by name; all when absent. */
  readonly functions?: readonly FunctionName[];
  /** Seed of the random cases; the same seed always gives the same cases. */
  readonly seed?: number;
  /** Type-check the submission and report type errors as warnings. */
  readonly typecheck?: boolean;
  /** Look for the smallest input that breaks a function that failed on a random one (it costs sandbox runs). */
  readonly counterexamples?: boolean;
  /**
   * Give back a lesson's results, and the type check's warnings, kept from an earlier grade of exactly the same
   * files and seed (results-cache.ts, typecheck.ts); off unless asked.
   */
  readonly cache?: boolean;
  /**
   * Keep the cases drawn for the seed between runs (cases/kept.ts); on unless the seed is a fresh secret one.
   * `memory`: for this process's later grades only, never on disk (a class graded with a secret seed).
   */
  readonly keepCases?: boolean | 'memory';
  /**
   * The instructor's hidden cases (cases/hidden.ts), added after each function's own. Results graded with them
   * are never kept: what they were graded on is not in the key.
   */
  readonly hiddenCases?: HiddenCases;
}

export const DEFAULT_SEED = 20250101;

/** The type check's warnings for these files (relative to the submission), when it was asked for. */
export function typeWarnings(options: Required<GradeOptions>, files: readonly string[]): Promise<string[]> {
  return options.typecheck ? timed('type check', () => typecheckSubmission(options.submission, files, undefined, options.cache)) : Promise.resolve([]);
}

/** What a lesson's results are kept by (results-cache.ts), and the results kept, if any. */
export interface LessonToGrade {
  readonly lesson: Lesson;
  readonly specs: readonly FunctionSpec[];
  readonly key: LessonKey;
  readonly kept: ReturnType<typeof keptResults>;
}

/**
 * A function that does not pass, built on one that does not pass either (the registry's `builtOn`): its summary
 * says so first, since its failures may be that one's. Applied to the results of the whole grade, kept or not.
 */
export function withFoundations(exercises: readonly ExerciseResult[]): ExerciseResult[] {
  const status = new Map(exercises.map((exercise) => [exercise.function, exercise.status]));
  return exercises.map((exercise) => {
    // A stub, a missing function, a file that did not even load (no case ran: its own problem comes first), or
    // a timeout that already names the function to fix first, says enough.
    const saysEnough = ['pass', 'not-started', 'missing'].includes(exercise.status) || exercise.cases.length === 0 || /fix that one first$/.test(exercise.summary);
    if (saysEnough) return exercise;
    const builtOn = findFunction(exercise.function)?.spec.builtOn ?? [];
    const broken = builtOn.filter((name) => status.has(name) && status.get(name) !== 'pass');
    if (broken.length === 0) return exercise;
    const which = broken.length === 1 ? `${broken[0]}, which does not pass yet: fix it first` : `${broken.join(' and ')}, which do not pass yet: fix them first`;
    return { ...exercise, summary: `built on ${which}. ${exercise.summary}` };
  });
}

/** What a student copy (see reference.ts) cannot grade: it has the public cases' answers only. */
function beyondReach(input: GradeOptions): string | undefined {
  if (REACH.kind === 'any') return undefined;
  if (input.seed !== undefined && input.seed !== REACH.seed) return `this copy of the workbook grades its public cases only (seed ${REACH.seed}): other seeds need your instructor's grader`;
  if (input.hiddenCases?.size) return "this copy of the workbook grades its public cases only: hidden cases need your instructor's grader";
  return undefined;
}

/** Grades a submission. */
export async function grade(input: GradeOptions): Promise<GradeReport> {
  const beyond = beyondReach(input);
  if (beyond) throw new UsageError(beyond);
  const options: Required<GradeOptions> = {
    functions: allFunctions().map(({ spec }) => spec.name as FunctionName),
    seed: DEFAULT_SEED,
    typecheck: true,
    counterexamples: true,
    cache: false,
    keepCases: true,
    hiddenCases: new Map(),
    ...input,
    // The search draws new inputs, which a student copy has no answers for.
    ...(REACH.kind === 'public' ? { counterexamples: false } : {}),
    submission: resolve(input.submission),
    ...(input.hiddenCases?.size ? { cache: false } : {}),
  };
  removeStaleFoldersOnce();
  const names = new Set<string>(options.functions);
  const lessons = LESSONS.filter((lesson) => lesson.functions.some((spec) => names.has(spec.name))).map((lesson): LessonToGrade => {
    const specs = lesson.functions.filter((spec) => names.has(spec.name));
    const key = { file: relative(options.submission, exerciseFile(lesson, options.submission)), seed: options.seed, functions: specs.map((spec) => spec.name), counterexamples: options.counterexamples };
    // Results kept from an earlier grade of the very same files need neither bundling nor sandboxes.
    return { lesson, specs, key, kept: options.cache ? keptResults(options.submission, key) : undefined };
  });
  // When every result is kept, no learner code runs: the layers are those it ran behind when it was graded.
  const keptLayers = lessons.map(({ kept }) => JSON.stringify(kept?.layers));
  const layers: Promise<readonly LayerState[]> =
    lessons.length > 0 && lessons.every(({ kept }) => kept) && new Set(keptLayers).size === 1
      ? Promise.resolve(lessons[0].kept!.layers)
      : sandboxLauncher().then(({ layers: found }) => found.map(({ id, active }) => ({ id, active })));
  const afresh = lessons.filter(({ kept }) => !kept).length;
  const pipeline = afresh > 0 ? await import('./pipeline.ts') : undefined;
  // The sandboxes start while the lesson files are bundled and their cases drawn.
  const ahead = pipeline?.sandboxesAhead(afresh);
  try {
    const { exercises, warnings } = pipeline
      ? await pipeline.gradeLessons(lessons, options, layers)
      : { exercises: lessons.flatMap(({ kept }) => kept!.results), warnings: typeWarnings(options, lessons.flatMap(({ kept }) => kept!.files)) };
    const report: GradeReport = {
      version: RESULT_VERSION,
      score: exercises.reduce((total, exercise) => total + exercise.score, 0),
      maxScore: exercises.reduce((total, exercise) => total + exercise.maxScore, 0),
      warnings: await warnings,
      sandbox: { layers: await layers },
      exercises: withFoundations(exercises),
    };
    return sanitizePaths(report, options.submission);
  } finally {
    ahead?.done();
  }
}
