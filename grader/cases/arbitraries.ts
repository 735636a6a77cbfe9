// The random inputs of the property cases, as fast-check arbitraries: values to draw from a seed and to shrink
// toward the smallest input that still breaks a function. Every input they give is valid (same lengths, k a
// whole number within range) and well-posed: any correct formula agrees with the reference on it within the
// tolerance, so a failure always means a wrong function, never an unlucky rounding.
import fc from 'fast-check';
import type { FunctionName } from '../../curriculum/index.ts';
import { createRandom } from '../../lib/random.ts';
import { REFERENCE } from '../reference.ts';
import type { Argument, CountingDistance } from '../types.ts';

type Vector = number[];
type Rows = Vector[];
export type Args = readonly Argument[];

/**
 * Components are whole numbers up to 1000 times a power of ten from 1e-150 to 1e147: squares and sums of
 * squares stay within a double's normal range, so the plain formulas are exact enough, while formulas that
 * square a product or cut off "small" lengths break. Shrinking takes them toward small whole numbers at scale
 * one, so the smallest failing input reads like [1, 2] and [0, 0].
 */
const exponent = fc.integer({ min: -150, max: 147 });
const wholeNumber = fc.integer({ min: -1000, max: 1000 });

/** `x`·10^`power`, read as a decimal (`123e36`), so it prints as it reads: 1.23e+38, not 1.2299999999999998e+38. */
const scaled = (numbers: readonly number[], power: number): Vector => numbers.map((x) => (power === 0 ? x : Number(`${x}e${power}`)));

/**
 * Mostly a few components, now and then any number up to 4096. Both kinds shrink down to one component, so a
 * long failing input can become a short one.
 */
const someNumbers = (most: number) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.array(wholeNumber, { minLength: 1, maxLength: most }) },
    { weight: 1, arbitrary: fc.array(wholeNumber, { minLength: 1, maxLength: 4096, size: 'max' }) },
  );

/** A vector at one scale; now and then all zeros. Its length is cut to its companions' (see `sameLength`). */
const vector = (most = 12): fc.Arbitrary<Vector> =>
  fc
    .tuple(someNumbers(most), exponent, fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }))
    .map(([numbers, power, zero]) => (zero ? numbers.map(() => 0) : scaled(numbers, power)));

/**
 * Vectors of one length, the first one's: the others, drawn with lengths of their own, are cut or repeated to
 * it. Shrinking the first shortens them all, so a counterexample loses the components that do not matter.
 */
const sameLength = ([first, ...others]: readonly Vector[]): Vector[] => [
  first,
  ...others.map((v) => (v.length >= first.length ? v.slice(0, first.length) : Array.from(first, (_, i) => v[i % v.length]))),
];

/**
 * Two vectors of `like`'s length a thousandth or so apart far from the origin ([10000.001, 10001] and
 * [10000, 10001]), where a formula that subtracts squared lengths loses the answer.
 */
const nearPair = (like: Vector, k = 0): [Vector, Vector] => {
  const far = like.map((_, i) => 10_000 + i);
  return [far.map((x, i) => (i === 0 ? x + (1 + (Math.abs(k) % 9)) / 1000 : x)), far];
};

/**
 * `like` and a vector nearly orthogonal to it: components swapped in pairs, one sign flipped, the first pair off
 * by a millionth. The cosine is then a small number, where float32 storage shows: its errors of about 1e-7
 * are hidden by the relative tolerance in an ordinary cosine, not in one of 1e-7.
 */
const nearlyOrthogonal = (like: Vector): [Vector, Vector] => {
  // Off by a millionth toward 1, so no number leaves the range from 1e-150 to 1e150.
  const off = (x: number) => x * (Math.abs(x) > 1 ? 1 - 1e-6 : 1 + 1e-6);
  const turned = like.map((_, i) => (i % 2 === 0 ? (like[i + 1] ?? 0) : -(i === 1 ? off(like[0]) : like[i - 1])));
  return [like, turned];
};

