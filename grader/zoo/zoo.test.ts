// The mutant zoo: every mutant from mutants.ts is swapped into a fresh copy of the reference solutions and
// graded through the public grade() entry, exactly as a learner's folder would be. WRONG mutants must fail
// with the mistake the grader names for them; RIGHT mutants must pass. The meta-tests keep the zoo broad.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LESSONS, SOLUTIONS_DIR, exerciseFile, findFunction, type FunctionName } from '../../curriculum/index.ts';
import { KNOWN_MISTAKES } from '../diagnose.ts';
import { grade } from '../grade.ts';
import type { ExerciseResult } from '../types.ts';
import { RIGHT, WRONG, type Mutant } from './mutants.ts';

/**
 * Replaces one exported function, from its `export function NAME(` line to the first line that is exactly `}`
 * after it. Throws when the function is not found exactly once, so a misspelt name can never quietly grade
 * the untouched solution.
 */
function replaceFunction(text: string, name: string, source: string): string {
  const lines = text.split('\n');
  const header = `export function ${name}(`;
  const starts = lines.flatMap((line, i) => (line.startsWith(header) ? [i] : []));
  if (starts.length !== 1) throw new Error(`expected exactly one "${header}" line, found ${starts.length}`);
  const start = starts[0];
  const end = lines.findIndex((line, i) => i > start && line === '}');
  if (end < 0) throw new Error(`no closing "}" line after "${header}"`);
  return [...lines.slice(0, start), ...source.split('\n'), ...lines.slice(end + 1)].join('\n');
}

const submissions: string[] = [];
afterAll(() => {
  for (const dir of submissions) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of all reference solutions in a temporary folder laid out like `lessons/`. */
function solutionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutant-zoo-'));
  submissions.push(dir);
  for (const lesson of LESSONS) {
    const target = exerciseFile(lesson, dir);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(exerciseFile(lesson, SOLUTIONS_DIR), target);
  }
  return dir;
}

/** The solutions with the mutant's function (and preamble) swapped in. */
function buildSubmission(mutant: Mutant): string {
  const located = findFunction(mutant.fn);
  if (!located) throw new Error(`${mutant.fn} is not a function of the course`);
  const dir = solutionCopy();
  const file = exerciseFile(located.lesson, dir);
  const mutated = replaceFunction(readFileSync(file, 'utf8'), mutant.fn, mutant.source);
  writeFileSync(file, mutant.preamble ? `${mutant.preamble}\n${mutated}` : mutated);
  return dir;
}

/** Each grade() forks a sandbox and runs esbuild; a few at a time keeps a 2-core machine responsive. */
const CONCURRENCY = 4;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  // A finishing task hands its slot straight to the next waiter, so `running` never exceeds the limit.
  if (running < CONCURRENCY) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Grades the one function; the report must hold exactly that function's result. */
async function gradeOne(dir: string, fn: FunctionName): Promise<ExerciseResult> {
  const report = await limited(() => grade({ submission: dir, functions: [fn], typecheck: false }));
  const [result, ...others] = report.exercises;
  if (result?.function !== fn || others.length > 0) throw new Error(`expected one result for ${fn}, got ${report.exercises.map((e) => e.function).join(', ')}`);
  return result;
}

/** What to print when an expectation fails: the grader's own account of the exercise. */
function explain(result: ExerciseResult): string {
  return [
    `status ${result.status}, mistake ${result.mistake?.id ?? '(none)'}`,
    `summary: ${result.summary}`,
    ...(result.feedback ?? []).map((line) => `feedback: ${line}`),
    ...(result.output ? [`output: ${result.output}`] : []),
  ].join('\n');
}

const label = (mutant: Mutant) => `${mutant.fn}: ${mutant.name}`;

describe('replaceFunction', () => {
  const text = ['export function a(x: number) {', '  return x;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n');
  it('replaces only the named function, up to its own closing line', () => {
    expect(replaceFunction(text, 'a', 'export function a(x: number) {\n  return 0;\n}')).toBe(
      ['export function a(x: number) {', '  return 0;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n'),
    );
  });
  it('throws when the function is missing', () => {
    expect(() => replaceFunction(text, 'abc', '')).toThrow(/found 0/);
  });
});

describe('the zoo itself', () => {
  const names = LESSONS.flatMap((lesson) => lesson.functions.map((spec) => spec.name));

  it('is big enough: ≥ 40 WRONG with ≥ 2 per function, ≥ 15 RIGHT', () => {
    expect(WRONG.length).toBeGreaterThanOrEqual(40);
    expect(RIGHT.length).toBeGreaterThanOrEqual(15);
    const thin = names.filter((name) => WRONG.filter((mutant) => mutant.fn === name).length < 2);
    expect(thin, 'functions with fewer than 2 WRONG mutants').toEqual([]);
  });

  it('covers every mistake the grader can name, and names only those', () => {
    const known = KNOWN_MISTAKES.map((mistake) => mistake.id);
    const named = new Set(WRONG.map((mutant) => mutant.mistake));
    expect(known.filter((id) => !named.has(id)), 'known mistakes no WRONG mutant triggers').toEqual([]);
    expect(WRONG.filter((mutant) => !mutant.mistake || !known.includes(mutant.mistake)).map(label), 'WRONG mutants without a known mistake id').toEqual([]);
  });

  it('has well-formed, uniquely named mutants', () => {
    const all = [...WRONG, ...RIGHT];
    expect(new Set(all.map(label)).size).toBe(all.length);
    for (const mutant of all) {
      expect(mutant.source.startsWith(`export function ${mutant.fn}(`), label(mutant)).toBe(true);
      expect(mutant.source.endsWith('\n}') && mutant.source.split('\n').filter((line) => line === '}').length === 1, label(mutant)).toBe(true);
    }
  });
});

describe.concurrent('grading', () => {
  // The control: the untouched copy passes everything, so a WRONG failure below is the mutant's doing.
  it('an unmodified copy of the solutions passes every function', async ({ expect }) => {
    const report = await limited(() => grade({ submission: solutionCopy(), typecheck: false }));
    expect(report.exercises.filter((exercise) => exercise.status !== 'pass').map(explain)).toEqual([]);
    expect(report.exercises).toHaveLength(LESSONS.reduce((count, lesson) => count + lesson.functions.length, 0));
  });

  for (const mutant of WRONG) {
    it(`WRONG ${label(mutant)} → ${mutant.mistake}`, async ({ expect }) => {
      const result = await gradeOne(buildSubmission(mutant), mutant.fn);
      expect(result.status, explain(result)).not.toBe('pass');
      expect(result.mistake?.id, explain(result)).toBe(mutant.mistake);
    });
  }

  for (const mutant of RIGHT) {
    it(`RIGHT ${label(mutant)}`, async ({ expect }) => {
      const result = await gradeOne(buildSubmission(mutant), mutant.fn);
      expect(result.status, explain(result)).toBe('pass');
    });
  }
});
