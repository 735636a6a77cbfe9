// npm run gradescope-bundle, end to end: the zip is built through the command as an instructor runs it, its
// entries are checked, then it is unpacked into a temporary folder laid out like Gradescope's /autograder
// (source/, submission/, results/) and its run_autograder is run there, on a student's work and on an empty
// submission. The packages come from this project's node_modules (linked in: no network in tests).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS, ROOT, SOLUTIONS_DIR, allFunctions, exerciseFile, lessonFolder } from '../curriculum/index.ts';
import { WRONG } from '../grader/zoo/mutants.ts';
import { removeAll, solutionCopy, swapFunction } from '../test/submission.ts';
import { snapshot } from './class.fixture.ts';

const SEED = '4242';
const HIDDEN = { euclidean: [{ name: 'a 5-12-13 triangle', args: [[0, 0], [5, 12]] }] };
const made: string[] = [];
let dir: string;
let zipPath: string;
let built: { code: number | null; stdout: string; stderr: string };
let entries: Map<string, { mode: number; bytes: Buffer }>;

/** The instructor's command, as `npm run` starts it; no secret seed in the environment unless given. */
function instructor(args: readonly string[], env: Record<string, string> = {}) {
  const { VECTOR_SECRET_SEED: _, ...rest } = process.env;
  const done = spawnSync(process.execPath, [join(ROOT, 'bin', 'instructor.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...rest, NO_COLOR: '1', ...env } });
  return { code: done.status, stdout: done.stdout, stderr: done.stderr };
}

/** Every file entry of the zip at `path`: its Unix mode and its bytes. */
async function readZip(path: string): Promise<Map<string, { mode: number; bytes: Buffer }>> {
  const zip = await new Promise<ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))));
  const files = new Map<string, { mode: number; bytes: Buffer }>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject).on('end', resolve);
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        files.set(entry.fileName, { mode: entry.externalFileAttributes >>> 16, bytes: Buffer.concat(chunks) });
        zip.readEntry();
      });
    });
    zip.readEntry();
  });
  return files;
}

