// Property cases: inputs drawn by fast-check from the grading seed, each compared with the reference like any
// other case. The draws keep their shrinking context, so that when one fails the grader can look for the
// smallest input that still breaks the function (see ../shrink.ts).
import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { FunctionName } from '../../curriculum/index.ts';
import { argumentsOf, type Args } from './arbitraries.ts';

/** How many inputs each function is given; what they cost is measured by `npm run bench:grade`. */
export const PROPERTY_RUNS = 60;

/** One in this many draws is biased toward the edges (zeros, the largest and smallest scales, the longest vectors). */
const BIAS = 3;

export interface PropertyDraws {
  readonly arbitrary: fc.Arbitrary<Args>;
  readonly draws: readonly fc.Value<Args>[];
}

/** `runs` inputs for one function, the same for the same seed on every machine. */
export function drawProperty(name: FunctionName, seed: number, countingKey: string, runs = PROPERTY_RUNS): PropertyDraws {
  const arbitrary = argumentsOf(name, countingKey);
  const random = new fc.Random(xoroshiro128plus(seed));
  return { arbitrary, draws: Array.from({ length: runs }, () => arbitrary.generate(random, BIAS)) };
}
