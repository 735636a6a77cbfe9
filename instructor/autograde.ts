// `node bin/instructor.mjs autograde`: what the Gradescope bundle's run_autograder runs for each submission
// (gradescope-bundle.ts builds the bundle). Gradescope puts the student's files in /autograder/submission and
// reads /autograder/results/results.json; AUTOGRADER_ROOT moves /autograder elsewhere, as the bundle's test does.
// The submission is graded as grade-all grades one student: laid out as a class of one in a private folder
// (a copy: the submission folder is only ever read), then gradeClass with the bundle's secret seed and hidden
// cases, and its row rendered as Gradescope's results.json. Whatever happens, the student gets a results.json
// that says what was graded or why nothing was: a submission that cannot be graded scores 0 with the reason and
// what to upload, and a broken autograder says so too (and fails, for the instructor's log).
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { LESSONS, ROOT, lessonFolder } from '../curriculum/index.ts';
import { readHiddenCasesWithHash } from '../grader/cases/hidden.ts';
import { writeWhole } from '../grader/kept-files.ts';
import { isCodeFile } from '../grader/load.ts';
import { jsonWithoutRawControls, visibleLine } from '../grader/report/escape.ts';
import { renderGradescope } from '../grader/report/gradescope.ts';
import { withTempFolder } from '../grader/workspace.ts';
import { UsageError, parseCommandLine, type CommandSpec } from '../lib/cli.ts';
import { gradeClass } from './grade-all.ts';

/** The variable that moves Gradescope's /autograder elsewhere (a test's temporary folder). */
export const ROOT_VARIABLE = 'AUTOGRADER_ROOT';
const GRADESCOPE_ROOT = '/autograder';

/** The bundle's private settings, beside the code (Gradescope's /autograder/source): written by gradescope-bundle.ts. */
export const CONFIG_FILE = 'autograder.json';
const Config = v.strictObject({
  format: v.literal(1),
  seed: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** Search failures for their smallest failing input: better feedback, more time. */
  counterexamples: v.boolean(),
  /** The hidden cases' file, relative to the bundle's root, if any. */
  hiddenCases: v.nullable(v.string()),
});
export type AutograderConfig = v.InferOutput<typeof Config>;

/** Gradescope's results.json, as grader/report/gradescope.ts renders it. */
interface Results {
  score: number;
  output: string;
  visibility: string;
  stdout_visibility: string;
  tests: { name: string; score: number; max_score: number; status: string; output: string; visibility: string }[];
}

/** More than any honest submission holds: the copy stops there (materialize.ts applies the grader's own, lower, limits to it). */
const COPY_LIMITS = { files: 2_000, bytes: 64 * 1024 * 1024, depth: 8 } as const;
const SKIPPED = new Set(['node_modules', '.git']);

/** A submission that cannot be graded, and why: the student's problem, told to the student. */
class NotGradable extends Error {}
/** The bundle itself is broken: the instructor's problem. */
class SetupError extends Error {}

const WHAT_TO_UPLOAD = `What to upload: your lesson files, each in its lesson's folder as in the workbook (${LESSONS.map((lesson) => `${lessonFolder(lesson)}/exercise.ts`).join(', ')}). Upload your lessons/ folder as a .zip, or submit your repository from GitHub (the five files share one name, exercise.ts, so they cannot go up side by side on their own).`;

const USAGE = `Usage: node bin/instructor.mjs autograde

Grades a Gradescope submission: run by the run_autograder of the bundle that
npm run gradescope-bundle builds, from the bundle's folder (Gradescope's
/autograder/source). Reads the student's files in ${ROOT_VARIABLE}/submission and writes
${ROOT_VARIABLE}/results/results.json (${ROOT_VARIABLE} is ${GRADESCOPE_ROOT} unless set). The secret
seed and the hidden cases come from the bundle's ${CONFIG_FILE}.

Options:
  -h, --help        show this help`;

/** The bundle's settings, checked. */
function readConfig(): AutograderConfig {
  const file = join(ROOT, CONFIG_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SetupError(`${file} cannot be read (${(error as Error).message}): autograde runs inside a bundle that npm run gradescope-bundle built`);
  }
  const checked = v.safeParse(Config, parsed);
  if (!checked.success) throw new SetupError(`${file}, at ${v.getDotPath(checked.issues[0]) ?? 'the top level'}: ${checked.issues[0].message}: build the bundle again with npm run gradescope-bundle`);
  return checked.output;
}

interface Found {
  readonly code: { readonly path: string; readonly rel: string }[];
  readonly zips: { readonly path: string; readonly rel: string }[];
}

/** The code files and zips in `dir` (links never followed, nor hard links copied: they may be files from anywhere). */
function filesIn(dir: string): Found {
  const found: Found = { code: [], zips: [] };
  let bytes = 0;
  const walk = (at: string, depth: number) => {
    for (const name of readdirSync(at).sort()) {
      if (SKIPPED.has(name)) continue;
      const path = join(at, name);
      const stats = lstatSync(path);
      if (stats.isDirectory() && depth < COPY_LIMITS.depth) walk(path, depth + 1);
      if (!stats.isFile() || stats.nlink > 1) continue;
      const list = isCodeFile(name) ? found.code : /\.zip$/i.test(name) ? found.zips : undefined;
      if (!list) continue;
      bytes += stats.size;
      if (found.code.length + found.zips.length >= COPY_LIMITS.files || bytes > COPY_LIMITS.bytes) {
        throw new NotGradable(`it holds more than ${COPY_LIMITS.files} code files or ${COPY_LIMITS.bytes / 1024 / 1024} MB, far more than the lessons need`);
      }
      list.push({ path, rel: relative(dir, path) });
    }
  };
  walk(dir, 0);
  return found;
}

