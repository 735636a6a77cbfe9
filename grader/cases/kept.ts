// The cases of a seed, kept between runs. Drawing them (fast-check, searches over thousands of documents) and
// computing the reference's answers is most of what the grader itself spends on a first grade, and for one
// grader and one seed they never change: they are kept under .cache/grader/cases, keyed by the grader's version
// (version.ts), the function and the seed, and remembered by the process that read or drew them (the watch mode
// and grade-all grade again and again). A secret seed's are remembered only, never written. A file that cannot be
// read or written only costs drawing them again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { ROOT, type FunctionName } from '../../curriculum/index.ts';
import { forgetOldest, writeWhole } from '../kept-files.ts';
import type { Case } from '../types.ts';
import { graderVersion } from '../version.ts';

const DIR = join(ROOT, '.cache', 'grader', 'cases');
/** Five seeds' cases of every function; the oldest go first. */
const KEPT = 70;

export interface KeptCases {
  /** The cases without their arguments, which are kept serialized, as a job hands them to the sandbox, */
  readonly cases: readonly Omit<Case, 'args'>[];
  readonly calls: readonly Uint8Array[];
  /** with how many numbers each holds, and which cases are given a counting distance. */
  readonly numbers: readonly number[];
  readonly counted: readonly number[];
  /** Where the random cases begin among them, and how many there are. */
  readonly firstRandom: number;
  readonly randomCount: number;
}

/**
 * The cases read or kept by this process, by file: a long-lived grader (the watch mode) grades the same lessons
 * again at every save, and reading them back from disk was a fifth of a save's time. Never changed once made.
 */
const remembered = new Map<string, KeptCases>();

/** @internal Where the cases of `name` and `seed` are kept on disk. */
export const fileOf = (name: FunctionName, seed: number) => join(DIR, `${createHash('sha256').update(JSON.stringify([graderVersion(), name, seed])).digest('hex')}.bin`);

/** The cases kept for `name` and `seed`: remembered by this process, or read from disk unless `fromDisk` is false. */
export function keptCases(name: FunctionName, seed: number, fromDisk = true): KeptCases | undefined {
  const file = fileOf(name, seed);
  const known = remembered.get(file);
  if (known || !fromDisk) return known;
  try {
    const kept = deserialize(readFileSync(file)) as KeptCases;
    const whole = [kept.cases, kept.calls, kept.numbers].every((list) => Array.isArray(list) && list.length === kept.cases.length) && Array.isArray(kept.counted);
    if (!whole || !Number.isInteger(kept.firstRandom) || !Number.isInteger(kept.randomCount)) return undefined;
    remembered.set(file, kept);
    return kept;
  } catch {
    return undefined; // none kept yet, or unreadable: drawn again
  }
}

/** Keeps the cases for the rest of this process, and on disk unless `toDisk` is false (a secret seed's). */
export function keepCases(name: FunctionName, seed: number, kept: KeptCases, toDisk = true): void {
  const file = fileOf(name, seed);
  remembered.set(file, kept);
  if (!toDisk) return;
  try {
    mkdirSync(DIR, { recursive: true });
    writeWhole(file, serialize(kept));
    forgetOldest(DIR, KEPT);
  } catch {
    // a read-only checkout: drawn again next time
  }
}
