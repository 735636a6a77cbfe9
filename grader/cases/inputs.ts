// Inputs the case tables draw from: the lesson's own vectors and seeded random ones.
import { loadBugsData } from '../../curriculum/data.ts';
import { createRandom, type Random } from '../../lib/random.ts';

export type Rows = number[][];

export interface Inputs {
  readonly bugs: Rows;
  readonly random: Random;
  /** Dimensions the random cases cover, from a single component to the model's 384. */
  readonly dimensions: readonly number[];
}

const RANDOM_DIMENSIONS = [1, 2, 3, 8, 50, 384] as const;

let bugsVectors: readonly (readonly number[])[] | undefined;

export function createInputs(seed: number): Inputs {
  // Read once per process, copied per function: cases may be handed to code that changes them.
  bugsVectors ??= loadBugsData().vectors;
  return {
    bugs: bugsVectors.map((row) => [...row]),
    random: createRandom(seed),
    dimensions: RANDOM_DIMENSIONS,
  };
}

/** Random rows whose norms differ a lot, so that a missing normalization changes rankings. */
export function unevenRows(random: Random, count: number, dimension: number): Rows {
  return Array.from({ length: count }, () => random.vector(dimension).map((x) => x * random.uniform(0.2, 5)));
}

/** Two lengths that share no digit, so a message naming both is recognisable. */
export const MISMATCH = { short: 7, long: 12 } as const;
