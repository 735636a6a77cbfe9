// The grader end to end, through the real command line where the contract is about the command (exit codes,
// JSON on stdout), and through grade() where it is about verdicts.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAll, solutionCopy, solutionWith } from '../test/submission.ts';
import { LESSONS_DIR, ROOT, SOLUTIONS_DIR, STUBS_DIR } from '../curriculum/index.ts';
import { grade } from './grade.ts';
import { PROBE_MS } from './pipeline.ts';
import type { ExerciseResult, GradeReport } from './types.ts';

const FIXTURES = join(ROOT, 'grader', 'fixtures');
const RESULTS = join(ROOT, '.cache', 'grader', 'results');

/** The command line, grading afresh (see `cached` below for the results it keeps). */
function cli(...args: string[]) {
  return command('--no-cache', ...args);
}

function command(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'grade.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const byName = (report: GradeReport) => new Map<string, ExerciseResult>(report.exercises.map((exercise) => [exercise.function, exercise]));

describe('reference and stubs', () => {
  it('every reference solution grades 100%, with no warnings', async () => {
    const report = await grade({ submission: SOLUTIONS_DIR });
    expect(report.exercises).toHaveLength(14);
    expect(report.exercises.filter((exercise) => exercise.status !== 'pass')).toEqual([]);
    expect(report).toMatchObject({ version: 1, score: 14, maxScore: 14, warnings: [] });
  });

  it('every stub, as handed out, grades not-started, and the command exits 1', () => {
    const { code, stdout } = cli('--submission', STUBS_DIR, '--json', '--no-typecheck');
    const report = JSON.parse(stdout) as GradeReport;
    expect(code).toBe(1);
    expect(new Set(report.exercises.map((exercise) => exercise.status))).toEqual(new Set(['not-started']));
    expect(report.score).toBe(0);
  });

  it('--timings adds where the time went on stderr, and leaves stdout one JSON document', () => {
    const { code, stdout, stderr } = cli('01', '--json', '--no-typecheck', '--timings');
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as GradeReport).exercises).toHaveLength(3);
    for (const phase of ['start-up', 'cases', 'bundling', 'sandbox start', 'running cases', 'judging', 'report']) expect(stderr).toMatch(new RegExp(`^  ${phase} +\\d+ ms`, 'm'));
    expect(stderr).not.toMatch(/type check/);
  });
});

describe('a hostile submission', () => {
  // One run through the CLI: it also proves that megabytes of learner output and a patched JSON.stringify
  // leave stdout as exactly one JSON document.
  const run = cli('--submission', join(FIXTURES, 'hostile'), '--json', '--no-typecheck');
  const report = JSON.parse(run.stdout) as GradeReport;
  const results = byName(report);

  it('exits 1 and prints one JSON document with every function graded', () => {
    expect(run.code).toBe(1);
    expect(report.exercises).toHaveLength(14);
  });

  it('an infinite loop times out without stopping the rest of its file', () => {
    expect(results.get('euclidean')?.status).toBe('timeout');
    expect(results.get('euclideanMatrix')?.status).toBe('pass');
  });

  it('process.exit(0) is an error, not a pass', () => {
    expect(results.get('euclideanMatrixSymmetric')).toMatchObject({ status: 'error', summary: expect.stringMatching(/exited with code 0/) });
  });

  it('a thrown string and a runaway allocation are errors confined to their functions; files outside stay unreadable', () => {
    expect(results.get('dot')).toMatchObject({ status: 'error', summary: expect.stringMatching(/threw a string \("not today \(read: nothing\)"\) instead of an Error/) });
    expect(results.get('dotMatrix')).toMatchObject({ status: 'error', summary: expect.stringMatching(/ran out of memory/) });
    expect(results.get('dotDistanceMatrix')?.status).toBe('pass');
  });

  it('a syntax error is reported with file:line:col and a code frame', () => {
    for (const name of ['norm', 'norms', 'normalize']) {
      const result = results.get(name)!;
      expect(result.status).toBe('error');
      expect(result.summary).toMatch(/^03-normalize\/exercise\.ts:3:\d+: Expected "\)" but found ";"$/);
      expect(result.feedback?.[0]).toMatch(/^3 \| .*\n\s+\^$/);
    }
  });

  it('a top-level await that never settles times out that file only', () => {
    for (const name of ['cosine', 'cosineMatrix', 'cosineDistanceMatrix']) {
      expect(results.get(name)).toMatchObject({ status: 'timeout', summary: expect.stringMatching(/loading the file did not finish/) });
    }
  });

  it('patched globals change nothing: the wrong function fails with its mistake, the right one passes', () => {
    expect(results.get('querySearch')).toMatchObject({ status: 'fail', mistake: { id: 'argmin-for-argmax' } });
    expect(results.get('topK')?.status).toBe('pass');
    expect(report.score).toBe(3);
  });

  it('captured output is capped and kept with its function', () => {
    const output = results.get('querySearch')?.output ?? '';
    expect(output).toMatch(/^x+/);
    expect(output).toMatch(/… \d+ more bytes of output not shown$/);
    expect(output.length).toBeLessThan(2048 + 100);
    expect(results.get('topK')?.output).toBeUndefined();
  });

  it('shows no absolute paths', () => {
    expect(run.stdout).not.toContain(ROOT);
  });
});

