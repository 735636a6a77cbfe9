// The grading pipeline for the lessons whose results were not kept: bundle → cases → run in sandboxes → judge →
// score, each lesson judged as soon as its run is known. Loaded only when some lesson must be graded afresh: a
// grade whose results were all kept needs none of it (nor its bundler, sandbox harness or case drawing).
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { allFunctions, exerciseFile, lessonFolder, type FunctionName, type FunctionSpec, type Lesson } from '../curriculum/index.ts';
import { runLesson, runLessons } from './call.ts';
import { KEY_LENGTH } from './cases/counting-distance.ts';
import { withHiddenCases } from './cases/hidden.ts';
import { buildCases, numbersIn, type CaseTable } from './cases/index.ts';
import { searchDisagreement } from './agreement.ts';
import { counterexample, type RunCalls } from './counterexample.ts';
import { typeWarnings, type GradeOptions, type LessonToGrade } from './grade.ts';
import type { FileRun, FunctionJob, FunctionRun, LoadFailure, StuckWatch } from './isolate.ts';
import { describeThrown, judgeCase, type Judgement } from './judge.ts';
import { loadLessonFile, type LessonBundle, type Loaded } from './load.ts';
import { REACH } from './reference.ts';
import { serializedCalls } from './sandbox/protocol.ts';
import { keepResults } from './results-cache.ts';
import { sanitizePaths } from './sanitize.ts';
import { scoreFunction, unrunnable } from './score.ts';
import { timed } from './timings.ts';
import type { ExerciseResult, LayerState } from './types.ts';
import { withTempFolder } from './workspace.ts';

export { sandboxesAhead } from './call.ts';

function describeLoadFailure(failure: LoadFailure): string {
  if (failure.kind === 'timeout') return `loading the file did not finish within ${failure.limitMs} ms (a top-level loop or an await that never settles?)`;
  if (failure.kind === 'crashed') return `loading the file ended the process: ${failure.reason}`;
  return `loading the file threw ${describeThrown(failure.thrown)}`;
}

/**
 * A lesson function's first call is only a probe of this long once a function it may call (one in its own file
 * or in a file it imports) was found to hang, or is suspected of it: it need not wait a whole call limit to hang
 * on the same loop. Fifty times what the first case (the four Bugs documents) takes any of these functions.
 */
export const PROBE_MS = 300;

/**
 * The functions of a submission found hanging (suspected, or stuck for good), by lesson file (relative to it), in
 * the order they were found; a suspected one is forgotten when its call ends after all.
 */
class StuckFunctions {
  private readonly found = new Map<string, { readonly name: string; readonly fate: Promise<boolean> }[]>();

  /** The watch of one lesson file, whose bundle holds `files` (itself and the files it imports). */
  watch(file: string, files: readonly string[]): StuckWatch {
    return {
      hanging: (name) => {
        let decide!: (stuck: boolean) => void;
        const entry = { name, fate: new Promise<boolean>((resolve) => (decide = resolve)) };
        const inFile = this.found.get(file) ?? [];
        this.found.set(file, [...inFile, entry]);
        return {
          stuck: () => decide(true),
          cleared: () => {
            this.found.set(file, this.found.get(file)!.filter((other) => other !== entry));
            decide(false);
          },
        };
      },
      probe: (asking) => {
        for (const where of [file, ...files]) {
          const found = this.found.get(where)?.find(({ name }) => where !== file || name !== asking);
          if (found) return { limitMs: PROBE_MS, stuck: `${found.name} (${where})`, fate: found.fate };
        }
        return undefined;
      },
    };
  }
}

/** A lesson file ready to run: its functions, their cases and jobs, and its watch. */
interface Prepared {
  readonly lesson: Lesson;
  readonly specs: readonly FunctionSpec[];
  readonly tables: ReadonlyMap<string, CaseTable>;
  readonly jobs: readonly FunctionJob[];
  /** The lesson file, relative to the submission. */
  readonly file: string;
  readonly bundle: LessonBundle;
  readonly watch: StuckWatch;
}

