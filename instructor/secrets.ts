// The class's secrets as the instructor's commands take them: the seed that draws the cases no student has
// seen, and the hidden cases. grade-all grades with them; gradescope-bundle packs them into the autograder.
import { existsSync } from 'node:fs';
import { HIDDEN_CASES_FILE } from '../curriculum/index.ts';
import { HiddenCasesError, readHiddenCasesWithHash, type HiddenCases } from '../grader/cases/hidden.ts';
import { DEFAULT_SEED } from '../grader/grade.ts';
import { UsageError, fromCaller } from '../lib/cli.ts';

/** Where the secret seed may come from besides --seed: an option shows in the process list, a variable does not. */
export const SEED_VARIABLE = 'VECTOR_SECRET_SEED';

/** The seed: given, from the environment, or the public one when asked for; never guessed. */
export function seedFrom(given: string | undefined, publicSeed: boolean): number {
  // An empty variable is no seed, as unset.
  const text = given ?? (process.env[SEED_VARIABLE] || undefined);
  if (publicSeed) {
    if (text !== undefined) throw new UsageError(`--public-seed and a secret seed (--seed or ${SEED_VARIABLE}) exclude each other`);
    return DEFAULT_SEED;
  }
  if (text === undefined) {
    throw new UsageError(`no secret seed: set ${SEED_VARIABLE} to a whole number only you know (or give --seed N), or add --public-seed for a practice run`);
  }
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seed)) throw new UsageError(`the secret seed must be a whole number, got "${text}"`);
  return seed;
}

export interface Hidden {
  readonly cases: HiddenCases;
  /** The SHA-256 of the file's text. */
  readonly hash: string;
  readonly count: number;
  readonly file: string;
}

/** The hidden cases: from --hidden, or the registry's file when it exists; a usage error when they cannot be read. */
export function hiddenFrom(given: string | undefined): Hidden | undefined {
  const file = given === undefined ? HIDDEN_CASES_FILE : fromCaller(given);
  if (given === undefined && !existsSync(file)) return undefined;
  try {
    const { cases, hash } = readHiddenCasesWithHash(file);
    return { cases, hash, count: [...cases.values()].reduce((sum, { cases: list }) => sum + list.length, 0), file };
  } catch (error) {
    if (error instanceof HiddenCasesError) throw new UsageError(`--hidden: ${error.message}`);
    throw error;
  }
}
