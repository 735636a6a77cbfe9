// The learner's commands end to end, through their launcher, on copies of a lessons folder (never the
// learner's own lessons/).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findLesson } from '../curriculum/index.ts';
import { replaceFunction } from './source.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function copyOf(tree: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'learner-cli-'));
  made.push(dir);
  cpSync(tree, dir, { recursive: true });
  return dir;
}

function learner(...args: string[]) {
  return learnerWith({ NO_COLOR: '1' }, ...args);
}

function learnerWith(env: Readonly<Record<string, string>>, ...args: string[]) {
  const { NO_COLOR: _, FORCE_COLOR: __, ...inherited } = process.env;
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'learner.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...inherited, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run list', () => {
  it('shows every exercise on a line of its own, the score, and what to do next', () => {
    const lessons = copyOf(SOLUTIONS_DIR);
    const file = exerciseFile(findLesson('03')!, lessons);
    writeFileSync(file, replaceFunction(readFileSync(file, 'utf8'), 'norms', readFileSync(exerciseFile(findLesson('03')!, STUBS_DIR), 'utf8').match(/export function norms\([\s\S]*?\n\}/)![0]));
    const { code, stdout } = learner('list', '--submission', lessons);
    expect(code).toBe(0);
    expect(stdout.match(/^ {2}[✔○] \S+/gm)).toHaveLength(14);
    expect(stdout).toMatch(/^ {2}○ norms +not-started: the stub still throws its TODO$/m);
    expect(stdout).toMatch(/^Score: 13 \/ 14 {2}Next: norms \(npm run hint -- norms\)$/m);
  });
});

describe('npm run hint', () => {
  it('gives one more hint each time for a function, and refuses a lesson', () => {
    const lessons = copyOf(STUBS_DIR);
    expect(learner('hint', 'dot', '--submission', lessons).stdout).toMatch(/^dot \(02-dot-product\/exercise\.ts\):\nHint 1 of \d: /);
    expect(learner('hint', 'dot', '--submission', lessons).stdout).toMatch(/\nHint 2 of \d: /);
    const lesson = learner('hint', '02', '--submission', lessons);
    expect(lesson.code).toBe(2);
    expect(lesson.stderr).toMatch(/^hint: hint takes one function; lesson 02 has dot, dotMatrix, dotDistanceMatrix\n/);
  });
});

describe('npm run reset', () => {
  it('puts a function back, says where the backup is, and refuses what it cannot find with a way forward', () => {
    const lessons = copyOf(SOLUTIONS_DIR);
    const done = learner('reset', 'dotMatrix', '--submission', lessons);
    expect(done.code).toBe(0);
    const backup = /Your version is kept in (\S+)$/m.exec(done.stdout)?.[1];
    expect(backup).toBeDefined();
    expect(readdirSync(join(lessons, '02-dot-product')).sort()).toEqual(['exercise.ts', expect.stringMatching(/^exercise\.ts\.backup-\d{8}-\d{6}$/)]);
    const unknown = learner('reset', 'dotMatirx', '--submission', lessons);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/^reset: no lesson or function "dotMatirx": did you mean dotMatrix\?/) });
  });
});

describe('npm run lesson', () => {
  it('prints the lesson of a lesson or a function, its formulas in Unicode', () => {
    const { code, stdout } = learner('lesson', 'norm');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Lesson 03: /);
    expect(stdout).toContain('‖a‖ = √(Σₖ₌₁ⁿ aₖ²) = √(a · a)');
  });

  it('highlights the code blocks where colours are on, and prints no escape at all under NO_COLOR', () => {
    const coloured = learnerWith({ FORCE_COLOR: '1' }, 'lesson', '01').stdout;
    // A keyword in a colour of its own, inside an indented TypeScript block.
    expect(coloured).toMatch(/^ {4}.*\x1b\[\d+mconst\x1b\[39m /m);
    expect(learner('lesson', '01').stdout).not.toContain('\x1b');
  });
});

describe('every learner command', () => {
  it.each(['start', 'list', 'hint', 'reset', 'lesson'])('%s --help fits an 80-column terminal, and an unknown option is one line and exit 2', (command) => {
    const help = learner(command, '--help');
    expect(help.code).toBe(0);
    for (const line of help.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const bogus = learner(command, '--bogus');
    expect(bogus).toMatchObject({ code: 2, stderr: `${command}: unknown option --bogus\nUsage and options: npm ${command === 'start' ? 'start' : `run ${command}`} -- --help\n` });
  });
});