/** Runs the bundle's run_autograder as Gradescope does, with AUTOGRADER_ROOT standing for /autograder; its results.json. */
function runAutograder() {
  rmSync(join(dir, 'results'), { recursive: true, force: true });
  const done = spawnSync('bash', [join(dir, 'source', 'run_autograder')], { encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: dir } });
  expect(done.status, done.stderr).toBe(0);
  return JSON.parse(readFileSync(join(dir, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
}

/** The fields Gradescope documents, with their types. */
function expectGradescopeResults(results: Record<string, unknown>): asserts results is { score: number; output: string; tests: { name: string; score: number; max_score: number; status: string; output: string; visibility: string }[] } {
  expect(results).toMatchObject({ score: expect.any(Number), output: expect.any(String), visibility: 'visible', tests: expect.any(Array) });
  for (const test of results.tests as unknown[]) {
    expect(test).toEqual({ name: expect.any(String), score: expect.any(Number), max_score: expect.any(Number), status: expect.stringMatching(/^(passed|failed)$/), output: expect.any(String), visibility: 'visible' });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradescope-'));
  made.push(dir);
  const hidden = join(dir, 'hidden.json');
  writeFileSync(hidden, JSON.stringify(HIDDEN));
  zipPath = join(dir, 'autograder.zip');
  // Without the search for smallest failing inputs: it only adds feedback, and time.
  built = instructor(['gradescope-bundle', zipPath, '--hidden', hidden, '--no-counterexamples'], { VECTOR_SECRET_SEED: SEED });
  entries = await readZip(zipPath);
  for (const [name, { mode, bytes }] of entries) {
    mkdirSync(dirname(join(dir, 'source', name)), { recursive: true });
    writeFileSync(join(dir, 'source', name), bytes);
    chmodSync(join(dir, 'source', name), mode & 0o777);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'source', 'node_modules'));
}, 60_000);
afterAll(() => removeAll(made));

describe('npm run gradescope-bundle', () => {
  it('writes a zip with the grader, its settings and Gradescope two scripts, and nothing of a student', () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(zipPath);
    expect(built.stdout).toMatch(/Configure Autograder/);
    expect(built.stdout).toMatch(/private: it holds the secret seed/);
    for (const script of ['setup.sh', 'run_autograder']) expect(entries.get(script)?.mode, script).toBe(0o100755);
    // The secrets are their owner's alone; npm's settings (no install scripts) go with the lock.
    const secrets = [...entries.keys()].filter((name) => name === 'autograder.json' || name.startsWith('hidden/') || name.startsWith('solutions/'));
    expect(secrets.length).toBeGreaterThan(5);
    for (const name of secrets) expect(entries.get(name)?.mode, name).toBe(0o100600);
    expect(entries.get('.npmrc')?.bytes.toString()).toMatch(/^ignore-scripts=true$/m);
    expect(JSON.parse(entries.get('autograder.json')!.bytes.toString())).toEqual({ format: 1, seed: Number(SEED), counterexamples: false, hiddenCases: 'hidden/cases.json' });
    expect(JSON.parse(entries.get('hidden/cases.json')!.bytes.toString())).toEqual(HIDDEN);
    // The real reference solutions: the zip is the instructor's.
    for (const lesson of LESSONS) expect(entries.get(`solutions/${lessonFolder(lesson)}/exercise.ts`)?.bytes.toString(), lessonFolder(lesson)).toBe(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'));
    for (const needed of ['package.json', 'package-lock.json', 'bin/instructor.mjs', 'lessons/data/bugs.json']) expect(entries.has(needed), needed).toBe(true);
    const names = [...entries.keys()];
    expect(names.filter((name) => /^lessons\/(?!data\/)|node_modules|\.test\.ts$|^(bench|test|\.ci|\.cache|hidden\/(?!cases\.json$))\//.test(name))).toEqual([]);
  });

  it('refuses without a seed, over an existing zip, or with hidden cases it cannot read, and says what to do', () => {
    const noSeed = instructor(['gradescope-bundle', join(dir, 'other.zip')]);
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr).toMatch(/no secret seed: set VECTOR_SECRET_SEED .* or add --public-seed/);
    const again = instructor(['gradescope-bundle', zipPath, '--seed', SEED]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists: add --force to replace it/);
    const badHidden = join(dir, 'bad-hidden.json');
    writeFileSync(badHidden, JSON.stringify({ euclidean: [{ args: [[0, 0], 'five'] }] }));
    const refused = instructor(['gradescope-bundle', join(dir, 'other.zip'), '--seed', SEED, '--hidden', badHidden]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--hidden: .*bad-hidden\.json, at euclidean\.0\.args\.1/);
    expect(() => readFileSync(join(dir, 'other.zip'))).toThrow();
  });
});

describe("the bundle's run_autograder, run where Gradescope would", () => {
  it("grades a student's work into Gradescope's results.json: the wrong function fails, the others pass", () => {
    // A function nothing else is built on, so that only it fails, made wrong as a learner would; and a print
    // at its file's top level, which must not reach results.json.
    const everyBase = new Set(allFunctions().flatMap(({ spec }) => spec.builtOn ?? []));
    const wrong = WRONG.find((mutant) => !everyBase.has(mutant.fn))!;
    const work = solutionCopy(made);
    swapFunction(work, wrong.fn, wrong.source, [`console.log('"}], "score": 99, "tests": [');`, wrong.preamble].filter(Boolean).join('\n'));
    renameSync(work, join(dir, 'submission'));
    const before = snapshot(join(dir, 'submission'));

    const results = runAutograder();
    expectGradescopeResults(results);
    expect(results.tests.map((test) => test.name)).toEqual(allFunctions().map(({ lesson, spec }) => `${lessonFolder(lesson)}: ${spec.name}`));
    for (const test of results.tests) {
      const isWrong = test.name.endsWith(`: ${wrong.fn}`);
      expect({ name: test.name, status: test.status, score: test.score, max: test.max_score }).toEqual({ name: test.name, status: isWrong ? 'failed' : 'passed', score: isWrong ? 0 : 1, max: 1 });
    }
    expect(results.score).toBe(results.tests.reduce((sum, test) => sum + test.score, 0));
    expect(results.score).toBe(allFunctions().length - 1);
    // Nothing written in the submission.
    expect(snapshot(join(dir, 'submission'))).toEqual(before);
  });

  it('gives an empty submission a score of 0 and says what to upload', () => {
    rmSync(join(dir, 'submission'), { recursive: true, force: true });
    mkdirSync(join(dir, 'submission'));
    const results = runAutograder();
    expectGradescopeResults(results);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/could not be graded: no lesson file/);
    for (const lesson of LESSONS) expect(results.output).toContain(`${lessonFolder(lesson)}/exercise.ts`);
  });
});
