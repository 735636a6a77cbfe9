// A class of 30 submissions (class.fixture.ts) graded end to end, through the command as an instructor runs it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SOLUTIONS_DIR, STUBS_DIR } from '../curriculum/index.ts';
import { readHiddenCases } from '../grader/cases/hidden.ts';
import { grade } from '../grader/grade.ts';
import type { GradeReport } from '../grader/types.ts';
import { Pane, hasTmux } from '../test/pane.ts';
import { fixtureClass, snapshot, type FixtureClass } from './class.fixture.ts';
import { gradeClass, type Row } from './grade-all.ts';
import { materialize } from './materialize.ts';
import { findSubmissions } from './submissions.ts';

const SEED = '424242';
const made: string[] = [];
let klass: FixtureClass;
let before: Map<string, string>;
let out: string;
let run: { code: number | null; stdout: string; stderr: string };
let manifest: string;

const temporary = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

function gradeAll(args: readonly string[], env: Record<string, string> = { VECTOR_SECRET_SEED: SEED }) {
  const done = spawnSync(process.execPath, [join(ROOT, 'bin', 'instructor.mjs'), 'grade-all', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

/** The class graded into `out` with its manifest; without the counterexample search, which only adds feedback (and time). */
const classRun = (out: string) => [klass.dir, '--out', out, '--manifest', manifest, '--no-counterexamples'];
const rowsIn = (dir: string) => readdirSync(join(dir, 'results')).map((name) => JSON.parse(readFileSync(join(dir, 'results', name), 'utf8')) as Row & { seedCheck: string });
const gradebook = (dir: string) => parse(readFileSync(join(dir, 'gradebook.csv')), { columns: true, bom: true }) as Record<string, string>[];
/**
 * Each function's score and status. A timeout and a crash are one verdict here: which of the two a hostile
 * function gets may depend on the machine's load (as results-cache.ts says), not on the other submissions.
 */
const verdicts = (report: GradeReport | undefined) =>
  report?.exercises.map(({ function: name, status, score }) => `${name}:${status === 'timeout' || status === 'error' ? 'stopped' : status}:${score}`);

beforeAll(async () => {
  klass = await fixtureClass();
  made.push(klass.dir);
  before = snapshot(klass.dir);
  out = temporary('class-results-');
  manifest = join(temporary('manifest-'), 'manifest.csv');
  writeFileSync(manifest, klass.manifest);
  run = gradeAll(classRun(out));
}, 300_000);
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('npm run grade-all on a class of 30', () => {
  it('gives every submission its row: graded with its score, or the reason it was not', () => {
    expect(run.code, run.stderr).toBe(0);
    const rows = new Map(rowsIn(out).map((row) => [row.label, row]));
    expect([...rows.keys()].sort()).toEqual([...klass.expected.keys()].sort());
    for (const [label, wanted] of klass.expected) {
      const row = rows.get(label)!;
      expect(row.status, `${label}: ${row.reason}`).toBe(wanted.status);
      if (wanted.status === 'graded' && wanted.score !== undefined) expect(row.report?.score, label).toBe(wanted.score);
      if (wanted.status !== 'graded') expect(row.reason, label).toMatch(wanted.reason);
    }
    expect(run.stdout).toMatch(/^30 submissions: 25 graded, 5 not graded\.$/m);
    // Each row has its feedback page; the class its summary, with its two charts.
    expect(readdirSync(join(out, 'feedback')).sort()).toEqual(readdirSync(join(out, 'results')).map((name) => name.replace(/\.json$/, '.html')).sort());
    expect(readFileSync(join(out, 'feedback', '6006.html'), 'utf8')).toContain('<strong>Score: 14 / 14</strong>');
    expect(readFileSync(join(out, 'summary.html'), 'utf8').match(/<figure><svg /g)).toHaveLength(2);
    expect(run.stdout).toMatch(/Ignored \(not a folder, a \.zip or an LMS download\): notes\.txt/);
  });

  it('changes nothing in SUBMISSIONS', () => {
    expect(snapshot(klass.dir)).toEqual(before);
  });

  it('grades each submission as it would be graded alone: no row depends on another, hostile ones included', async () => {
    const found = new Map(findSubmissions(klass.dir).submissions.map((submission) => [submission.label, submission]));
    const rows = rowsIn(out).filter((row) => row.status === 'graded');
    // Two at a time, as on the 2-core machine the class itself was graded.
    const limit = pLimit(2);
    const alone = await Promise.all(
      rows.map((row) =>
        limit(async () => {
          const dir = temporary('alone-');
          const copy = await materialize(found.get(row.label)!, join(dir, 'lessons'), join(dir, 'scratch'));
          if (!copy.ok) throw new Error(copy.reason);
          return grade({ submission: copy.dir, seed: Number(SEED), cache: false, keepCases: 'memory', typecheck: false, counterexamples: false });
        }),
      ),
    );
    rows.forEach((row, i) => expect(verdicts(row.report), row.label).toEqual(verdicts(alone[i])));
  }, 300_000);

  it('writes a gradebook that parses back whole: names with commas, quotes and accents, a column per function', () => {
    const book = gradebook(out);
    expect(book).toHaveLength(30);
    expect(book.find((row) => row.student_id === '5005')?.name).toBe('Mia "M" O\'Neil, Jr.');
    expect(book.find((row) => row.student_id === '6006')).toMatchObject({ name: 'Ada, Countess of Lovelace', submission: 'ada', status: 'graded', score: '14', max_score: '14', topK: '1' });
    expect(book.find((row) => row.student_id === '1001')?.name).toBe('Émilie Zoë');
    expect(book.find((row) => row.submission === 'empty')).toMatchObject({ status: 'refused', score: '', euclidean: '' });
  });

  it('never writes the seed, only a check of it', () => {
    for (const name of readdirSync(join(out, 'results'))) expect(readFileSync(join(out, 'results', name), 'utf8')).not.toContain(SEED);
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8')).not.toContain(SEED);
  });

  it('grades nothing again when nothing changed, and grades again what did', () => {
    const again = gradeAll(classRun(out));
    expect(again.code).toBe(0);
    // Kept: every graded row but those with a verdict that may depend on the machine's load (a timeout, a crash).
    const keepable = rowsIn(out).filter((row) => row.status === 'graded' && !row.report!.exercises.some((exercise) => ['timeout', 'error'].includes(exercise.status))).length;
    expect(keepable).toBeGreaterThan(15);
    expect(again.stderr.match(/unchanged since the last run/g)).toHaveLength(keepable);
    const changed = join(klass.dir, 'ben', '02-dot-product', 'exercise.ts');
    const text = readFileSync(changed, 'utf8');
    try {
      writeFileSync(changed, `${text}\n// changed\n`);
      const third = gradeAll(classRun(out));
      expect(third.stderr).toMatch(/^\[\d+\/30\] ben: 14\/14 in /m);
      expect(third.stderr.match(/unchanged since the last run/g)).toHaveLength(keepable - 1);
    } finally {
      writeFileSync(changed, text);
    }
  }, 300_000);

  it('keeps every finished row when interrupted, and a resumed run ends with the same gradebook', async () => {
    const interrupted = temporary('interrupted-');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'instructor.mjs'), 'grade-all', ...classRun(interrupted), '--jobs', '1'], {
      cwd: ROOT,
      env: { ...process.env, VECTOR_SECRET_SEED: SEED, NO_COLOR: '1' },
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if ((stderr.match(/^\[\d+\/30\]/gm) ?? []).length >= 5) child.kill('SIGINT');
      });
      child.on('exit', () => resolve());
    });
    const kept = gradebook(interrupted);
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.length).toBeLessThan(30);
    const resumed = gradeAll(classRun(interrupted));
    expect(resumed.code).toBe(0);
    expect(resumed.stderr.match(/unchanged since the last run/g)?.length).toBeGreaterThanOrEqual(kept.filter((row) => row.status === 'graded').length);
    // The same rows as the uninterrupted run's, to the byte.
    expect(readFileSync(join(interrupted, 'gradebook.csv'), 'utf8')).toBe(readFileSync(join(out, 'gradebook.csv'), 'utf8'));
  }, 300_000);

  it('refuses to run without a seed chosen, or with its results inside SUBMISSIONS, saying what to do; its help fits 80 columns', () => {
    const help = gradeAll(['--help']);
    expect(help.code).toBe(0);
    for (const line of help.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const noSeed = gradeAll([klass.dir, '--out', temporary('x-')], { VECTOR_SECRET_SEED: '' });
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr).toMatch(/^grade-all: no secret seed: set VECTOR_SECRET_SEED to a whole number only you know \(or give --seed N\), or add --public-seed/);
    const inside = gradeAll([klass.dir, '--out', join(klass.dir, 'results')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/is inside SUBMISSIONS/);
    // Through a link to SUBMISSIONS, still inside.
    const link = join(temporary('link-'), 'to-class');
    symlinkSync(klass.dir, link);
    const throughLink = gradeAll([klass.dir, '--out', join(link, 'results')]);
    expect(throughLink.code).toBe(2);
    expect(throughLink.stderr).toMatch(/is inside SUBMISSIONS/);
    expect(snapshot(klass.dir)).toEqual(before);
  });
});

