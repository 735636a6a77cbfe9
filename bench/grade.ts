// `npm run bench:grade`: how long grading takes in a fresh process, the way a learner or an instructor runs it
// (`node bin/grade.mjs`), for the cases the speed issue names. Each case runs several times; the table gives the
// median, min and max, the median as a multiple of `node -e 0` measured in the same run (the floor of any Node
// command), and the peak memory of the whole process tree (the grader, its sandboxes and the type checker).
import { join } from 'node:path';
import { ROOT, SOLUTIONS_DIR } from '../curriculum/index.ts';
import { PHASES, type Phase } from '../grader/timings.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';
import { removeAll, solutionCopy, solutionWith } from '../test/submission.ts';
import { measured, median } from './measure.ts';

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
async function timeOnce(args: readonly string[]): Promise<Timed> {
  const run = await measured(args);
  // Exit 1 (some function does not pass) is expected where the case is a wrong submission.
  if (run.code !== 0 && run.code !== 1) throw new Error(`node ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
  return { ms: run.ms, ...(run.peak === undefined ? {} : { peak: run.peak }), phases: phasesIn(run.stderr) };
}

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