/** A job of `spec`'s calls, serialized, given how many numbers each holds. */
function jobOf(spec: FunctionSpec, calls: FunctionJob['calls'], numbers: readonly number[], reuse?: readonly number[]): FunctionJob {
  return {
    name: spec.name,
    calls,
    ...(reuse ? { reuse } : {}),
    callTimeoutMs: spec.callTimeoutMs,
    longerCalls: longerCalls(spec, numbers),
    functionTimeoutMs: spec.functionTimeoutMs,
    numbers: numbers.reduce((sum, count) => sum + count, 0),
  };
}

/** Cases being built, by function. */
type Tables = ReadonlyMap<string, Promise<CaseTable>>;

/**
 * The counting key of the next grade, drawn ahead with the cases built for it (`drawCasesAhead`): the cases that
 * depend on the key are most of the cases' time, and a long-lived grader (the watch mode) builds them between
 * saves. The key stays fresh: no learner code sees it before the grade that takes it, which only one does.
 */
let ahead: { readonly key: string; readonly seed: number; readonly keep: boolean; readonly tables: Tables } | undefined;

/**
 * Fresh for every run: the counting distance's values cannot be known in advance (see cases/counting-distance.ts).
 * A student copy's public cases were answered for one key, which it uses every time.
 */
const freshCountingKey = () => (REACH.kind === 'public' ? REACH.countingKey : randomBytes(KEY_LENGTH).toString('hex'));

/** Builds every function's cases for `seed` under a new counting key, for the next grade with that seed. */
export function drawCasesAhead(seed: number, keep: boolean): Tables {
  const key = freshCountingKey();
  const tables = new Map(allFunctions().map(({ spec }) => [spec.name, quietly(buildCases(spec.name as FunctionName, seed, key, { keep }))] as const));
  ahead = { key, seed, keep, tables };
  return tables;
}

/** `promise`, which may be left unused: its failure is told only to whoever awaits it. */
const quietly = <T>(promise: Promise<T>): Promise<T> => (promise.catch(() => undefined), promise);

/** @internal The cases of each lesson to grade afresh, under this grade's counting key: those drawn ahead where they fit. */
export function casesOf(lessons: readonly LessonToGrade[], options: Required<GradeOptions>): (Tables | undefined)[] {
  const fits = ahead?.seed === options.seed && ahead.keep === options.keepCases ? ahead : undefined;
  ahead = undefined;
  const countingKey = fits?.key ?? freshCountingKey();
  // Built while the lesson files are bundled: they do not depend on them.
  return lessons.map(({ specs, kept }) =>
    kept
      ? undefined
      : new Map(
          specs.map((spec) => {
            const table = fits?.tables.get(spec.name) ?? quietly(timed('cases', () => buildCases(spec.name as FunctionName, options.seed, countingKey, { keep: options.keepCases })));
            return [spec.name, options.hiddenCases.size ? quietly(table.then((own) => withHiddenCases(own, spec.name, options.hiddenCases))) : table] as const;
          }),
        ),
  );
}

async function prepareLesson(lesson: Lesson, specs: readonly FunctionSpec[], building: Tables, bundle: LessonBundle, stuck: StuckFunctions): Promise<Prepared> {
  const tables = new Map<string, CaseTable>(await Promise.all(specs.map(async (spec) => [spec.name, await building.get(spec.name)!] as const)));
  const jobs = specs.map((spec) => {
    const { cases, calls, numbers } = tables.get(spec.name)!;
    return jobOf(spec, calls, numbers, cases.flatMap((c, i) => (c.inPlace ? [i] : [])));
  });
  const file = `${lessonFolder(lesson)}/exercise.ts`;
  return { lesson, specs, tables, jobs, file, bundle, watch: stuck.watch(file, bundle.files) };
}

/** A lesson file that did not bundle: each of its functions says why. */
function unbundled(lesson: Lesson, specs: readonly FunctionSpec[], { kind, message, frame }: Exclude<Loaded, { ok: true }>): ExerciseResult[] {
  return specs.map((spec) => unrunnable({ lesson, spec }, kind === 'missing' ? 'missing' : 'error', message, frame ? [frame] : []));
}