describe('gradeClass', () => {
  it('gives every row a file of its own, even for ids that read alike as file names or differ only in case', async () => {
    const dir = temporary('alike-');
    for (const name of ['a b', 'a_b', 'a_b-2', 'A_B']) mkdirSync(join(dir, 'class', name), { recursive: true });
    const { rows } = await gradeClass({ submissions: join(dir, 'class'), out: join(dir, 'results'), seed: 1 });
    expect(rows).toHaveLength(4);
    expect(readdirSync(join(dir, 'results', 'results'))).toHaveLength(4);
    expect(readdirSync(join(dir, 'results', 'feedback'))).toHaveLength(4);
  });

  it('gives a kept row the names of this run: a student renamed in the manifest is shown renamed', async () => {
    const dir = temporary('renamed-');
    cpSync(STUBS_DIR, join(dir, 'class', 'solo'), { recursive: true });
    const options = { submissions: join(dir, 'class'), out: join(dir, 'results'), seed: 5, counterexamples: false };
    await gradeClass({ ...options, manifest: new Map([['solo', { id: 's1', name: 'Old Name' }]]) });
    const [row] = (await gradeClass({ ...options, manifest: new Map([['solo', { id: 's1', name: 'New Name' }]]) })).rows;
    expect(row).toMatchObject({ kept: true, student: { id: 's1', name: 'New Name' } });
  });

  it('keeps a row only for a run that asks for the same feedback: with or without counterexamples', async () => {
    const dir = temporary('one-student-');
    cpSync(STUBS_DIR, join(dir, 'class', 'solo'), { recursive: true });
    const options = { submissions: join(dir, 'class'), out: join(dir, 'results'), seed: 99 };
    await gradeClass(options);
    expect((await gradeClass(options)).rows[0].kept).toBe(true);
    expect((await gradeClass({ ...options, counterexamples: false })).rows[0].kept).toBeUndefined();
    expect((await gradeClass({ ...options, counterexamples: false })).rows[0].kept).toBe(true);
  });

  it('grades on the hidden cases too, and again when they change', async () => {
    const dir = temporary('hidden-class-');
    cpSync(SOLUTIONS_DIR, join(dir, 'class', 'solo'), { recursive: true });
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify({ dot: [{ name: 'orthogonal', args: [[1, 0], [0, 1]] }] }));
    const hidden = { cases: readHiddenCases(file), hash: 'first' };
    const options = { submissions: join(dir, 'class'), out: join(dir, 'results'), seed: 99, counterexamples: false, hidden };
    const [row] = (await gradeClass(options)).rows;
    const dot = row.report!.exercises.find((exercise) => exercise.function === 'dot')!;
    expect(dot).toMatchObject({ status: 'pass' });
    expect(dot.cases.at(-1)?.name).toBe('hidden case 1 (orthogonal)');
    expect((await gradeClass(options)).rows[0].kept).toBe(true);
    expect((await gradeClass({ ...options, hidden: { ...hidden, hash: 'second' } })).rows[0].kept).toBeUndefined();
  });
});

describe.skipIf(!hasTmux)('npm run grade-all on a terminal', () => {
  it('shows its progress as a bar with the count and an ETA', async () => {
    const dir = temporary('terminal-class-');
    for (const name of ['a', 'b']) cpSync(STUBS_DIR, join(dir, 'class', name), { recursive: true });
    // Tall enough to keep the bar's last state above the summary.
    const pane = new Pane(ROOT, 100, 80);
    pane.type(`VECTOR_SECRET_SEED=3 ${process.execPath} bin/instructor.mjs grade-all ${join(dir, 'class')} --out ${join(dir, 'out')} --jobs 1; echo "exit=$?"`, true);
    const screen = await pane.until(/^exit=\d+$/m, 60_000);
    expect(screen).toMatch(/^exit=0$/m);
    expect(screen).toMatch(/^ {2}grading \|[█░]+\| 2\/2 submissions, ETA \d+s/m);
    // The bar, not a line per submission as in a log.
    expect(screen).not.toMatch(/^\[1\/2\]/m);
  });
});
