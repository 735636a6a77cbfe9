// npm run release, end to end: the student copy is written through the command as an instructor runs it (with
// a secret seed in the environment, which must not matter), scanned for leaks, installed in its own folder
// from npm's cache (`npm ci --offline`: the packages this project's own install fetched), and graded there
// through its own commands: the stubs, the reference solutions, and a wrong function per function from the
// mutant zoo, which the copy must judge as the instructor's grader does. Its GitHub Classroom workflow is read
// back with the yaml package and its commands run in the copy.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { deserialize } from 'node:v8';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HIDDEN_CASES_FILE, LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, allFunctions, exerciseFile, lessonFolder } from '../../curriculum/index.ts';
import type { GradeReport } from '../../grader/types.ts';
import { WRONG } from '../../grader/zoo/mutants.ts';
import { removeAll, solutionCopy, swapFunction } from '../../test/submission.ts';

const made: string[] = [];
const SECRET = String(randomInt(10 ** 9, 2 ** 31));
let copy: string;
let released: { code: number | null; stdout: string; stderr: string };

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const done = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

/** The copy's grader, as a student starts it. */
const gradeInCopy = (args: readonly string[]) => run(process.execPath, [join(copy, 'bin', 'grade.mjs'), ...args], copy);
const reportOf = (stdout: string) => JSON.parse(stdout) as GradeReport;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return [path];
  });
}

/** Code without comments and whitespace: a body copied in another layout is still found. */
const bare = (code: string) => code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\s+/g, '');

/** The body of every function of the reference solutions, bare, with where it comes from. */
function solutionBodies(): { where: string; body: string }[] {
  return LESSONS.flatMap((lesson) => {
    const source = readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8');
    // Each top-level function, from the line its signature ends on to the closing brace at the margin.
    return [...source.matchAll(/^(?:export )?function (\w+)\([\s\S]*?\)[^{\n]*\{\n([\s\S]*?)^\}/gm)].map(([, name, body]) => ({ where: `${lesson.number} ${name}`, body: bare(body) }));
  });
}

/** Where `dir` holds a solution's body: the leak scan. */
function solutionsFoundIn(dir: string): string[] {
  const texts = filesUnder(dir)
    .filter((file) => /\.(ts|mjs|js|json|md|yml)$/.test(file))
    .map((file) => ({ file: relative(dir, file), text: bare(readFileSync(file, 'utf8')) }));
  return solutionBodies().flatMap(({ where, body }) => texts.filter(({ text }) => text.includes(body)).map(({ file }) => `${where} in ${file}`));
}

/** A hidden input no public case has: it must not reach the copy, wherever it would hide. */
const HIDDEN_MARK = 271_828.182_845_9;
/** The instructor's hidden cases during the release: theirs where this machine has some, else ours, for the run only. */
function withHiddenCases<T>(work: () => T): { result: T; hidden: { args: unknown }[] } {
  if (existsSync(HIDDEN_CASES_FILE)) return { result: work(), hidden: Object.values(JSON.parse(readFileSync(HIDDEN_CASES_FILE, 'utf8')) as Record<string, { args: unknown }[]>).flat() };
  const hidden = [{ name: 'a far point', args: [[HIDDEN_MARK, 0], [0, 0]] }];
  const folderMade = !existsSync(dirname(HIDDEN_CASES_FILE));
  mkdirSync(dirname(HIDDEN_CASES_FILE), { recursive: true });
  writeFileSync(HIDDEN_CASES_FILE, JSON.stringify({ euclidean: hidden }));
  try {
    return { result: work(), hidden };
  } finally {
    rmSync(HIDDEN_CASES_FILE);
    if (folderMade) rmdirSync(dirname(HIDDEN_CASES_FILE));
  }
}
let hiddenCases: { args: unknown }[];

/** Every number and string in the copy's public tables, their parts unpacked and the cases' arguments read. */
function tableValues(): (number | string)[] {
  const file = deserialize(readFileSync(join(copy, 'grader', 'public-cases.bin'))) as { cases: Record<string, Uint8Array>; answers: Uint8Array };
  const unpack = (bytes: Uint8Array) => deserialize(gunzipSync(bytes)) as unknown;
  const kept = Object.values(file.cases).map(unpack) as { calls: Uint8Array[] }[];
  const values: (number | string)[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'number' || typeof value === 'string') values.push(value);
    else if (value instanceof Map) for (const [key, item] of value) walk([key, item]);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item);
  };
  walk(kept.map((table) => ({ ...table, calls: table.calls.map((call) => deserialize(call)) })));
  walk(unpack(file.answers));
  return values;
}

