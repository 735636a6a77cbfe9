// `npm run bench:grade`: how long grading takes in a fresh process, the way a learner or an instructor runs it
// (`node bin/grade.mjs`), for the cases the speed issue names. Each case runs several times; the table gives the
// median, min and max, the median as a multiple of `node -e 0` measured in the same run (the floor of any Node
// command), and the peak memory of the whole process tree (the grader, its sandboxes and the type checker).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SOLUTIONS_DIR } from '../curriculum/index.ts';
import { PHASES, type Phase } from '../grader/timings.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';
import { removeAll, solutionCopy, solutionWith } from '../test/submission.ts';

const USAGE = 'Usage: npm run bench:grade [-- --runs N]   (default 7 runs per case)';

interface BenchCase {
  readonly label: string;
  readonly args: readonly string[];
  /** The target median, in ms. */
  readonly targetMs: number;
  /** Graded once before the timed runs, which then find every result kept (the cache). */
  readonly warm?: boolean;
}

/** A copy of the solutions with lesson 02's dot from mathjs: lessons 03 to 05 import lesson 02, so all of them import mathjs. */
const mathjsSubmission = (made: string[]) =>
  solutionWith(
    made,
    'bench-mathjs-',
    'dot',
    `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  return math.dot([...a], [...b]);
}`,
    "import * as math from 'mathjs';",
  );

/** A copy of the solutions whose dot never returns: every function built on it is stuck too. */
const stuckSubmission = (made: string[]) => solutionWith(made, 'bench-stuck-', 'dot', 'export function dot(a: readonly number[], b: readonly number[]): number {\n  for (;;) {}\n}');

/** The process's resident memory in bytes, from /proc/PID/statm (Linux); 0 once it is gone. */
function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/** The process's children, from /proc/PID/task/TID/children: read for the tree alone, not for every process. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/**
 * Resident memory of `root` and all its descendants, in bytes, from /proc (Linux); undefined elsewhere. Only the
 * tree is read, so that sampling it every few milliseconds takes little from the run it measures.
 */
function treeMemory(root: number): number | undefined {
  if (!existsSync(`/proc/${root}/task`)) return undefined;
  let total = 0;
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop()!;
    total += residentBytes(pid);
    queue.push(...childrenOf(pid));
  }
  return total;
}

/** The phases `grade --timings` printed on stderr, in ms each. */
function phasesIn(stderr: string): Partial<Record<Phase, number>> {
  const found: Partial<Record<Phase, number>> = {};
  for (const [, phase, ms] of stderr.matchAll(/^ {2}(\S(?:.*\S)?) +(\d+) ms {3}\(/gm)) {
    if ((PHASES as readonly string[]).includes(phase)) found[phase as Phase] = Number(ms);
  }
  return found;
}

interface Timed {
  readonly ms: number;
  /** The peak memory of the whole process tree, in bytes (Linux). */
  readonly peak?: number;
  readonly phases: Partial<Record<Phase, number>>;
}

/** One run of `args` after `node`: wall time in ms, the peak memory of its process tree, and its phases. */
function timeOnce(args: readonly string[]): Promise<Timed> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peak: number | undefined;
    const sample = () => {
      const now = child.pid === undefined ? undefined : treeMemory(child.pid);
      if (now !== undefined) peak = Math.max(peak ?? 0, now);
    };
    const sampler = setInterval(sample, 25);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // Exit 1 (some function does not pass) is expected where the case is a wrong submission.
      if (code !== 0 && code !== 1) fail(new Error(`node ${args.join(' ')} exited ${code}:\n${stderr}`));
      else done({ ms, ...(peak === undefined ? {} : { peak }), phases: phasesIn(stderr) });
    });
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(argv, { runs: { type: 'string', default: '7' } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs takes a whole number ≥ 1, got "${values.runs}"`);
  const made: string[] = [];
  try {
    const grade = (...args: string[]) => [join(ROOT, 'bin', 'grade.mjs'), ...args, '--timings'];
    // A first grade of each submission, as a learner's first check or a class's: nothing kept is used.
    const fresh = (...args: string[]) => grade(...args, '--no-cache');
    const cases: BenchCase[] = [
      { label: 'reference solutions, all 14 functions, `--json`', args: fresh('--submission', SOLUTIONS_DIR, '--json'), targetMs: 300 },
      { label: 'one lesson (`grade -- 03`)', args: fresh('03', '--submission', SOLUTIONS_DIR, '--json'), targetMs: 150 },
      { label: 'every lesson importing mathjs (lessons 03–05 import lesson 02)', args: fresh('--submission', mathjsSubmission(made), '--json'), targetMs: 600 },
      { label: 'an infinite loop in `dot`', args: fresh('--submission', stuckSubmission(made), '--json'), targetMs: 2500 },
      { label: 'second grade of unchanged files (kept results)', args: grade('--submission', solutionCopy(made, 'bench-kept-'), '--json'), targetMs: 120, warm: true },
    ];
    await timeOnce(grade('--help')); // builds the grader's bundle if it is stale, and warms the file cache
    const floorTimes: number[] = [];
    for (let i = 0; i < runs; i++) floorTimes.push((await timeOnce(['-e', '0'])).ms);
    const floor = median(floorTimes);
    console.log(`Fresh processes, ${runs} runs per case; \`node -e 0\` takes ${Math.round(floor)} ms here.\n`);
    console.log('| case | median | min | max | × node -e 0 | peak memory | target |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    let over = 0;
    const phaseRows: string[] = [];
    for (const { label, args, targetMs, warm } of cases) {
      if (warm) await timeOnce(args);
      const timed: Timed[] = [];
      for (let i = 0; i < runs; i++) timed.push(await timeOnce(args));
      const phaseMedian = (phase: Phase) => {
        const values = timed.flatMap((run) => (run.phases[phase] === undefined ? [] : [run.phases[phase]!]));
        return values.length ? `${Math.round(median(values))}` : '–';
      };
      phaseRows.push(`| ${label} | ${PHASES.map(phaseMedian).join(' | ')} |`);
      const times = timed.map((run) => run.ms);
      const peak = Math.max(...timed.map((run) => run.peak ?? 0));
      const ms = (x: number) => `${Math.round(x)} ms`;
      if (median(times) > targetMs) over++;
      console.log(
        `| ${label} | ${ms(median(times))} | ${ms(Math.min(...times))} | ${ms(Math.max(...times))} | ${(median(times) / floor).toFixed(1)} | ${peak ? `${Math.round(peak / 2 ** 20)} MB` : 'n/a'} | < ${ms(targetMs)} |`,
      );
    }
    console.log('\nWhere the time goes (`grade --timings`, median ms per phase; phases overlap, so they do not add up to the total):\n');
    console.log(`| case | ${PHASES.join(' | ')} |`);
    console.log(`| --- |${PHASES.map(() => ' ---: |').join('')}`);
    for (const row of phaseRows) console.log(row);
    console.log(`\n${over === 0 ? 'Every case within its target.' : `${over} of ${cases.length} cases over their target.`}`);
    return over === 0 ? 0 : 1;
  } finally {
    removeAll(made);
  }
}

process.exitCode = await runCommand({ name: 'bench:grade', usage: USAGE, main }, process.argv.slice(2));