type Relation = 'independent' | 'equal' | 'near' | 'multiple' | 'orthogonal';
const relation = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Relation>('independent') },
  { weight: 1, arbitrary: fc.constant<Relation>('equal') },
  { weight: 1, arbitrary: fc.constant<Relation>('near') },
  { weight: 1, arbitrary: fc.constant<Relation>('multiple') },
  { weight: 1, arbitrary: fc.constant<Relation>('orthogonal') },
);

/** Two vectors of one length, independent or related: equal, a multiple of each other, near and far (`nearPair`), or nearly orthogonal. */
const pair: fc.Arbitrary<[Vector, Vector]> = fc.tuple(vector(), vector(), relation, fc.integer({ min: -100, max: 100 })).map(([first, second, related, k]) => {
  const [a, b] = sameLength([first, second]);
  if (related === 'equal') return [a, [...a]];
  // A multiple within the promised range: no component past 1e150.
  if (related === 'multiple') {
    const factor = Math.sign(k) * Math.min(Math.abs(k), Math.floor(1e150 / Math.max(1, ...a.map(Math.abs))));
    return [a, a.map((x) => x * factor)];
  }
  if (related === 'orthogonal') return nearlyOrthogonal(a);
  return related === 'near' ? nearPair(a, k) : [a, b];
});

/**
 * Numbers in one draw of rows, at most: long rows come few at a time, so that every draw's answer (a matrix of
 * n² numbers, n normalized rows) stays far within what a sandbox may send for one function.
 */
const ROWS_NUMBERS = 4096;

/** Rows of one length: distinct, repeated, or zero rows among them, two near and far or nearly orthogonal; now and then more than 32 of them. */
const rows: fc.Arbitrary<Rows> = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: fc.array(vector(8), { minLength: 1, maxLength: 8 }) }, { weight: 1, arbitrary: fc.array(vector(4), { minLength: 1, maxLength: 40, size: 'max' }) }),
    fc.array(fc.nat(), { maxLength: 2 }),
    fc.constantFrom<'none' | 'near' | 'orthogonal'>('none', 'none', 'none', 'none', 'near', 'orthogonal'),
  )
  .map(([drawn, repeats, related]) => {
    const pairFirst = related === 'none' || drawn.length < 2 ? drawn : [...(related === 'near' ? nearPair(drawn[0]) : nearlyOrthogonal(drawn[0])), ...drawn.slice(2)];
    const all = withRepeats(sameLength(pairFirst), repeats);
    return all.slice(0, Math.max(1, Math.floor(ROWS_NUMBERS / all[0].length)));
  });

/** Rows repeated at random: for a search, exact ties under every formula. */
const withRepeats = (all: Rows, repeats: readonly number[]): Rows => [...all, ...repeats.map((i) => [...all[i % all.length]])];

/**
 * A query and a few documents: repeated ones (exact ties), zero ones, and sometimes every document pointing away
 * from the query, so that every score is negative.
 */
const fewDocuments: fc.Arbitrary<[Vector, Rows]> = fc
  .tuple(vector(4), fc.array(vector(4), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 2 }), fc.boolean())
  .map(([first, drawn, repeats, away]) => {
    const [query, ...documents] = sameLength([first, ...drawn]);
    const all = withRepeats(documents, repeats);
    // Away: each document's components take the opposite signs of the query's, so no score is positive.
    return [query, away ? all.map((document) => document.map((x, i) => -Math.sign(query[i] || 1) * Math.abs(x))) : all];
  });

/**
 * From 1 to 10,000, evenly spread in orders of magnitude (as many draws below 100 as between 1,000 and 10,000):
 * every size is reached, and the large ones, which cost the most to grade, are the fewest.
 */
const documentCount = fc.integer({ min: 0, max: 1000 }).map((step) => Math.round(10 ** (step / 250)));

