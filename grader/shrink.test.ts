import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { shrink } from './shrink.ts';

type Pair = [number[], number[]];
/** Two vectors of one length, as the grader draws them: each with its own length, both cut to the shorter. */
const numbers = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 20 });
const pair: fc.Arbitrary<Pair> = fc.tuple(numbers, numbers).map(([a, b]) => [a.slice(0, b.length), b.slice(0, a.length)]);

/** A draw that `breaks`, from a fixed seed. */
function failingDraw(breaks: (input: Pair) => boolean): fc.Value<Pair> {
  const random = new fc.Random(xoroshiro128plus(7));
  for (;;) {
    const draw = pair.generate(random, undefined);
    if (breaks(draw.value)) return draw;
  }
}

/** Judges a batch as the grader would, counting the batches. */
function judgeWith(breaks: (input: Pair) => boolean) {
  const batches: number[] = [];
  return {
    batches,
    failures: async (inputs: readonly Pair[]) => {
      batches.push(inputs.length);
      return inputs.map(breaks);
    },
  };
}

describe('shrink', () => {
  it('finds the smallest input that still breaks the function: a zero second vector of one component', async () => {
    // A cosine that forgets to check the second vector for zero: it breaks whenever b is all zeros.
    const breaks = ([, b]: Pair) => b.every((x) => x === 0);
    const { failures, batches } = judgeWith(breaks);
    const shrunk = await shrink(pair, failingDraw(breaks), failures);
    expect(shrunk.value).toEqual([[0], [0]]);
    expect(shrunk.minimal).toBe(true);
    expect(batches.every((size) => size <= 32)).toBe(true);
  });

  it('keeps what matters and shrinks the rest: a component above 500 stays, at its smallest', async () => {
    const breaks = ([a]: Pair) => a.some((x) => x > 500);
    const { failures } = judgeWith(breaks);
    const shrunk = await shrink(pair, failingDraw(breaks), failures);
    expect(shrunk.value).toEqual([[501], [0]]);
  });

  it('stops on its budget and says so, keeping the smallest failure found so far', async () => {
    const breaks = ([a]: Pair) => a.some((x) => x > 500);
    const { failures, batches } = judgeWith(breaks);
    const draw = failingDraw(breaks);
    const shrunk = await shrink(pair, draw, failures, { rounds: 2, batch: 4, timeMs: 10_000 });
    expect(batches).toHaveLength(2);
    expect(shrunk.minimal).toBe(false);
    expect(breaks(shrunk.value)).toBe(true);
  });

  it('returns the input it was given when nothing smaller fails', async () => {
    const draw = failingDraw(() => true);
    const shrunk = await shrink(pair, draw, async (inputs) => inputs.map(() => false));
    expect(shrunk).toEqual({ value: draw.value, steps: 0, minimal: true });
  });
});