/** Judges a lesson file's run; a function that did not pass runs again alone, or is shrunk, where that says more. */
async function judgeLesson({ lesson, specs, tables, jobs, file, bundle, watch }: Prepared, run: FileRun, options: Required<GradeOptions>): Promise<ExerciseResult[]> {
  if (run.loadFailure) {
    const summary = describeLoadFailure(run.loadFailure);
    return specs.map((spec) => unrunnable({ lesson, spec }, run.loadFailure!.kind === 'timeout' ? 'timeout' : 'error', summary));
  }
  const judge = (spec: FunctionSpec, { outcomes, output, aftermath }: FunctionRun, loadOutput: string) => timed('judging', () => {
    const judgements: Judgement[] = [];
    tables.get(spec.name)!.cases.forEach((testCase, i) => {
      // A case derived by a relation comes after the one it was derived from (cases/relations.ts).
      const from = testCase.relation?.from;
      const original = from === undefined ? undefined : { outcome: outcomes[from], passed: judgements[from].result.status === 'pass' };
      judgements.push(judgeCase(spec.name as FunctionName, spec, testCase, outcomes[i], original));
    });
    // What the module printed while loading belongs to the file; show it once, with its first function.
    const printed = loadOutput ? `(while loading ${file})\n${loadOutput}${output}` : output;
    return { judgements, result: scoreFunction({ lesson, spec }, judgements, printed, aftermath) };
  });
  const graded = await Promise.all(
    specs.map(async (spec, index): Promise<{ result: ExerciseResult; outcomes?: FunctionRun['outcomes'] }> => {
      const kind = run.exports[spec.name];
      if (kind === 'undefined') return { result: unrunnable({ lesson, spec }, 'missing', `${file} does not export a function named ${spec.name}`) };
      if (kind === 'uninitialized') return { result: unrunnable({ lesson, spec }, 'error', `${file} exports ${spec.name}, but it was never given a value`) };
      if (kind !== 'function') return { result: unrunnable({ lesson, spec }, 'error', `${file} exports ${spec.name} as a ${kind}, not a function`) };
      let used = run.functions[spec.name];
      let judged = judge(spec, used, index === 0 ? run.loadOutput : '');
      if (judged.result.status === 'pass' || judged.result.status === 'not-started') return { result: judged.result, outcomes: used.outcomes };
      // A function that did not pass after other code ran in its sandbox may have been broken by it (a patched
      // library, say): it is graded again, alone, and that verdict is the one that counts.
      if (used.shared) {
        const alone = await runLesson(bundle, [jobs[index]], watch);
        const again = alone.functions[spec.name];
        if (again && !alone.loadFailure) [used, judged] = [again, judge(spec, again, index === 0 ? alone.loadOutput : '')];
      }
      const runCalls: RunCalls = async (inputs) => (await runLesson(bundle, [jobOf(spec, serializedCalls(inputs), inputs.map(numbersIn))])).functions[spec.name]?.outcomes ?? [];
      const smallest = judged.result.status === 'pass' || !options.counterexamples ? undefined : await timed('counterexamples', () => counterexample(spec, tables.get(spec.name)!, judged.judgements, runCalls));
      return { result: smallest ? { ...judged.result, feedback: [...(judged.result.feedback ?? []), ...smallest] } : judged.result, outcomes: used.outcomes };
    }),
  );
  return withAgreement(specs, tables, graded);
}

/** The lesson's functions checked against each other (agreement.ts): a note for a failing one that disagrees. */
function withAgreement(specs: readonly FunctionSpec[], tables: ReadonlyMap<string, CaseTable>, graded: readonly { result: ExerciseResult; outcomes?: FunctionRun['outcomes'] }[]): ExerciseResult[] {
  const answersOf = (name: string) => {
    const index = specs.findIndex((spec) => spec.name === name);
    const outcomes = graded[index]?.outcomes;
    return outcomes && { cases: tables.get(name)!.cases, outcomes };
  };
  const [querySearch, topK] = [answersOf('querySearch'), answersOf('topK')];
  const note = querySearch && topK ? searchDisagreement(querySearch, topK) : undefined;
  return graded.map(({ result }) => (note && result.status !== 'pass' ? { ...result, notes: [...(result.notes ?? []), note] } : result));
}