/** Whether `rel` is a lesson's file where lessons/ has it (`01-euclidean/exercise.ts`), at any depth. */
const isLessonFile = (rel: string) => LESSONS.some((lesson) => `${sep}${rel}`.endsWith(`${sep}${lessonFolder(lesson)}${sep}exercise.ts`));

/**
 * Gradescope's submission folder made an entry of `classDir`, in the form grade-all reads it (submissions.ts):
 * a folder when it holds the lessons' layout somewhere (an upload of lessons/, a GitHub repository), else its
 * one zip, else its loose code files as an LMS's flat download (each goes to the lesson whose functions it
 * exports), else an empty folder (which grade-all refuses with the reason).
 */
function placeEntry(submission: string, classDir: string): void {
  let found: Found;
  try {
    found = filesIn(submission);
  } catch (error) {
    if (error instanceof NotGradable) throw error;
    throw new NotGradable(`it could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const copy = (from: string, to: string) => {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  };
  if (found.code.some(({ rel }) => isLessonFile(rel))) {
    for (const { path, rel } of found.code) copy(path, join(classDir, 'submission', rel));
  } else if (found.zips.length > 1) {
    throw new NotGradable(`it holds several zips (${found.zips.map(({ rel }) => rel).join(', ')}): upload one`);
  } else if (found.zips.length === 1) {
    copy(found.zips[0].path, join(classDir, 'submission.zip'));
  } else if (found.code.length > 0) {
    // Named as Canvas names a student's files (name_userid_submissionid_file): one student, one upload.
    for (const { path, rel } of found.code) copy(path, join(classDir, `student_1_1_${rel.split(sep).join('_')}`));
  } else {
    mkdirSync(join(classDir, 'submission'));
  }
}

/** results.json for a submission that was not graded: why, and what to upload instead when it is the submission's doing. */
function notGraded(why: string, sayWhatToUpload = true): Results {
  return { score: 0, output: [`Your submission could not be graded: ${why}.`, ...(sayWhatToUpload ? [WHAT_TO_UPLOAD] : [])].join('\n\n'), visibility: 'visible', stdout_visibility: 'hidden', tests: [] };
}

/** The bundle's hidden cases (checked when it was built: an error here means the bundle was changed since). */
function readHidden(file: string): ReturnType<typeof readHiddenCasesWithHash> {
  try {
    return readHiddenCasesWithHash(file);
  } catch (error) {
    throw new SetupError(`the hidden cases: ${(error as Error).message}`);
  }
}

/** The submission in `submission`, graded as a class of one in a private folder. */
async function gradeSubmission(submission: string, config: AutograderConfig): Promise<Results> {
  const hidden = config.hiddenCases === null ? undefined : readHidden(join(ROOT, config.hiddenCases));
  if (!existsSync(submission)) throw new SetupError(`no submission folder at ${submission}: Gradescope puts it in /autograder/submission; elsewhere, set ${ROOT_VARIABLE} to the folder that holds submission/`);
  return withTempFolder('autograde', async (dir) => {
    const classDir = join(dir, 'class');
    mkdirSync(classDir);
    placeEntry(submission, classDir);
    const { rows } = await gradeClass({ submissions: classDir, out: join(dir, 'out'), seed: config.seed, counterexamples: config.counterexamples, jobs: 1, ...(hidden ? { hidden } : {}) });
    const row = rows[0];
    if (rows.length !== 1 || !row) throw new Error(`a class of one gave ${rows.length} rows`);
    if (row.status !== 'graded' || !row.report) return notGraded(row.reason ?? 'it could not be read');
    // renderGradescope makes the file from the report alone; the notes on how the files were read go with it.
    const results = JSON.parse(renderGradescope(row.report)) as Results;
    for (const note of row.notes) results.output += `\nNote: ${note}`;
    return results;
  });
}

export const AUTOGRADE: CommandSpec = {
  name: 'autograde',
  usage: USAGE,
  isExpected: (error): error is Error => error instanceof SetupError,
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, { help: { type: 'boolean', short: 'h', default: false } });
    if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
    if (positionals.length > 0) throw new UsageError(`autograde takes no arguments (got ${positionals.join(', ')}); set ${ROOT_VARIABLE} to grade elsewhere than ${GRADESCOPE_ROOT}`);
    const root = resolve(process.env[ROOT_VARIABLE] || GRADESCOPE_ROOT);
    let results: Results;
    let failure: unknown;
    try {
      results = await gradeSubmission(join(root, 'submission'), readConfig());
    } catch (error) {
      if (error instanceof NotGradable) results = notGraded(error.message);
      else {
        failure = error;
        results = notGraded('the autograder itself failed, which is not your doing: tell your instructor, and submit again once they have mended it', false);
      }
    }
    // Gradescope makes the folder; a local run may not have.
    const file = join(root, 'results', 'results.json');
    mkdirSync(dirname(file), { recursive: true });
    writeWhole(file, `${jsonWithoutRawControls(JSON.stringify(results, null, 2))}\n`);
    // The instructor's log (Gradescope hides it from students): one line, no student text but the reason.
    process.stdout.write(`${basename(file)}: score ${results.score}${results.tests.length > 0 ? ` / ${results.tests.reduce((sum, test) => sum + test.max_score, 0)}` : ` (${visibleLine(results.output.split('\n')[0])})`}\n`);
    if (failure) throw failure;
    return 0;
  },
};