describe('a sneaky submission', async () => {
  const report = await grade({ submission: join(FIXTURES, 'sneaky') });
  const results = byName(report);

  it('a process that tries to kill itself, and a Promise instead of a value, are errors', () => {
    expect(results.get('euclidean')).toMatchObject({ status: 'error', summary: expect.stringMatching(/sending a signal is not available while grading/) });
    expect(results.get('euclideanMatrix')).toMatchObject({ status: 'error', summary: expect.stringMatching(/returned a Promise/) });
  });

  it('a type error is a warning, and the code is still graded', () => {
    expect(results.get('euclideanMatrixSymmetric')?.status).toBe('pass');
    expect(report.warnings).toEqual([expect.stringMatching(/^01-euclidean\/exercise\.ts:23:9: type error TS2322: /)]);
  });

  it('a crash from a timer left behind is charged to the function that left it', () => {
    for (const name of ['dot', 'dotMatrix', 'dotDistanceMatrix']) {
      expect(results.get(name)).toMatchObject({ status: 'error', summary: expect.stringMatching(/every call returned, but code it left running \(a timer or a promise\) then broke the sandbox: the process exited with code 7/) });
    }
  });

  it('missing lesson files grade their functions missing', () => {
    expect(results.get('topK')).toMatchObject({ status: 'missing', summary: '05-query-search/exercise.ts does not exist' });
  });
});

describe('a function that breaks on some random inputs only', () => {
  const made: string[] = [];
  afterAll(() => removeAll(made));

  it('is shown the smallest input that still breaks it, found by shrinking in the sandbox', { timeout: 60_000 }, async () => {
    // Calls every product of lengths below 1e-6 zero: wrong for the tiny vectors only random inputs reach.
    const cutOff = `export function cosine(a: readonly number[], b: readonly number[]): number {
  const lengths = norm(a) * norm(b);
  return lengths < 1e-6 ? 0 : dot(a, b) / lengths;
}`;
    const dir = solutionWith(made, 'counterexample-', 'cosine', cutOff);
    const [result] = (await grade({ submission: dir, functions: ['cosine'], typecheck: false })).exercises;
    expect(result.status).toBe('fail');
    const line = result.feedback?.find((text) => text.startsWith('Smallest input that breaks it'));
    expect(line, result.feedback?.join('\n')).toMatch(/^Smallest input that breaks it \(from random input \d+ of 60(, as far as the time allowed)?\): cosine\(a: \[[^\]]{1,40}\], b: \[[^\]]{1,40}\]\)$/);
    expect(result.feedback).toContain('  Got: 0');
  });
});

describe('a function that never returns', () => {
  const made: string[] = [];
  afterAll(() => removeAll(made));

  it('costs each function that calls it, in its file or in the files that import it, only a short probe, and its message says which one to fix first', { timeout: 60_000 }, async () => {
    const dir = solutionWith(made, 'stuck-', 'dot', 'export function dot(a: readonly number[], b: readonly number[]): number {\n  for (;;) {}\n}');
    const results = byName(await grade({ submission: dir, typecheck: false }));
    expect(results.get('dot')?.summary).toMatch(/did not finish within 2000 ms/);
    for (const name of ['euclidean', 'euclideanMatrix', 'euclideanMatrixSymmetric']) expect(results.get(name)?.status).toBe('pass');
    // Every other function calls dot, in lesson 02 or in the lessons that import it (03 to 05).
    const dependents = [...results.values()].filter((result) => !['01', '02'].includes(result.lesson.slice(0, 2)) || ['dotMatrix', 'dotDistanceMatrix'].includes(result.function));
    expect(dependents).toHaveLength(10);
    for (const result of dependents) {
      expect(result, result.function).toMatchObject({
        status: 'timeout',
        summary: expect.stringMatching(new RegExp(`did not finish its first call within ${PROBE_MS} ms: dot \\(02-dot-product/exercise\\.ts\\) never returns, and this function probably calls it; fix that one first$`)),
      });
    }
  });
});

describe('a function built on one that fails', () => {
  const made: string[] = [];
  afterAll(() => removeAll(made));

  it('says first that the function it is built on does not pass, and leaves the ones built on a passing function alone', { timeout: 60_000 }, async () => {
    const squared = 'export function euclidean(a: readonly number[], b: readonly number[]): number {\n  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length}`);\n  let sum = 0;\n  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;\n  return sum;\n}';
    const dir = solutionWith(made, 'built-on-', 'euclidean', squared);
    const results = byName(await grade({ submission: dir, functions: ['euclidean', 'euclideanMatrix', 'dot', 'dotMatrix'], typecheck: false, counterexamples: false }));
    expect(results.get('euclidean')?.summary).not.toMatch(/^built on/);
    expect(results.get('euclideanMatrix')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^built on euclidean, which does not pass yet: fix it first\. \d+ of \d+ cases pass/) });
    expect(results.get('dotMatrix')?.status).toBe('pass');
  });
});

