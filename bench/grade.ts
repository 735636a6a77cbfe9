// `npm run bench:grade`: how long grading one complete submission takes in a fresh process, the way a
// learner or an instructor runs it. Median of several runs per mode. The goal is under 1.5 s on 2 cores.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, SOLUTIONS_DIR } from '../curriculum/index.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';

const GOAL_MS = 1500;
const USAGE = 'Usage: npm run bench:grade [-- --runs N]   (default 7 runs per mode)';

const MODES: [string, string[]][] = [
  ['terminal report', []],
  ['--json', ['--json']],
  ['--json --no-typecheck', ['--json', '--no-typecheck']],
];

function timeOnce(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'grade.mjs'), '--submission', SOLUTIONS_DIR, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`grading the reference solutions exited ${run.status}:\n${run.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(argv, { runs: { type: 'string', default: '7' } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs takes a whole number ≥ 1, got "${values.runs}"`);
  timeOnce(['--json']); // warm the file system cache so the first mode is not penalised
  console.log(`Grading the 14 reference solutions in a fresh process, ${runs} runs per mode (goal: median under ${GOAL_MS} ms)\n`);
  console.log('| mode | median | min | max |');
  console.log('| --- | ---: | ---: | ---: |');
  let worst = 0;
  for (const [label, args] of MODES) {
    const times = Array.from({ length: runs }, () => timeOnce(args));
    worst = Math.max(worst, median(times));
    const ms = (x: number) => `${Math.round(x)} ms`;
    console.log(`| ${label} | ${ms(median(times))} | ${ms(Math.min(...times))} | ${ms(Math.max(...times))} |`);
  }
  console.log(`\n${worst <= GOAL_MS ? 'Within' : 'OVER'} the goal: slowest median ${Math.round(worst)} ms.`);
  return worst <= GOAL_MS ? 0 : 1;
}

process.exitCode = await runCommand({ name: 'bench:grade', usage: USAGE, main }, process.argv.slice(2));
