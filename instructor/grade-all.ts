// `npm run grade-all`: a whole class, graded. Each submission is copied into a private folder
// (materialize.ts), graded there with the class's seed, and its row written to RESULTS/results/<student>.json,
// with its feedback page (feedback.ts), at once, so an interrupted run keeps every finished row and a re-run grades only what changed (the copies'
// hash, the grader's version and the seed's check all equal). Submissions are graded several at once, each in
// sandboxes of its own: a broken, empty, duplicate or hostile one gets its row with the reason and never stops
// the batch. The seed is never written: rows carry a slow hash of it, enough to tell a seed changed.
import { scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { HiddenCases } from '../grader/cases/hidden.ts';
import { grade } from '../grader/grade.ts';
import { writeWhole } from '../grader/kept-files.ts';
import { dependsOnLoad } from '../grader/results-cache.ts';
import type { GradeReport } from '../grader/types.ts';
import { graderVersion } from '../grader/version.ts';
import { withTempFolder } from '../grader/workspace.ts';
import { feedbackHtml } from './feedback.ts';
import { materialize } from './materialize.ts';
import { findSubmissions, type Manifest, type Student, type Submission } from './submissions.ts';

/** The version of a row's file: a later grader that reads an older row grades that submission again. */
const ROW_FORMAT = 1;

export interface ClassOptions {
  readonly submissions: string;
  readonly out: string;
  readonly seed: number;
  /** Grade every submission again, changed or not. */
  readonly force?: boolean;
  readonly manifest?: Manifest;
  /** Submissions graded at once. */
  readonly jobs?: number;
  /** Search failures for their smallest failing input (on by default): better feedback, about 40% more time. */
  readonly counterexamples?: boolean;
  /** The instructor's hidden cases, and a hash of their file: a row graded on other ones is graded again. */
  readonly hidden?: { readonly cases: HiddenCases; readonly hash: string };
  /** Told of each row as it is done. */
  readonly onRow?: (row: Row, done: number, total: number) => void;
}

export interface Row {
  /** The submission's name in SUBMISSIONS (a folder, a zip, `canvas:<id>`). */
  readonly label: string;
  readonly student: Student;
  /** `graded`, or why not: it could not be read as a submission, or its student has another. */
  readonly status: 'graded' | 'refused' | 'duplicate';
  readonly reason?: string;
  /** What was noticed while reading it (a file graded in place of another, say). */
  readonly notes: readonly string[];
  /** The hash of the copies graded. */
  readonly hash?: string;
  readonly report?: GradeReport;
  /** The time its grading took (that of the run that graded it, for a row kept from an earlier run). */
  readonly ms: number;
  /** Kept from an earlier run: nothing it depends on changed. */
  readonly kept?: boolean;
}

interface RowFile extends Row {
  readonly format: typeof ROW_FORMAT;
  readonly grader: string;
  readonly seedCheck: string;
  /** What else the row was graded with (counterexamples, the hidden cases' hash): a row graded otherwise is graded again. */
  readonly settings: string;
}

export interface ClassResult {
  readonly rows: readonly Row[];
  /** Entries of SUBMISSIONS that are no submission. */
  readonly ignored: readonly string[];
}

/**
 * A check of the seed that takes seconds to test each guess (scrypt), so that a row's file, read by a
 * student, does not give the seed away: 2^31 guesses would take years.
 */
export const seedCheck = (seed: number): string => scryptSync(String(seed), 'vector-similarity-workbook/grade-all', 16, { N: 2 ** 15, maxmem: 64 * 1024 * 1024 }).toString('hex');

/** A student's id as a file name: what is not a letter, a digit, `.`, `_` or `-` becomes `_`. */
const fileNameOf = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 120) || '_';

/** Each row's file name, unique even where the disk ignores case: two ids that read alike get -2, -3 … */
function fileNames(submissions: readonly Submission[]): Map<Submission, string> {
  const taken = new Set<string>();
  return new Map(
    submissions.map((submission) => {
      const base = fileNameOf(submission.student.id);
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
      taken.add(name.toLowerCase());
      return [submission, name];
    }),
  );
}

/** The options a row depends on besides the files, the grader and the seed, as one string. */
const settingsOf = (options: ClassOptions) => JSON.stringify({ counterexamples: options.counterexamples ?? true, hidden: options.hidden?.hash ?? null });