/**
 * Up to thousands of documents of two to four components, spread widely enough that distinct ones rarely tie. The
 * numbers come from a seed that fast-check draws (drawing each of 40,000 numbers through fast-check costs far
 * more); shrinking then takes the count of documents down, which is what makes such an input readable.
 */
const manyDocuments: fc.Arbitrary<[Vector, Rows]> = fc
  .tuple(fc.integer({ min: 2, max: 4 }), documentCount, fc.integer(), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([d, count, seed, repeats]): [Vector, Rows] => {
    const random = createRandom(seed);
    const wide = () => Array.from({ length: d }, () => random.int(-1_000_000, 1_000_000));
    return [wide(), withRepeats(Array.from({ length: count }, wide), repeats)];
  });

const search = fc.oneof({ weight: 9, arbitrary: fewDocuments }, { weight: 1, arbitrary: manyDocuments });

// ---- well-posed: every correct formula gives the reference's answer within the tolerance ----

const EPSILON = Number.EPSILON;

/**
 * A dot product is known only to within its rounding: about d·ε·Σ|aᵢbᵢ|, whatever the order of summation. The
 * case is kept when that is far below what the tolerance allows, so a sum in another order (Kahan, pairwise)
 * cannot fail where the reference's loop passes.
 */
function dotIsWellPosed(a: Vector, b: Vector): boolean {
  let magnitude = 0;
  let value = 0;
  for (let i = 0; i < a.length; i++) {
    magnitude += Math.abs(a[i] * b[i]);
    value += a[i] * b[i];
  }
  return 4 * a.length * EPSILON * magnitude <= 0.01 * (1e-8 + 1e-5 * Math.abs(value));
}

const cosine = REFERENCE.cosine as (a: Vector, b: Vector) => number;

/**
 * Documents that tie must tie exactly (they are the same vector); any others must differ clearly in score, or
 * another correct formula could order them the other way by a rounding.
 */
function scoresAreDistinctOrTied([query, documents]: [Vector, Rows]): boolean {
  const scores = documents.map((document) => cosine(query, document));
  const order = scores.map((_, i) => i).sort((i, j) => scores[i] - scores[j]);
  return order.every((i, at) => {
    const j = order[at + 1];
    return j === undefined || scores[j] - scores[i] >= 1e-9 || documents[i].every((x, k) => x === documents[j][k]);
  });
}

const everyPair = (all: Rows, ok: (a: Vector, b: Vector) => boolean) => all.every((a, i) => all.slice(i).every((b) => ok(a, b)));

// ---- per function ----

const counting = (key: string): CountingDistance => ({ $sandbox: 'counting-distance', key });

/** The arbitrary of each function's arguments. `countingKey` is the counting distance's key for this run. */
export function argumentsOf(name: FunctionName, countingKey: string): fc.Arbitrary<Args> {
  switch (name) {
    case 'euclidean':
    case 'cosine':
      return pair;
    case 'dot':
      return pair.filter(([a, b]) => dotIsWellPosed(a, b));
    case 'euclideanMatrix':
    case 'cosineMatrix':
    case 'cosineDistanceMatrix':
    case 'norms':
    case 'normalize':
      return rows.map((all) => [all]);
    case 'euclideanMatrixSymmetric':
      return rows.map((all) => [all, counting(countingKey)]);
    case 'dotMatrix':
    case 'dotDistanceMatrix':
      return rows.filter((all) => everyPair(all, dotIsWellPosed)).map((all) => [all]);
    case 'norm':
      return vector().map((v) => [v]);
    case 'querySearch':
      return search.filter(scoresAreDistinctOrTied);
    case 'topK':
      return search.filter(scoresAreDistinctOrTied).chain(([query, documents]) => fc.integer({ min: 0, max: documents.length + 1 }).map((k): Args => [query, documents, k]));
  }
}
