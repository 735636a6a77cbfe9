// The instructor's commands: `npm run grade-all -- SUBMISSIONS --out RESULTS`. Progress goes to stderr (a bar
// with an ETA on a terminal, a line per submission otherwise); the summary to stdout. The Gradescope
// autograder's two commands live in files of their own (gradescope-bundle.ts, autograde.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { HIDDEN_CASES_FILE, shownPath } from '../curriculum/index.ts';
import { onCleanup } from '../grader/cleanup.ts';
import { writeWhole } from '../grader/kept-files.ts';
import { visibleLine } from '../grader/report/escape.ts';
import { UsageError, existingFolder, fromCaller, isInside, parseCommandLine, runNamedCommand, type CommandSpec } from '../lib/cli.ts';
import { AUTOGRADE } from './autograde.ts';
import { gradeClass, type Row } from './grade-all.ts';
import { gradebookCsv } from './gradebook.ts';
import { GRADESCOPE_BUNDLE } from './gradescope-bundle.ts';
import { RELEASE } from './release/index.ts';
import { SEED_VARIABLE, hiddenFrom, seedFrom } from './secrets.ts';
import { classStats, type ClassStats } from './stats.ts';
import { summaryHtml } from './summary.ts';
import type { Manifest } from './submissions.ts';

const USAGE = `Usage: npm run grade-all -- SUBMISSIONS --out RESULTS [options]

Grades a whole class. SUBMISSIONS holds one entry per student: a folder laid
out like lessons/ (or holding a lessons/ folder, as a cloned repository does),
a .zip, Moodle's per-student folders, or Canvas's flat download
(name_id_submission_file). Nothing in SUBMISSIONS is changed. RESULTS
receives gradebook.csv, summary.html, results/<student>.json and
feedback/<student>.html, each written whole; an interrupted run keeps every
finished row, and a re-run grades only the submissions that changed.

The secret seed draws the random cases no student has seen: set it in the
environment (${SEED_VARIABLE}=N, out of the process list) or give --seed N.

Options:
  --out DIR         where the results go (made if missing; not in SUBMISSIONS)
  --seed N          the secret seed (default: ${SEED_VARIABLE})
  --public-seed     grade with the students' own seed instead (a practice run)
  --hidden FILE     the hidden cases (default: hidden/cases.json, if there):
                    inputs only you have, added to each function's cases
  --manifest FILE   CSV with the columns submission, student_id, name: who each
                    entry of SUBMISSIONS belongs to, where its name does not say
  --force           grade every submission again, changed or not
  --jobs N          submissions graded at once (default: one per core)
  --no-counterexamples
                    skip the search for each failure's smallest failing input
                    (less feedback; a class is graded in about 40% less time)
  -h, --help        show this help`;

/** The manifest's rows by submission; a usage error that names the line when it cannot be read. */
function readManifest(path: string): Manifest {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(fromCaller(path)), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw new UsageError(`--manifest ${path}: ${(error as Error).message}`);
  }
  const manifest = new Map<string, { id: string; name?: string }>();
  records.forEach((record, i) => {
    if (!record.submission || !record.student_id) {
      throw new UsageError(`--manifest ${path}, row ${i + 2}: each row needs a submission and a student_id (the header is: submission,student_id,name)`);
    }
    manifest.set(record.submission, { id: record.student_id, ...(record.name ? { name: record.name } : {}) });
  });
  return manifest;
}