describe('results kept between runs', () => {
  const made: string[] = [];
  afterAll(() => removeAll(made));

  it('gives back a lesson’s kept results while its files are unchanged, and grades it again once one changes', { timeout: 60_000 }, () => {
    const dir = solutionCopy(made, 'kept-');
    // A seed of its own: no earlier run can have kept anything for it.
    const seed = String(Date.now() % 1_000_000_007);
    const graded = () => JSON.parse(command('--submission', dir, '03', '--json', '--no-typecheck', '--seed', seed).stdout) as GradeReport;
    const first = graded();
    expect(first.score).toBe(3);
    const [entry] = readdirSync(RESULTS).map((name) => join(RESULTS, name)).filter((file) => readFileSync(file, 'utf8').includes(`"norm"`)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    // Mark the kept results: only a run that gives back what was kept can show the mark.
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('"summary":"all ', '"summary":"KEPT all '));
    expect(graded().exercises.some((exercise) => exercise.summary.startsWith('KEPT'))).toBe(true);
    // Lesson 03 imports lesson 02: a change there is a change to lesson 03's results.
    const imported = join(dir, '02-dot-product', 'exercise.ts');
    writeFileSync(imported, `${readFileSync(imported, 'utf8')}\n// changed\n`);
    const again = graded();
    expect(again.exercises.some((exercise) => exercise.summary.startsWith('KEPT'))).toBe(false);
    expect(again.score).toBe(3);
  });

  it('gives back a failure graded without its smallest input only to a grade that asks for none; a pass to any', { timeout: 60_000 }, async () => {
    const wrong = 'export function norm(v: readonly number[]): number {\n  return v.reduce((sum, x) => sum + x * x, 0);\n}';
    for (const [submission, status] of [[solutionWith(made, 'kept-fail-', 'norm', wrong), 'fail'], [solutionCopy(made, 'kept-pass-'), 'pass']] as const) {
      const seed = Date.now() % 1_000_000_007;
      const options = { submission, functions: ['norm' as const], seed, cache: true, typecheck: false };
      expect((await grade({ ...options, counterexamples: false })).exercises[0].status).toBe(status);
      const [entry] = readdirSync(RESULTS).map((name) => join(RESULTS, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      writeFileSync(entry, readFileSync(entry, 'utf8').replace('"summary":"', '"summary":"KEPT '));
      const marked = (report: GradeReport) => report.exercises[0].summary.startsWith('KEPT');
      expect(marked(await grade({ ...options, counterexamples: false }))).toBe(true);
      expect(marked(await grade({ ...options, counterexamples: true }))).toBe(status === 'pass');
    }
  });
});

describe('the command line', () => {
  it.each([
    [['--frobnicate'], /^grade: unknown option --frobnicate\n/],
    [['lesson-nine'], /no lesson or function "lesson-nine": lessons are 01-euclidean, /],
    [['eucldean'], /no lesson or function "eucldean": did you mean euclidean\?/],
    [['--submission', '/nonexistent/folder'], /no such folder/],
    [['--seed', 'many'], /--seed takes a whole number/],
  ])('%j is a usage error (exit 2) that says what to do', (args, message) => {
    const { code, stderr, stdout } = cli(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/\nUsage and options: npm run grade -- --help\n$/);
    expect(stdout).toBe('');
  });

  it('--help prints the usage and exits 0', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run grade/);
  });

  it('grades one lesson or one function, and exits 0 when all of them pass', () => {
    const lesson = cli('--submission', SOLUTIONS_DIR, '03', '--json', '--no-typecheck');
    expect(lesson.code).toBe(0);
    expect((JSON.parse(lesson.stdout) as GradeReport).exercises.map((exercise) => exercise.function)).toEqual(['norm', 'norms', 'normalize']);
    const fn = cli('--submission', SOLUTIONS_DIR, 'normalize', '--no-typecheck');
    expect(fn.code).toBe(0);
    expect(fn.stdout).toMatch(/✔ normalize/);
    expect(fn.stdout).not.toMatch(/norms/);
    expect(fn.stdout).toMatch(/Score: 1 \/ 1/);
  });

  it('--doctor lists every protection layer, as words or as JSON, and exits 0 only when all are active', () => {
    const words = cli('--doctor');
    const json = cli('--doctor', '--json');
    const { layers } = JSON.parse(json.stdout) as { layers: { id: string; active: boolean; detail: string }[] };
    expect(layers.length).toBeGreaterThanOrEqual(9);
    // Each detail is wrapped to the width: read back as one line, it is all there.
    const unwrapped = words.stdout.replace(/\n {6}/g, ' ');
    for (const layer of layers) expect(unwrapped).toContain(layer.detail);
    expect(words.code).toBe(layers.every((layer) => layer.active) ? 0 : 1);
    expect(json.code).toBe(words.code);
  });

  it('grades lessons/ by default', () => {
    expect(cli('01', '--json', '--no-typecheck').stdout).toContain('"lesson": "01-euclidean"');
    expect(LESSONS_DIR.endsWith('lessons')).toBe(true);
  });
});
