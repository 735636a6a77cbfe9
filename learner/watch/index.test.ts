// `npm start` end to end in a real pseudo-terminal (test/pane.ts: tmux, 80×24), as a learner would see it. Each
// test works on a copy of the stubs, never on the learner's lessons/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findLesson } from '../../curriculum/index.ts';
import { Pane, hasTmux } from '../../test/pane.ts';
import { functionText, replaceFunction } from '../source.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function lessonsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'watch-test-'));
  made.push(dir);
  cpSync(STUBS_DIR, dir, { recursive: true });
  return dir;
}

/** Starts `npm start` (its launcher) on `lessons` in a fresh pane, then echoes its exit code. */
function startWatch(lessons: string, { env = 'NO_COLOR=1', args = '' } = {}): Pane {
  const pane = new Pane(ROOT);
  pane.type(`${env} ${process.execPath} bin/learner.mjs start --submission ${lessons} ${args}; echo "exit=$?"; stty -a | tr -s ' ;' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo`, true);
  return pane;
}

/** The program ended with `code`, and the shell has its terminal back: line editing, echo, the main screen, a cursor. */
async function expectTerminalBack(pane: Pane, code: number): Promise<void> {
  const after = await pane.until(/exit=\d+\n.*icanon/);
  expect(after).toMatch(new RegExp(`exit=${code}\n`));
  expect(after).toMatch(/^icanon echo\s*$/m);
  expect(pane.modes()).toEqual({ alternate: false, cursor: true });
}

const lesson01 = findLesson('01')!;
/** Writes `euclidean` into the copy: the reference's, or the reference's without its square root. */
function writeEuclidean(lessons: string, variant: 'right' | 'no-sqrt'): void {
  const file = exerciseFile(lesson01, lessons);
  let source = functionText(readFileSync(exerciseFile(lesson01, SOLUTIONS_DIR), 'utf8'), 'euclidean');
  if (variant === 'no-sqrt') source = source.replace(/Math\.sqrt\(([^;]*)\);/, '$1;');
  writeFileSync(file, replaceFunction(readFileSync(file, 'utf8'), 'euclidean', source));
}

describe.skipIf(!hasTmux)('npm start in a pseudo-terminal', () => {
  it('grades each save, shows one more hint per h, resets with a backup, and gives the terminal back on q', async () => {
    const lessons = lessonsCopy();
    const watch = startWatch(lessons);
    await watch.until(/euclidean \(1 of 14\)[\s\S]*not-started/);
    expect(watch.modes()).toEqual({ alternate: true, cursor: false });
    // No colours under NO_COLOR: no SGR sequence other than a reset.
    expect(watch.screen(true)).not.toMatch(/\x1b\[[0-9;]*[1-9][0-9;]*m/);

    writeEuclidean(lessons, 'right');
    await watch.until(/1\/14 pass[\s\S]*euclidean passes now\. Press n for the next exercise\s+\(euclideanMatrix\)/);
    writeEuclidean(lessons, 'no-sqrt');
    const failing = await watch.until(/euclidean \(1 of 14\)[\s\S]*✘ euclidean +fail/);
    expect(failing).toMatch(/0\/14 pass/);

    watch.key('h');
    const one = /^Hint 1\/\d: (.+)$/m.exec(await watch.until(/^Hint 1\/\d: /m))![1];
    watch.key('h');
    const two = /^Hint 2\/\d: (.+)$/m.exec(await watch.until(/^Hint 2\/\d: /m))![1];
    expect(two).not.toBe(one);

    watch.key('x');
    await watch.until(/Reset euclidean to the version handed out\?/);
    watch.key('y');
    const reset = await watch.until(/Your version is kept in\s+\S+/);
    const backup = /Your version is kept in\s+(\S+)/.exec(reset)![1];
    expect(existsSync(backup), reset).toBe(true);
    await watch.until(/euclidean \(1 of 14\)[\s\S]*not-started/);
    expect(readFileSync(exerciseFile(lesson01, lessons), 'utf8')).toBe(readFileSync(exerciseFile(lesson01, STUBS_DIR), 'utf8'));

    watch.key('q');
    await expectTerminalBack(watch, 0);
  }, 120_000);

  it('gives the terminal back on Ctrl-C, and on SIGTERM, with colours where NO_COLOR is not set', async () => {
    const watch = startWatch(lessonsCopy(), { env: '' });
    await watch.until(/euclidean \(1 of 14\)[\s\S]*not-started/);
    expect(watch.screen(true)).toMatch(/\x1b\[[0-9;]*[1-9][0-9;]*m/);
    watch.key('C-c');
    await expectTerminalBack(watch, 130);

    // A signal from outside: the terminal is given back before the process ends as the signal asks.
    const lessons = lessonsCopy();
    const again = startWatch(lessons);
    await again.until(/euclidean \(1 of 14\)[\s\S]*not-started/);
    const pid = Number(execFileSync('pgrep', ['-f', `learner.mjs start --submission ${lessons}`], { encoding: 'utf8' }).trim());
    process.kill(pid, 'SIGTERM');
    await expectTerminalBack(again, 143);
  }, 90_000);

  it('with --manual, grades on r only', async () => {
    const lessons = lessonsCopy();
    const watch = startWatch(lessons, { args: '--manual' });
    await watch.until(/euclidean \(1 of 14\)[\s\S]*not-started[\s\S]*Press r to grade/);
    writeEuclidean(lessons, 'right');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(watch.screen()).toMatch(/0\/14 pass/);
    watch.key('r');
    await watch.until(/1\/14 pass/);
    watch.key('q');
    await watch.until(/exit=0/);
  }, 90_000);
});