beforeAll(() => {
  const parent = mkdtempSync(join(tmpdir(), 'release-'));
  made.push(parent);
  copy = join(parent, 'student-copy');
  ({ result: released, hidden: hiddenCases } = withHiddenCases(() =>
    run(process.execPath, [join(ROOT, 'bin', 'instructor.mjs'), 'release', copy, '--github-classroom'], ROOT, { VECTOR_SECRET_SEED: SECRET }),
  ));
}, 120_000);

afterAll(() => removeAll(made));

describe('npm run release', () => {
  it('writes the copy and says what to do next', () => {
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toContain(`Wrote the student copy to ${copy}`);
    expect(released.stdout).toMatch(/npm install && npm run grade/);
  });

  it('holds no solution, instructor command, hidden case or secret', () => {
    const files = filesUnder(copy).map((file) => relative(copy, file));
    expect(files.filter((file) => /^(solutions|instructor|hidden|bench|scripts|test)\//.test(file))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.test.ts'))).toEqual([]);
    expect(solutionsFoundIn(copy)).toEqual([]);
    const everything = filesUnder(copy).map((file) => readFileSync(file));
    expect(everything.filter((bytes) => bytes.includes(SECRET))).toHaveLength(0);
    const texts = everything.map((bytes) => bytes.toString('utf8'));
    expect(texts.filter((text) => /from '\.\.?\/[^']*solutions\//.test(text))).toEqual([]);
    // The hidden cases: none of their inputs, in any file or in the public tables.
    for (const { args } of hiddenCases) expect(texts.some((text) => text.includes(JSON.stringify(args)))).toBe(false);
    const values = tableValues();
    expect(values.length).toBeGreaterThan(100_000);
    const hiddenNumbers = hiddenCases.flatMap(({ args }) => JSON.stringify(args).match(/-?\d+\.\d{4,}/g) ?? []).map(Number);
    expect(values.filter((value) => hiddenNumbers.includes(value as number))).toEqual([]);
    expect(values.filter((value) => String(value).includes(SECRET))).toEqual([]);
  });

  it('has a table scan that finds a number where there is one', () => {
    // A value every public table has: the notebook's first printed component is in lesson 01's fixed cases.
    expect(tableValues()).toContain(-0.22804335);
  });

  it('has a leak scan that finds a solution where there is one', () => {
    // The scan run on the workbook itself, which has the solutions: every function is found.
    expect(solutionsFoundIn(SOLUTIONS_DIR)).toHaveLength(solutionBodies().length);
    expect(solutionBodies().length).toBeGreaterThanOrEqual(allFunctions().length);
  });

  it('hands out the lessons as stubs, with their texts', () => {
    for (const lesson of LESSONS) {
      const file = relative(join(ROOT, 'lessons'), exerciseFile(lesson));
      expect(readFileSync(join(copy, 'lessons', file), 'utf8')).toBe(readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8'));
      expect(readFileSync(join(copy, 'stubs', file), 'utf8')).toBe(readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8'));
      expect(existsSync(join(copy, 'lessons', file.replace('exercise.ts', 'README.md')))).toBe(true);
    }
  });

  it('refuses a folder that holds files, and writes nothing there', () => {
    const full = mkdtempSync(join(tmpdir(), 'release-full-'));
    made.push(full);
    writeFileSync(join(full, 'mine.txt'), 'an instructor’s file');
    const refused = run(process.execPath, [join(ROOT, 'bin', 'instructor.mjs'), 'release', full], ROOT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds files: give a new or empty folder \(nothing was written\)/);
    expect(readdirSync(full)).toEqual(['mine.txt']);
  });
});

describe('the copy, installed in its own folder', () => {
  beforeAll(() => {
    const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], copy);
    if (installed.code !== 0) throw new Error(`npm ci --offline in the copy failed:\n${installed.stderr}`);
  }, 180_000);

  it('installs only what its commands need', () => {
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(Object.keys(pkg.scripts)).not.toContain('grade-all');
    expect(Object.keys(pkg.scripts)).not.toContain('release');
    // What only the instructor's commands import stays out: zips, CSV, YAML.
    for (const name of ['yauzl', 'csv-stringify', 'csv-parse', 'yaml']) expect(Object.keys(pkg.dependencies)).not.toContain(name);
    for (const name of ['mathjs', 'katex', 'vega']) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('grades the stubs as not started', { timeout: 60_000 }, () => {
    const graded = gradeInCopy(['--json']);
    expect(graded.code).toBe(1);
    const report = reportOf(graded.stdout);
    expect(report.exercises.map((exercise) => exercise.status)).toEqual(allFunctions().map(() => 'not-started'));
  });

  it('passes the reference solutions on every public case', { timeout: 60_000 }, () => {
    const graded = gradeInCopy(['--submission', SOLUTIONS_DIR, '--json']);
    expect(graded.code, graded.stderr).toBe(0);
    const report = reportOf(graded.stdout);
    expect(report.score).toBe(report.maxScore);
    // As many cases as the instructor's grader runs on the public seed.
    for (const exercise of report.exercises) expect(exercise.cases.length).toBeGreaterThan(50);
  });

  it('judges wrong functions as the instructor’s grader does: failing, with the same mistake named', { timeout: 120_000 }, () => {
    const firstOfEach = allFunctions().flatMap(({ spec }) => WRONG.filter((mutant) => mutant.fn === spec.name && mutant.mistake).slice(0, 1));
    expect(firstOfEach.length).toBeGreaterThanOrEqual(12);
    for (const mutant of firstOfEach) {
      const submission = solutionCopy(made, 'release-mutant-');
      swapFunction(submission, mutant.fn, mutant.source, mutant.preamble);
      const graded = gradeInCopy(['--submission', submission, mutant.fn, '--json', '--no-typecheck']);
      const [exercise] = reportOf(graded.stdout).exercises;
      expect(exercise.status, `${mutant.fn} ${mutant.name}`).not.toBe('pass');
      expect(exercise.mistake?.id, `${mutant.fn} ${mutant.name}: ${exercise.summary}`).toBe(mutant.mistake);
    }
  });

  it('refuses other seeds and says why', () => {
    for (const seed of ['7', 'random']) {
      const refused = gradeInCopy(['--seed', seed, 'euclidean']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/grades its public cases only .*instructor/);
    }
  });

  it('runs the learner’s commands, the browser workbook’s pages included', () => {
    const listed = run('npm', ['run', '--silent', 'list'], copy);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/euclidean/);
    // The embedding commands start from their bundle too (no model here: the clear refusal, not a crash).
    const verify = run('npm', ['run', '--silent', 'model:verify', '--', '--offline'], copy);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stderr).toMatch(/is not in the cache folder \.cache\/models, and this run is offline/);
    const site = join(copy, '..', 'site');
    const exported = run('npm', ['run', '--silent', 'workbook', '--', '--export', site], copy);
    expect(exported.code, exported.stderr).toBe(0);
    const page = readFileSync(join(site, `${lessonFolder(LESSONS[0])}.html`), 'utf8');
    expect(page).toContain('class="katex"');
    expect(existsSync(join(site, 'assets', 'workbook.css'))).toBe(true);
  });

  it('carries a GitHub Classroom workflow with a test per function, whose commands grade in the copy', { timeout: 60_000 }, () => {
    const workflow = parse(readFileSync(join(copy, '.github', 'workflows', 'classroom.yml'), 'utf8')) as {
      jobs: { autograding: { steps: { id?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] } };
    };
    const steps = workflow.jobs.autograding.steps;
    const tests = steps.filter((step) => step.uses?.startsWith('classroom-resources/autograding-command-grader@'));
    expect(tests.map((step) => step.with?.['test-name'])).toEqual(allFunctions().map(({ lesson, spec }) => `${spec.name} (lesson ${lesson.number})`));
    expect(tests.every((step) => step.with?.['max-score'] === 1)).toBe(true);
    const reporter = steps.find((step) => step.uses?.startsWith('classroom-resources/autograding-grading-reporter@'));
    const ids = tests.map((step) => step.id!);
    expect(String(reporter?.with?.runners).split(',')).toEqual(ids);
    expect(Object.keys(reporter?.env ?? {})).toEqual(ids.map((id) => `${id.toUpperCase()}_RESULTS`));
    expect(Object.values(reporter?.env ?? {})).toEqual(ids.map((id) => `\${{ steps.${id}.outputs.result }}`));

    // A test's command, run in the copy as the runner would: it fails on the stub and passes on the solution.
    const euclidean = tests.find((step) => step.id === 'euclidean')!;
    const command = String(euclidean.with?.command);
    expect(run('bash', ['-c', command], copy).code).not.toBe(0);
    const lesson = LESSONS[0];
    cpSync(exerciseFile(lesson, SOLUTIONS_DIR), join(copy, 'lessons', relative(join(ROOT, 'lessons'), exerciseFile(lesson))));
    expect(run('bash', ['-c', command], copy).code).toBe(0);
  });
});