/**
 * Numbers in one call's arguments past which its time limit grows with them: the 70,000-document search holds
 * 140,000, and a correct but slow function (a mathjs cosine per document) needs about a second of CPU for it,
 * more on a loaded machine. The call limit grows to at most MOST_CALL_LIMITS times the registry's.
 */
const NUMBERS_PER_CALL_LIMIT = 50_000;
const MOST_CALL_LIMITS = 2.5;


/** The calls given far more numbers than the rest (by the numbers in each call), with their longer limits. */
function longerCalls(spec: FunctionSpec, numbers: readonly number[]): Map<number, number> {
  const longer = new Map<number, number>();
  numbers.forEach((count, i) => {
    const factor = Math.min(MOST_CALL_LIMITS, count / NUMBERS_PER_CALL_LIMIT);
    if (factor > 1) longer.set(i, Math.round(spec.callTimeoutMs * factor));
  });
  return longer;
}

/** The lessons' results, and the type check's warnings: results kept where they are, graded afresh where not. */
export async function gradeLessons(lessons: readonly LessonToGrade[], options: Required<GradeOptions>, layers: Promise<readonly LayerState[]>): Promise<{ exercises: ExerciseResult[]; warnings: Promise<string[]> }> {
  const tables = casesOf(lessons, options);
  // One at a time: a file that brings the bundler down must not take the other lessons' bundles with it.
  const loaded = await withTempFolder('bundles', async (outDir) => {
    const bundles: (Loaded | undefined)[] = [];
    for (const { lesson, kept } of lessons) bundles.push(kept ? undefined : await timed('bundling', () => loadLessonFile(exerciseFile(lesson, options.submission), options.submission, outDir)));
    return bundles;
  });
  // The files each lesson's results come from: its lesson file, and the files its bundle holds.
  const filesOf = lessons.map(({ key, kept }, i) => {
    const result = loaded[i];
    return kept?.files ?? [key.file, ...(result?.ok ? result.bundle.files : [])];
  });
  // The type checker sees them all, the lesson files even when they did not bundle.
  const warnings = typeWarnings(options, filesOf.flat());
  const stuck = new StuckFunctions();
  const prepared = await Promise.all(
    lessons.map(({ lesson, specs }, i) => {
      const result = loaded[i];
      return result?.ok ? prepareLesson(lesson, specs, tables[i]!, result.bundle, stuck) : undefined;
    }),
  );
  // Every lesson file to run, in one sandbox while it lasts (isolate.ts), the files the most others import first:
  // one that hangs there is what their functions are then only probed for. Each is judged as soon as its run is known.
  const toRun = prepared.filter((lesson) => lesson !== undefined);
  const importers = (lesson: Prepared) => toRun.filter((other) => other !== lesson && other.bundle.files.includes(lesson.file)).length;
  const ordered = [...toRun].sort((a, b) => importers(b) - importers(a));
  const started = runLessons(ordered.map(({ bundle, jobs, watch }) => ({ bundle, jobs, watch })));
  const runs = new Map(ordered.map((lesson, i) => [lesson, started[i]]));
  const limit = pLimit(Math.max(1, availableParallelism()));
  const perLesson = await Promise.all(
    lessons.map(({ lesson, specs, key, kept }, i) =>
      limit(async () => {
        if (kept) return kept.results;
        const ready = prepared[i];
        const graded = ready ? await judgeLesson(ready, await runs.get(ready)!, options) : unbundled(lesson, specs, loaded[i] as Exclude<Loaded, { ok: true }>);
        const results = sanitizePaths(graded, options.submission);
        // Kept by the files as bundled; a file that did not bundle is bundled again next time, which is quick.
        if (options.cache && ready) keepResults(key, ready.bundle.hashes, results, await layers);
        return results;
      }),
    ),
  );
  return { exercises: perLesson.flat(), warnings };
}
