// `npm run bench:grade-all`: how long a class takes, the way an instructor runs it (`node bin/instructor.mjs
// grade-all`, a fresh process): generated classes of mixed submissions (right, one known mistake, untouched,
// half done, a syntax error), graded afresh and then again with nothing changed. Prints submissions per second,
// the peak memory of the whole process tree, and the unchanged re-run's time.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile } from '../curriculum/index.ts';
import { WRONG } from '../grader/zoo/mutants.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';
import { swapFunction } from '../test/submission.ts';
import { measured } from './measure.ts';

const USAGE = 'Usage: npm run bench:grade-all [-- --sizes 50,200]';
const TARGET_MS = { 200: 20_000 } as Record<number, number>;
const RERUN_TARGET_MS = 2_000;

/** The `i`th submission of a generated class, in `dir`: every 20, 8 right, 6 with a mistake, 3 untouched, 2 half done, 1 that does not parse. */
function submission(dir: string, i: number): void {
  const kind = i % 20;
  cpSync(kind >= 14 && kind < 19 ? STUBS_DIR : SOLUTIONS_DIR, dir, { recursive: true });
  if (kind >= 8 && kind < 14) {
    const mutant = WRONG[i % WRONG.length];
    swapFunction(dir, mutant.fn, mutant.source, mutant.preamble);
  }
  if (kind >= 17 && kind < 19) for (const lesson of LESSONS.slice(0, 2)) cpSync(exerciseFile(lesson, SOLUTIONS_DIR), exerciseFile(lesson, dir));
  if (kind === 19) writeFileSync(exerciseFile(LESSONS[2], dir), 'export function norm(v: number[]): number {\n  return v..length;\n}\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { sizes: { type: 'string', default: '50,200' }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return (console.log(USAGE), 0);
  const sizes = values.sizes.split(',').map(Number);
  if (positionals.length > 0 || sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new UsageError('--sizes takes whole numbers, separated by commas');
  console.log('| submissions | first grade | per second | peak memory | re-run, nothing changed | target |');
  console.log('| ---: | ---: | ---: | ---: | ---: | --- |');
  for (const size of sizes) {
    const made = mkdtempSync(join(tmpdir(), 'bench-class-'));
    try {
      for (let i = 0; i < size; i++) submission(join(made, 'class', `student-${String(i).padStart(3, '0')}`), i);
      const args = [join(ROOT, 'bin', 'instructor.mjs'), 'grade-all', join(made, 'class'), '--out', join(made, 'results')];
      const env = { VECTOR_SECRET_SEED: '7777' };
      const first = await measured(args, env);
      if (first.code !== 0) throw new Error(`grade-all exited ${first.code}:\n${first.stderr}`);
      const again = await measured(args, env);
      const target = TARGET_MS[size] ? `under ${TARGET_MS[size] / 1000} s; re-run under ${RERUN_TARGET_MS / 1000} s` : `re-run under ${RERUN_TARGET_MS / 1000} s`;
      const memory = first.peak === undefined ? 'n/a' : `${Math.round(first.peak / 2 ** 20)} MB`;
      console.log(`| ${size} | ${(first.ms / 1000).toFixed(1)} s | ${((size * 1000) / first.ms).toFixed(1)} | ${memory} | ${(again.ms / 1000).toFixed(2)} s | ${target} |`);
    } finally {
      rmSync(made, { recursive: true, force: true });
    }
  }
  return 0;
}

process.exitCode = await runCommand({ name: 'bench:grade-all', usage: USAGE, main }, process.argv.slice(2));
