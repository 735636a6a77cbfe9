import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of numbers: the same seed always gives the same sequence, on every machine. */
export interface Random {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A vector of `length` components, each uniform in [min, max). */
  vector(length: number, min?: number, max?: number): number[];
  /** `rows` vectors of `length` components each. */
  matrix(rows: number, length: number, min?: number, max?: number): number[][];
}

// Only arithmetic is used on top of the generator (no Math.sin/log), so the values are bit-identical across
// Node versions: the data files regenerated from a seed must match byte for byte.
export function createRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  const float = () => uniformFloat64(rng);
  const uniform = (min: number, max: number) => min + (max - min) * float();
  const vector = (length: number, min = -1, max = 1) => Array.from({ length }, () => uniform(min, max));
  return {
    float,
    uniform,
    int: (min, max) => uniformInt(rng, min, max),
    vector,
    matrix: (rows, length, min = -1, max = 1) => Array.from({ length: rows }, () => vector(length, min, max)),
  };
}