/** A live bar with an ETA on a terminal; a line per submission elsewhere (a log, CI). */
function progress(stream: NodeJS.WriteStream): { onRow: (row: Row, done: number, total: number) => void; stop: () => void } {
  if (!stream.isTTY) {
    return {
      onRow: (row, done, total) => stream.write(`[${done}/${total}] ${visibleLine(row.label)}: ${describe(row)}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar({ stream, format: '  grading |{bar}| {value}/{total} submissions, ETA {eta_formatted}  {last}', hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onRow: (row, done, total) => {
      if (!started) bar.start(total, 0, { last: '' });
      started = true;
      bar.update(done, { last: `${visibleLine(row.label)}: ${describe(row)}`.slice(0, 40) });
    },
    stop: () => bar.stop(),
  };
}

function describe(row: Row): string {
  if (row.status !== 'graded') return `not graded (${visibleLine(row.reason ?? '')})`;
  return `${row.report!.score}/${row.report!.maxScore}${row.kept ? ' (unchanged since the last run)' : ` in ${(row.ms / 1000).toFixed(1)} s`}`;
}

/** A bar of `value` out of `most`, `width` characters at most. */
const bar = (value: number, most: number, width = 30) => '█'.repeat(most > 0 ? Math.round((width * value) / most) : 0);

/** The class at a glance, for the terminal: what was graded, the scores, pass rates, common mistakes, the slowest. */
export function summary(rows: readonly Row[], ignored: readonly string[], stats: ClassStats = classStats(rows)): string {
  const lines = [`${stats.total} submissions: ${stats.graded} graded, ${stats.total - stats.graded} not graded.`];
  for (const row of rows.filter((other) => other.status !== 'graded')) lines.push(`  ${visibleLine(row.label)}: ${visibleLine(row.reason ?? '')}`);
  if (ignored.length > 0) lines.push(`Ignored (not a folder, a .zip or an LMS download): ${ignored.map(visibleLine).join(', ')}`);
  if (stats.graded === 0) return `${lines.join('\n')}\n`;
  lines.push('', `Scores out of ${stats.maxScore} (mean ${stats.meanScore.toFixed(1)}):`);
  const most = Math.max(...stats.histogram);
  stats.histogram.forEach((count, score) => lines.push(`  ${String(score).padStart(2)} ${bar(count, most)} ${count || ''}`.trimEnd()));
  lines.push('', 'Pass rate per function:');
  for (const { name, rate } of stats.passRates) lines.push(`  ${name.padEnd(26)} ${String(Math.round(100 * rate)).padStart(3)}% ${bar(rate, 1, 20)}`);
  if (stats.mistakes.length > 0) {
    lines.push('', 'Mistakes named most often:');
    for (const { title, count, functions } of stats.mistakes) lines.push(`  ${count} × ${title} (${functions.join(', ')})`);
  }
  if (stats.slowest.length > 0) lines.push('', `Slowest to grade: ${stats.slowest.map(({ label, ms }) => `${visibleLine(label)} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

const GRADE_ALL: CommandSpec = {
  name: 'grade-all',
  usage: USAGE,
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, {
      out: { type: 'string' },
      seed: { type: 'string' },
      'public-seed': { type: 'boolean', default: false },
      manifest: { type: 'string' },
      hidden: { type: 'string' },
      force: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      counterexamples: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the folder of submissions: npm run grade-all -- SUBMISSIONS --out RESULTS' : `one folder of submissions at a time (got ${positionals.join(', ')})`);
    const submissions = existingFolder(positionals[0], 'SUBMISSIONS', 'Give the folder that holds one folder, .zip or LMS download per student.');
    if (!values.out) throw new UsageError('give the folder for the results: --out RESULTS');
    const out = fromCaller(values.out);
    if (isInside(submissions, out)) throw new UsageError(`--out ${values.out} is inside SUBMISSIONS: the next run would take it for a student; choose a folder outside`);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs takes a whole number of at least 1, got "${values.jobs}"`);
    const seed = seedFrom(values.seed, values['public-seed']);
    const manifest = values.manifest === undefined ? undefined : readManifest(values.manifest);
    const hidden = hiddenFrom(values.hidden);

    const finished: Row[] = [];
    const writeGradebook = () => writeWhole(join(out, 'gradebook.csv'), gradebookCsv(finished));
    // Interrupted (Ctrl-C), the gradebook still holds every row finished by then.
    const unregister = onCleanup(writeGradebook);
    const shown = progress(process.stderr);
    try {
      const { rows, ignored } = await gradeClass({
        submissions,
        out,
        seed,
        force: values.force,
        counterexamples: values.counterexamples,
        ...(hidden ? { hidden } : {}),
        ...(manifest ? { manifest } : {}),
        ...(jobs ? { jobs } : {}),
        onRow: (row, done, total) => {
          finished.push(row);
          shown.onRow(row, done, total);
        },
      });
      shown.stop();
      const stats = classStats(rows);
      writeWhole(join(out, 'summary.html'), await summaryHtml(rows, stats));
      process.stdout.write(summary(rows, ignored, stats));
      process.stdout.write(hidden ? `Hidden cases: ${hidden.count}, from ${shownPath(hidden.file)}.\n` : `No hidden cases (${shownPath(HIDDEN_CASES_FILE)} does not exist; --hidden FILE names another).\n`);
      process.stdout.write(
        [
          `Gradebook: ${shownPath(join(out, 'gradebook.csv'))}`,
          `Class summary, with charts: ${shownPath(join(out, 'summary.html'))}`,
          `For each student: ${shownPath(join(out, 'results'))}/<student>.json and ${shownPath(join(out, 'feedback'))}/<student>.html`,
        ].join('\n') + '\n',
      );
    } finally {
      shown.stop();
      unregister();
    }
    return 0;
  },
};

const COMMANDS: Readonly<Record<string, CommandSpec>> = { 'grade-all': GRADE_ALL, release: RELEASE, 'gradescope-bundle': GRADESCOPE_BUNDLE, autograde: AUTOGRADE };

/** The command named first in `argv`, for its compiled bundle's launcher (bin/instructor.mjs). */
export const run = (argv: readonly string[]): Promise<number> => runNamedCommand('instructor', COMMANDS, 'npm run grade-all -- SUBMISSIONS --out RESULTS, npm run release -- OUT_DIR, npm run gradescope-bundle -- OUT.zip, and autograde (run by the Gradescope bundle)', argv);
