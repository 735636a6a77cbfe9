import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS, exerciseFile } from '../curriculum/index.ts';
import type { ExecFileException } from 'node:child_process';
import { failureOf, parseTscOutput, typecheckSubmission } from './typecheck.ts';

const LESSON = LESSONS[0];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const FILE = relative('/', exerciseFile(LESSON, '/'));

/** A submission folder holding only LESSON's exercise file, with `source` as its text. */
function submission(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'typecheck-test-'));
  dirs.push(dir);
  const file = exerciseFile(LESSON, dir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  return dir;
}

describe('parseTscOutput', () => {
  it('turns tsc diagnostics into submission-relative warnings and ignores everything else', () => {
    const sub = join(tmpdir(), 'some-submission');
    const file = join(sub, 'lesson', 'exercise.ts');
    const output = [
      `${file}(3,5): error TS2322: Type 'string' is not assignable to type 'number'.`,
      "  Type 'string' is not assignable to type 'number'.", // tsc's indented elaboration line
      `${join(sub, 'other.ts')}(10,1): error TS2304: Cannot find name 'foo'.`,
      'Found 2 errors in 2 files.',
      '',
      `${file}(1,1): warning TS9999: not an error line`,
    ].join('\n');
    expect(parseTscOutput(output, sub)).toEqual([
      "lesson/exercise.ts:3:5: type error TS2322: Type 'string' is not assignable to type 'number'.",
      "other.ts:10:1: type error TS2304: Cannot find name 'foo'.",
    ]);
  });

  it('reads paths that tsc printed relative to the working directory, and Windows line endings', () => {
    const sub = join(tmpdir(), 'some-submission');
    const cwdRelative = relative(process.cwd(), join(sub, 'a.ts'));
    expect(parseTscOutput(`${cwdRelative}(2,7): error TS1005: ';' expected.\r\n`, sub)).toEqual(["a.ts:2:7: type error TS1005: ';' expected."]);
  });

  it('shows the first 50 type errors and counts the rest; each is cut to a readable length', () => {
    const sub = join(tmpdir(), 'some-submission');
    const line = (i: number) => `${join(sub, 'a.ts')}(${i},1): error TS2322: Type '${'x'.repeat(i === 1 ? 2000 : 1)}' is wrong.`;
    const warnings = parseTscOutput(Array.from({ length: 120 }, (_, i) => line(i + 1)).join('\n'), sub);
    expect(warnings).toHaveLength(51);
    expect(warnings[0]).toHaveLength(501);
    expect(warnings[0]).toMatch(/^a\.ts:1:1: type error TS2322: Type 'x+…$/);
    expect(warnings[49]).toMatch(/^a\.ts:50:1: /);
    expect(warnings[50]).toBe('… and 70 more type errors');
  });

  it('returns nothing for clean output', () => {
    expect(parseTscOutput('', '/x')).toEqual([]);
  });
});

describe('failureOf', () => {
  const limits = { timeoutMs: 20_000, memoryMb: 1024, outputBytes: 4 << 20 };
  const exit = (code: number | string, signal?: NodeJS.Signals) => Object.assign(new Error('tsc'), { code, ...(signal ? { signal } : {}) }) as ExecFileException;
  const listed = '/x/a.ts(1,1): error TS2322: nope\n';

  it('trusts only a clean exit, or exit code 1 with type errors listed and nothing on stderr', () => {
    expect(failureOf(null, '', '', limits)).toBeUndefined();
    expect(failureOf(exit(1), listed, '', limits)).toBeUndefined();
  });

  it('fails closed on everything else, saying why', () => {
    expect(failureOf(exit(2), listed, 'panic: runtime error: index out of range\n\ngoroutine 1 [running]:', limits)).toBe('the type checker crashed');
    expect(failureOf(exit(1), '', '', limits)).toBe('the type checker stopped with exit code 1 without listing a type error');
    expect(failureOf(exit(3), listed, '', limits)).toBe('the type checker stopped with exit code 3 without listing a type error');
    expect(failureOf(exit(2), '', 'fatal error: runtime: out of memory', limits)).toBe('the type checker needed more than 1024 MB');
    expect(failureOf(exit('ERR_CHILD_PROCESS_STDIO_MAXBUFFER', 'SIGKILL'), listed, '', limits)).toBe('its output passed 4096 KB');
    expect(failureOf(exit(0, 'SIGKILL'), '', '', limits)).toBe('it took longer than 20 s');
    expect(failureOf(exit('ENOENT'), '', '', limits)).toBe('the type checker could not start (ENOENT)');
  });
});

describe('typecheckSubmission', () => {
  it('reports one type error with the file relative to the submission and its line', async () => {
    const dir = submission('export function f(): number {\n  return 1;\n}\nexport const bad: number = "text";\n');
    const warnings = await typecheckSubmission(dir, [FILE]);
    const rel = relative(dir, exerciseFile(LESSON, dir));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: type error TS2322: `));
    expect(warnings[0]).not.toContain(dir);
  });

  it('returns no warnings for a clean file', async () => {
    const dir = submission('export function euclidean(a: readonly number[], b: readonly number[]): number {\n  return Math.hypot(...a.map((x, i) => x - b[i]));\n}\n');
    expect(await typecheckSubmission(dir, [FILE])).toEqual([]);
  });

  it('knows Node’s types, so code that uses process is clean', async () => {
    const dir = submission('export function argCount(): number {\n  return process.argv.length + Number(process.env.X ?? 0);\n}\n');
    expect(await typecheckSubmission(dir, [FILE])).toEqual([]);
  });

  it('resolves mathjs to the grader’s copy wherever the submission lives', async () => {
    const dir = submission("import { sqrt } from 'mathjs';\nexport function four(): number {\n  return sqrt(16) as number;\n}\n");
    expect(await typecheckSubmission(dir, [FILE])).toEqual([]);
  });

  it('reads nothing outside the submission: an outside import is reported as not found, its text never shown', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'typecheck-outside-'));
    dirs.push(outside);
    const secret = join(outside, 'other-student.ts');
    writeFileSync(secret, 'export type Secret = "TOP-SECRET-TYPE";\nexport const leak: number = "TOP-SECRET-VALUE";\n');
    const dir = submission(
      [
        `/// <reference path="${secret}" />`,
        `import type { Secret } from '${secret}';`,
        `export const guess: Secret = 'wrong';`,
        `export type Again = import('${secret}').Secret;`,
      ].join('\n'),
    );
    const warnings = await typecheckSubmission(dir, [FILE]);
    expect(warnings.join('\n')).not.toContain('TOP-SECRET');
    expect(warnings.some((warning) => /TS2307: Cannot find module/.test(warning))).toBe(true);
  });

  it('never reads through a link out of the submission: a linked lesson folder or file is left out', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'typecheck-outside-'));
    dirs.push(outside);
    mkdirSync(join(outside, 'lesson'));
    writeFileSync(join(outside, 'lesson', 'exercise.ts'), "export const examPassword = 'TOP-SECRET-PASSWORD';\nexport const oops: number = TopSecretName;\n");
    const dir = submission("import { examPassword } from '../02-dot-product/exercise';\nexport const peek: null = examPassword;\n");
    symlinkSync(join(outside, 'lesson'), join(dir, '02-dot-product'));
    symlinkSync('/dev/zero', join(dir, 'zero.ts'));
    const warnings = await typecheckSubmission(dir, [FILE, '02-dot-product/exercise.ts', 'zero.ts']);
    expect(warnings.join('\n')).not.toMatch(/TOP-SECRET|TopSecretName/);
    expect(warnings.some((warning) => /TS2307: Cannot find module/.test(warning))).toBe(true);
  });

  it('stops a type computation that would run for ever, and leaves no checker running', async () => {
    const lines = [
      'type Build<N extends number, T extends unknown[] = []> = T["length"] extends N ? T : Build<N, [...T, unknown]>;',
      ...Array.from({ length: 3000 }, (_, i) => `export const v${i}: Build<900, [${i}]>['length'] = 900;`),
    ];
    const dir = submission(lines.join('\n'));
    const warnings = await typecheckSubmission(dir, [FILE], { timeoutMs: 2_000, memoryMb: 1024, outputBytes: 4 << 20 });
    expect(warnings).toEqual([expect.stringMatching(/^type check skipped: (it took longer than 2 s|the type checker needed more than 1024 MB)$/)]);
    if (!existsSync('/proc')) return; // where there is no /proc, the kill itself is all there is to see
    const checkers = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`vector-grader-${process.pid}-typecheck`);
      } catch {
        return false;
      }
    });
    expect(checkers).toEqual([]);
  });

  it('says the check was skipped when its output passes the cap, rather than showing part of it as if complete', async () => {
    // A clean file's output (tsc's list of the files it read) stays well under this cap; a thousand errors do not.
    const limits = { timeoutMs: 20_000, memoryMb: 1024, outputBytes: 48 * 1024 };
    expect(await typecheckSubmission(submission('export const fine: number = 1;\n'), [FILE], limits)).toEqual([]);
    // Text of its own, so that no finished check of it (with larger limits) can have been kept.
    const errors = Array.from({ length: 1000 }, (_, i) => `export const v${i}: number = 'not a number';`);
    const dir = submission([`// ${process.pid} ${Date.now()}`, ...errors].join('\n'));
    expect(await typecheckSubmission(dir, [FILE], limits)).toEqual(['type check skipped: its output passed 48 KB']);
  });

  it('keeps a finished check when asked: the same files again give the same warnings without running tsc, changed files are checked again', async () => {
    const text = `export const bad: number = 'text'; // ${process.pid} ${Date.now()}\n`;
    const first = await typecheckSubmission(submission(text), [FILE], undefined, true);
    expect(first).toEqual([expect.stringMatching(/:1:\d+: type error TS2322: /)]);
    // A limit no run of tsc can meet: only a kept result can answer.
    const impossible = { timeoutMs: 1, memoryMb: 1024, outputBytes: 4 << 20 };
    expect(await typecheckSubmission(submission(text), [FILE], impossible, true)).toEqual(first);
    expect(await typecheckSubmission(submission(text), [FILE], impossible)).toEqual([expect.stringMatching(/^type check skipped: /)]);
    expect(await typecheckSubmission(submission(`${text}export const fine = 1;\n`), [FILE], impossible, true)).toEqual([expect.stringMatching(/^type check skipped: /)]);
  });

  it('has nothing to check when the lesson file does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typecheck-test-'));
    dirs.push(dir);
    expect(await typecheckSubmission(dir, [FILE])).toEqual([]);
  });
});
