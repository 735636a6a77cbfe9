// After judging: when a random input breaks a function, looks for the smallest input that still breaks it, so
// the feedback can show a counterexample a learner can work through by hand ([1, 2] and [0, 0], not 384
// numbers at 1e-137). fast-check's shrinker proposes smaller inputs in order; each round runs a batch of them
// in one sandbox and moves to the first that fails, as fast-check itself would, until none fails or the
// budget is spent.
import type fc from 'fast-check';

export interface ShrinkLimits {
  /** Sandbox runs at most. */
  readonly rounds: number;
  /** Candidates tried per run. */
  readonly batch: number;
  /** Time at most, in ms: the learner waits for it. */
  readonly timeMs: number;
}

export const SHRINK_LIMITS: ShrinkLimits = { rounds: 32, batch: 32, timeMs: 2_500 };

export interface Shrunk<T> {
  /** The smallest failing input found (the one given, if none smaller fails). */
  readonly value: T;
  /** How many times a smaller failing input was found. */
  readonly steps: number;
  /** Whether the search ended because nothing smaller fails, rather than on the budget. */
  readonly minimal: boolean;
}

/** The next `count` items of `iterator`, fewer at its end. */
function take<V>(iterator: Iterator<V>, count: number): V[] {
  const items: V[] = [];
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    items.push(next.value);
    if (items.length === count) break;
  }
  return items;
}

/**
 * Shrinks `failing`, an input drawn from `arbitrary` that broke the function. `failures` runs a batch of
 * inputs and says of each whether it fails (an input that could not be run counts as not failing).
 */
export async function shrink<T>(
  arbitrary: fc.Arbitrary<T>,
  failing: fc.Value<T>,
  failures: (inputs: readonly T[]) => Promise<readonly boolean[]>,
  limits: ShrinkLimits = SHRINK_LIMITS,
): Promise<Shrunk<T>> {
  const deadline = Date.now() + limits.timeMs;
  let current = failing;
  let steps = 0;
  let rounds = 0;
  for (;;) {
    const candidates = arbitrary.shrink(current.value_, current.context)[Symbol.iterator]();
    for (let batch = take(candidates, limits.batch); ; batch = take(candidates, limits.batch)) {
      if (batch.length === 0) return { value: current.value, steps, minimal: true };
      if (rounds >= limits.rounds || Date.now() >= deadline) return { value: current.value, steps, minimal: false };
      rounds++;
      const first = (await failures(batch.map((candidate) => candidate.value))).findIndex(Boolean);
      if (first >= 0) {
        current = batch[first];
        steps++;
        break;
      }
    }
  }
}
