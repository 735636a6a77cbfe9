// `npm run bench:watch`: how long the watch mode (`npm start`) takes from a save to the verdict on screen, as a
// learner feels it. One `node bin/learner.mjs start` runs on a copy of the stubs, its output piped (it then
// prints each new screen whole); `euclidean` is saved 20 times, right and wrong in turn, each version new (a
// comment with its number, so no verdict is a kept one), and each save is timed from the write to the first
// screen that shows its verdict. Saves are 2 s apart, the time to read a verdict.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findLesson } from '../curriculum/index.ts';
import { functionText, replaceFunction } from '../learner/source.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';
import { median } from './measure.ts';

const USAGE = 'Usage: npm run bench:watch [-- --edits N]   (default 20 saves)';
const TARGET_MEDIAN_MS = 150;
const TARGET_WORST_MS = 500;
/** Time for the watch mode to open and give its first verdicts before the first save. */
const OPEN_TIMEOUT_MS = 60_000;
/** Time between a verdict and the next save. */
const READ_MS = 2_000;

const lesson = findLesson('01')!;
const right = functionText(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'), 'euclidean');
const wrong = right.replace(/Math\.sqrt\(([^;]*)\);/, '$1;');

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { edits: { type: 'string', default: '20' }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return (console.log(USAGE), 0);
  const edits = Number(values.edits);
  if (positionals.length > 0 || !Number.isInteger(edits) || edits < 2) throw new UsageError('--edits takes a whole number of at least 2');

  const lessons = mkdtempSync(join(tmpdir(), 'bench-watch-'));
  cpSync(STUBS_DIR, lessons, { recursive: true });
  const file = exerciseFile(lesson, lessons);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'learner.mjs'), 'start', '--submission', lessons], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
  let seen = '';
  let waiting: { pattern: RegExp; resolve: () => void } | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    seen += chunk;
    if (waiting?.pattern.test(seen)) waiting.resolve();
  });
  /** Resolves once the output since the last call shows `pattern`. */
  const shows = (pattern: RegExp, timeoutMs: number) => {
    seen = '';
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no screen showed ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      waiting = { pattern, resolve: () => (clearTimeout(timer), resolve()) };
    });
  };

  const times: number[] = [];
  try {
    await shows(/^Lesson 01 .* 0\/14 pass$/m, OPEN_TIMEOUT_MS);
    for (let i = 0; i < edits; i++) {
      const passes = i % 2 === 0;
      const source = `${passes ? right : wrong}\n// save ${i + 1}`;
      const verdict = shows(new RegExp(`^Lesson 01 .* ${passes ? 1 : 0}/14 pass$`, 'm'), 10_000);
      const began = performance.now();
      writeFileSync(file, replaceFunction(readFileSync(file, 'utf8'), 'euclidean', source));
      await verdict;
      times.push(performance.now() - began);
      // A learner reads the verdict before saving again: by then the loop has looked for the failure's smallest
      // input (it does once the verdict shows) and is idle again.
      await new Promise((resolve) => setTimeout(resolve, READ_MS));
    }
  } finally {
    child.stdin.end('q');
    child.kill();
    rmSync(lessons, { recursive: true, force: true });
  }
  const mid = median(times);
  const worst = Math.max(...times);
  console.log(`${edits} saves of euclidean, each timed from the write to the screen with its verdict:\n`);
  console.log('| median | min | worst | target |');
  console.log('| ---: | ---: | ---: | --- |');
  console.log(`| ${Math.round(mid)} ms | ${Math.round(Math.min(...times))} ms | ${Math.round(worst)} ms | median < ${TARGET_MEDIAN_MS} ms, worst < ${TARGET_WORST_MS} ms |`);
  console.log(`\nEach save, in ms: ${times.map(Math.round).join(', ')}`);
  const met = mid < TARGET_MEDIAN_MS && worst < TARGET_WORST_MS;
  console.log(met ? '\nWithin the target.' : '\nOver the target.');
  return 0;
}

process.exitCode = await runCommand({ name: 'bench:watch', usage: USAGE, main }, process.argv.slice(2));