/**
 * The row kept from an earlier run, if it is still the row this run would write, under this run's name for the
 * submission and its student (a manifest may have changed). A verdict that may depend on the machine's load
 * (a timeout, a crash) is graded again, as the results cache does.
 */
function keptRow(file: string, submission: Submission, hash: string, check: string, settings: string): Row | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as RowFile;
    const same = kept.format === ROW_FORMAT && kept.grader === graderVersion() && kept.seedCheck === check && kept.settings === settings && kept.hash === hash && kept.status === 'graded';
    if (!same || dependsOnLoad(kept.report?.exercises ?? [])) return undefined;
    const { format: _, grader: __, seedCheck: ___, settings: ____, ...row } = kept;
    return { ...row, label: submission.label, student: submission.student, kept: true };
  } catch {
    return undefined; // none yet, or unreadable: graded
  }
}

/** Grades one submission (or finds its row kept) in a private folder of its own. */
async function gradeOne(submission: Submission, rowFile: string, options: ClassOptions, check: string): Promise<Row> {
  const started = performance.now();
  const base = { label: submission.label, student: submission.student };
  return withTempFolder('class', async (dir) => {
    const copy = join(dir, 'lessons');
    const scratch = join(dir, 'scratch');
    mkdirSync(copy);
    mkdirSync(scratch);
    const made = await materialize(submission, copy, scratch);
    if (!made.ok) return { ...base, status: 'refused', reason: made.reason, notes: [], ms: performance.now() - started };
    const kept = options.force ? undefined : keptRow(rowFile, submission, made.hash, check, settingsOf(options));
    if (kept) return kept;
    try {
      // Nothing kept on disk: the seed is the class's secret. Its cases are drawn once, for every student.
      const report = await grade({
        submission: copy,
        seed: options.seed,
        cache: false,
        keepCases: 'memory',
        typecheck: true,
        counterexamples: options.counterexamples ?? true,
        ...(options.hidden ? { hiddenCases: options.hidden.cases } : {}),
      });
      return { ...base, status: 'graded', notes: made.notes, hash: made.hash, report, ms: performance.now() - started };
    } catch (error) {
      return { ...base, status: 'refused', reason: `the grader failed on it (a bug in the grader; please report it): ${(error as Error).message}`, notes: made.notes, ms: performance.now() - started };
    }
  });
}

/** Grades every submission in `options.submissions`, writing each row as it is done. */
export async function gradeClass(options: ClassOptions): Promise<ClassResult> {
  const { submissions, ignored } = findSubmissions(options.submissions, options.manifest);
  const resultsDir = join(options.out, 'results');
  const feedbackDir = join(options.out, 'feedback');
  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(feedbackDir, { recursive: true });
  const names = fileNames(submissions);
  const check = seedCheck(options.seed);
  const byStudent = new Map<string, Submission[]>();
  for (const submission of submissions) byStudent.set(submission.student.id, [...(byStudent.get(submission.student.id) ?? []), submission]);
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  let done = 0;
  const rows = await Promise.all(
    submissions.map((submission) =>
      limit(async (): Promise<Row> => {
        const file = join(resultsDir, `${names.get(submission)}.json`);
        const others = byStudent.get(submission.student.id)!.filter((other) => other !== submission);
        const row: Row =
          others.length > 0
            ? {
                label: submission.label,
                student: submission.student,
                status: 'duplicate',
                reason: `student ${submission.student.id} also has ${others.map((other) => other.label).join(', ')}: keep one of them in SUBMISSIONS, or name them apart in a manifest`,
                notes: [],
                ms: 0,
              }
            : await gradeOne(submission, file, options, check);
        const written: RowFile = { format: ROW_FORMAT, grader: graderVersion(), seedCheck: check, settings: settingsOf(options), ...row };
        if (!row.kept) writeWhole(file, `${JSON.stringify(written, null, 1)}\n`);
        const page = join(feedbackDir, `${names.get(submission)}.html`);
        if (!row.kept || !existsSync(page)) writeWhole(page, feedbackHtml(row));
        options.onRow?.(row, ++done, submissions.length);
        return row;
      }),
    ),
  );
  return { rows, ignored };
}
