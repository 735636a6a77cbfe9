// Names the mistake behind a wrong value: each known wrong formula is computed here, in trusted code, on the
// failing case's inputs; if the learner's value matches one within tolerance, that mistake is named.
import { DEFAULT_TOLERANCE, type FunctionName, type Tolerance } from '../curriculum/index.ts';
import { compare, type Expected } from './compare.ts';
import { REFERENCE } from './reference.ts';
import type { Mistake } from './types.ts';

type Row = readonly number[];
type Rows = readonly Row[];
type Pair = (a: Row, b: Row) => number;

type Variant = (args: readonly unknown[]) => Expected;

/** A wrong formula, with the value it gives for each function it can explain (one or several ways). */
interface WrongFormula extends Mistake {
  readonly variants: Partial<Record<FunctionName, Variant | readonly Variant[]>>;
  /** How close a learner's values must come to the formula's, when not as close as the function's own answers. */
  readonly tolerance?: Tolerance;
}

const sum = (values: readonly number[]) => values.reduce((total, x) => total + x, 0);
const dot: Pair = (a, b) => sum(a.map((x, i) => x * b[i]));
const squaredDistance: Pair = (a, b) => sum(a.map((x, i) => (x - b[i]) ** 2));
const manhattan: Pair = (a, b) => sum(a.map((x, i) => Math.abs(x - b[i])));
const pairwise = (pair: Pair) => (rows: Rows) => rows.map((a) => rows.map((b) => pair(a, b)));
const negate = (rows: Rows) => rows.map((row) => row.map((x) => -x));
const complement = (rows: Rows) => rows.map((row) => row.map((x) => 1 - x));
/** A vector, or every row of a matrix, without its last component; anything else unchanged. */
const dropLastComponent = (arg: unknown): unknown =>
  Array.isArray(arg) ? (Array.isArray(arg[0]) ? arg.map((row: Row) => row.slice(0, -1)) : arg.slice(0, -1)) : arg;
const rowsOf = (args: readonly unknown[]) => args[0] as Rows;
const pairOf = (args: readonly unknown[]) => [args[0] as Row, args[1] as Row] as const;
/** euclideanMatrixSymmetric's distance argument: when one is given, a wrong default cannot show. */
const givenDistance = (args: readonly unknown[]) => (typeof args[1] === 'function' ? (args[1] as Pair) : undefined);
/**
 * The reference's length of a row, and its distance or cosine of a pair, each asked once per row or pair: the
 * formulas ask again and again (ten cut-offs, each for every pair), and the arguments of a call never change.
 */
function onceEach(length: (v: Row) => number): (v: Row) => number {
  const known = new WeakMap<Row, number>();
  return (v) => known.get(v) ?? (known.set(v, length(v)), known.get(v)!);
}
function onceEachPair(pair: Pair): Pair {
  const known = new WeakMap<Row, WeakMap<Row, number>>();
  return (a, b) => {
    const withA = known.get(a) ?? known.set(a, new WeakMap()).get(a)!;
    return withA.get(b) ?? (withA.set(b, pair(a, b)), withA.get(b)!);
  };
}
const euclidean = onceEachPair(REFERENCE.euclidean as Pair);
const cosine = onceEachPair(REFERENCE.cosine as Pair);
const norm = onceEach(REFERENCE.norm as (v: Row) => number);

/** The full matrix euclideanMatrixSymmetric should return: with the distance given, or the default. */
const symmetricMatrix = (args: readonly unknown[]) => pairwise(givenDistance(args) ?? euclidean)(rowsOf(args));

/** The cosine scores of the documents a ranking picks, in its order, instead of their indices. */
const scoresOf = (rank: Variant): Variant => (args) => {
  const [query, documents] = args as [Row, Rows];
  const picked = rank(args) as number | number[];
  return Array.isArray(picked) ? picked.map((i) => cosine(query, documents[i])) : cosine(query, documents[picked]);
};

/**
 * Each document's score for the query, computed once per call and score: the ranking formulas all read them
 * (for a search over thousands of documents, scoring once per formula was most of a diagnosis).
 */
const scored = new WeakMap<Pair, WeakMap<readonly unknown[], readonly number[]>>();
function documentScores(score: Pair, args: readonly unknown[]): readonly number[] {
  const byCall = scored.get(score) ?? scored.set(score, new WeakMap()).get(score)!;
  const known = byCall.get(args);
  if (known) return known;
  const [query, documents] = args as [Row, Rows];
  const scores = documents.map((document) => score(query, document));
  byCall.set(args, scores);
  return scores;
}

/** Scores the documents, then ranks them: `order` decides which end counts as best and how ties fall. */
function ranking(score: Pair, order: 'best-first' | 'worst-first' | 'ties-to-higher' | 'by-index') {
  return (args: readonly unknown[]) => {
    const [, documents, k] = args as [Row, Rows, number | undefined];
    const scores = documentScores(score, args);
    const byScore = scores.map((_, i) => i).sort((i, j) => {
      if (order === 'worst-first') return scores[i] - scores[j] || i - j;
      if (order === 'ties-to-higher') return scores[j] - scores[i] || j - i;
      return scores[j] - scores[i] || i - j;
    });
    const top = byScore.slice(0, k ?? 1);
    if (order === 'by-index') top.sort((i, j) => i - j);
    return k === undefined ? top[0] : top;
  };
}

const scaleRows = (rows: Rows, by: (row: Row) => number) =>
  rows.map((row) => {
    const length = by(row);
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });

// ---- formulas that break at the edges of the range: float32, squared products, subtracted squares, cut-offs ----

const f32 = Math.fround;
/** Arithmetic in float32 at every step, as with a Float32Array or Math.fround: Infinity past 3.4e38, digits lost. */
const dot32: Pair = (a, b) => a.reduce((total, x, i) => f32(total + f32(f32(x) * f32(b[i]))), 0);
const norm32 = (v: Row) => f32(Math.sqrt(dot32(v, v)));
const euclidean32: Pair = (a, b) => f32(Math.sqrt(a.reduce((total, x, i) => f32(total + f32((f32(x) - f32(b[i])) ** 2)), 0)));
const cosine32: Pair = (a, b) => {
  const lengths = f32(norm32(a) * norm32(b));
  return lengths === 0 ? 0 : f32(dot32(a, b) / lengths);
};
/** Float64 steps, each result stored in float32 (a Float32Array accumulator or result): the same limits. */
const dotStored32: Pair = (a, b) => a.reduce((total, x, i) => f32(total + x * b[i]), 0);
const normStored32 = (v: Row) => f32(Math.sqrt(v.reduce((total, x) => total + x * x, 0)));
const normalize32 = (rows: Rows) => rows.map((row) => {
  const length = norm32(row);
  return row.map((x) => (length === 0 ? 0 : f32(f32(x) / length)));
});
/** Unit rows computed in doubles, then stored in float32 (a Float32Array per row). */
const normalizeStored32 = (rows: Rows) => rows.map((row) => {
  const length = norm(row);
  return row.map((x) => (length === 0 ? 0 : f32(x / length)));
});
/** √(‖a‖²·‖b‖²): the product of squared lengths overflows past about 1e77 per component, and underflows below 1e-77. */
const cosineOfProduct: Pair = (a, b) => {
  const lengths = Math.sqrt(dot(a, a) * dot(b, b));
  return lengths === 0 ? 0 : dot(a, b) / lengths;
};
/** √(‖a‖² + ‖b‖² − 2a·b): subtracting large squares loses the difference of close vectors far from the origin. */
const subtractedSquares: Pair = (a, b) => Math.sqrt(dot(a, a) + dot(b, b) - 2 * dot(a, b));
const subtractedSquaresClamped: Pair = (a, b) => Math.sqrt(Math.max(0, dot(a, a) + dot(b, b) - 2 * dot(a, b)));

/** Cut-offs a learner may take for "zero": anything shorter counts as the zero vector. */
const CUTOFFS = [1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3] as const;
/** Cosine with a cut-off on the product of lengths, on either length, or as a floor under the product. */
const cutoffCosines: readonly Pair[] = CUTOFFS.flatMap((cutoff) => [
  (a: Row, b: Row) => (norm(a) * norm(b) < cutoff ? 0 : dot(a, b) / (norm(a) * norm(b))),
  (a: Row, b: Row) => (norm(a) < cutoff || norm(b) < cutoff ? 0 : dot(a, b) / (norm(a) * norm(b))),
  (a: Row, b: Row) => dot(a, b) / Math.max(norm(a) * norm(b), cutoff),
]);
/** Normalization with a cut-off: a floor under the length, or short rows counted as zero rows. */
const cutoffNormalizations: readonly ((rows: Rows) => Rows)[] = CUTOFFS.flatMap((cutoff) => [
  (rows: Rows) => rows.map((row) => row.map((x) => x / Math.max(norm(row), cutoff))),
  (rows: Rows) => rows.map((row) => (norm(row) < cutoff ? row.map(() => 0) : row.map((x) => x / norm(row)))),
]);

/** A value cut to 0 below `cutoff` (itself, or its square, as a learner may test the sum of squares). */
const cutTo = (cutoff: number) => (x: number) => (Math.abs(x) < cutoff || x * x < cutoff ? 0 : x);

/** Lengths, distances and dot products that call small values 0, at each cut-off. */
function throughCutoffs(): Partial<Record<FunctionName, readonly Variant[]>> {
  const cuts = CUTOFFS.map(cutTo);
  return {
    norm: cuts.map((cut) => (args) => cut(norm(args[0] as Row))),
    norms: cuts.map((cut) => (args) => rowsOf(args).map((row) => cut(norm(row)))),
    euclidean: cuts.map((cut) => (args) => cut(euclidean(...pairOf(args)))),
    euclideanMatrix: cuts.map((cut) => (args) => pairwise((a, b) => cut(euclidean(a, b)))(rowsOf(args))),
    dot: cuts.map((cut) => (args) => cut(dot(...pairOf(args)))),
    dotMatrix: cuts.map((cut) => (args) => pairwise((a, b) => cut(dot(a, b)))(rowsOf(args))),
  };
}

/** The dot product over one vector's length, or its square (norm(a) * norm(a)), 0 where that length is. */
const oneLengthCosines: readonly Pair[] = ([(a, b) => norm(a), (a, b) => norm(b), (a, b) => norm(a) ** 2, (a, b) => norm(b) ** 2] as const satisfies readonly Pair[]).map(
  (length) => (a: Row, b: Row) => (length(a, b) === 0 ? 0 : dot(a, b) / length(a, b)),
);

/** Cosine that checks only one of the vectors for zero: the other one, when zero, gives 0 / 0. */
const oneSidedCosines: readonly Pair[] = [
  (a, b) => (norm(a) === 0 ? 0 : dot(a, b) / (norm(a) * norm(b))),
  (a, b) => (norm(b) === 0 ? 0 : dot(a, b) / (norm(a) * norm(b))),
];

/** The cosine-family functions, each given a pairwise cosine (every wrong cosine makes a wrong matrix and ranking). */
const throughCosine = (pairs: readonly Pair[]): Partial<Record<FunctionName, readonly Variant[]>> => ({
  cosine: pairs.map((pair) => (args: readonly unknown[]) => pair(...pairOf(args))),
  cosineMatrix: pairs.map((pair) => (args: readonly unknown[]) => pairwise(pair)(rowsOf(args))),
  cosineDistanceMatrix: pairs.map((pair) => (args: readonly unknown[]) => complement(pairwise(pair)(rowsOf(args)))),
  querySearch: pairs.map((pair) => ranking(pair, 'best-first')),
  topK: pairs.map((pair) => ranking(pair, 'best-first')),
});

const UNSTABLE_COSINES = throughCosine([cosineOfProduct, cosine32]);
/** Cosine matrices from unit rows held in float32, multiplied in float32 or in doubles. */
const UNIT_ROWS_32: readonly ((rows: Rows) => Rows)[] = [(rows) => pairwise(dot32)(normalize32(rows)), (rows) => pairwise(dot)(normalizeStored32(rows))];

/** The best match searched from a best score of 0 (or index −1) rather than −∞: wrong when every score is negative. */
const bestFromZero = (start: number) => (args: readonly unknown[]) => {
  let best = start;
  let bestScore = 0;
  documentScores(cosine, args).forEach((score, i) => {
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
};

/** Mistakes recognised from behaviour rather than from a value; the judge names them. */
export const BEHAVIOUR_MISTAKES = {
  silentTruncation: {
    id: 'silent-truncation',
    title: 'silent truncation on mismatched lengths',
    explanation: 'Vectors of different lengths were compared anyway, like Python’s zip: check a.length === b.length and throw an Error naming both lengths.',
  },
  missingValidation: {
    id: 'missing-validation',
    title: 'invalid input accepted',
    explanation: 'This input has no sensible answer, so the function must throw an Error instead of returning something.',
  },
  inputModified: {
    id: 'input-modified',
    title: 'in-place modification of the input',
    explanation: 'The function changed the arrays it was given. Build new arrays (map, or a fresh [] you fill) and leave the caller’s data alone.',
  },
  nanFromZeroVector: {
    id: 'nan-from-zero-vector',
    title: 'NaN from a zero vector',
    explanation: 'A zero vector has norm 0 and 0 / 0 is NaN: handle it first (a zero row stays zeros, its cosine is 0).',
  },
  distanceIgnored: {
    id: 'distance-ignored',
    title: 'the distance argument is ignored',
    explanation: 'Call the distance function you are given: it defaults to euclidean, but a caller may pass another metric.',
  },
  aliasing: {
    id: 'aliasing',
    title: 'the result shares an array with the input or with itself',
    explanation:
      'Return arrays of your own: a zero row becomes a new row of zeros (row.map(() => 0)), never the row you were given, and no array stands in two places of a result. Otherwise a caller writing into the result changes its input, or another row.',
  },
  staleCache: {
    id: 'stale-cache',
    title: 'an answer kept from an earlier call',
    explanation:
      'The function answered from something it kept between calls (a cache keyed by the array, or by rounded numbers), though the numbers had changed. Compute each answer from the numbers of this call, and keep nothing between calls.',
  },
  allPairsComputed: {
    id: 'all-pairs-computed',
    title: 'all pairs computed where each pair once was asked',
    explanation: 'distance(i, j) equals distance(j, i) and distance(i, i) is 0: loop over j > i only and mirror the result.',
  },
} as const satisfies Record<string, Mistake>;

const FORMULAS: readonly WrongFormula[] = [
  {
    id: 'squared-distance',
    title: 'squared distance: the square root is missing',
    explanation: 'The L2 distance is the square root of the sum of squared differences; without Math.sqrt you return its square.',
    variants: {
      euclidean: (args) => squaredDistance(...pairOf(args)),
      euclideanMatrix: (args) => pairwise(squaredDistance)(rowsOf(args)),
      euclideanMatrixSymmetric: (args) => pairwise(givenDistance(args) ?? squaredDistance)(rowsOf(args)),
    },
  },
  {
    id: 'l1-distance',
    title: 'L1 (Manhattan) distance instead of L2',
    explanation: 'You added up absolute differences |aᵢ − bᵢ|; the L2 distance squares each difference, sums, then takes the square root.',
    variants: {
      euclidean: (args) => manhattan(...pairOf(args)),
      euclideanMatrix: (args) => pairwise(manhattan)(rowsOf(args)),
      euclideanMatrixSymmetric: (args) => pairwise(givenDistance(args) ?? manhattan)(rowsOf(args)),
    },
  },
  {
    id: 'last-component-skipped',
    title: 'the last component is skipped',
    explanation: 'Your loop stops one step early (i < length − 1, or i <= length − 2): the last component never counts.',
    variants: Object.fromEntries(
      (['euclidean', 'euclideanMatrix', 'euclideanMatrixSymmetric', 'dot', 'dotMatrix', 'dotDistanceMatrix', 'norm', 'norms', 'cosine', 'cosineMatrix', 'cosineDistanceMatrix'] as const).map(
        (name) => [name, (args: readonly unknown[]) => (REFERENCE[name] as (...a: unknown[]) => Expected)(...args.map(dropLastComponent))],
      ),
    ),
  },
  {
    id: 'last-component-skipped',
    title: 'the last component is skipped',
    explanation: 'Your norm loop stops one step early (i < length − 1): each row is divided by a norm that misses its last component.',
    variants: { normalize: (args) => scaleRows(rowsOf(args), (row) => REFERENCE.norm(row.slice(0, -1))) },
  },
  {
    id: 'dot-not-normalized',
    title: 'dot product without normalization',
    explanation: 'Cosine similarity divides the dot product by both lengths (or takes the dot product of normalized vectors); the raw dot product favours long vectors.',
    variants: {
      cosine: (args) => dot(...pairOf(args)),
      cosineMatrix: (args) => pairwise(dot)(rowsOf(args)),
      cosineDistanceMatrix: (args) => complement(pairwise(dot)(rowsOf(args))),
      querySearch: ranking(dot, 'best-first'),
      topK: ranking(dot, 'best-first'),
    },
  },
  {
    id: 'similarity-for-distance',
    title: 'a similarity where a distance was asked',
    explanation: 'A distance must be small for close vectors: negate the dot product, or take 1 − cosine similarity.',
    variants: {
      dotDistanceMatrix: (args) => REFERENCE.dotMatrix(rowsOf(args)),
      cosineDistanceMatrix: (args) => REFERENCE.cosineMatrix(rowsOf(args)),
    },
  },
  {
    id: 'distance-for-similarity',
    title: 'a distance where a similarity was asked',
    explanation: 'A similarity is large for close vectors; you returned the distance (negated or 1 − similarity) instead.',
    variants: {
      dotMatrix: (args) => negate(REFERENCE.dotMatrix(rowsOf(args))),
      cosine: (args) => 1 - cosine(...pairOf(args)),
      cosineMatrix: (args) => complement(REFERENCE.cosineMatrix(rowsOf(args))),
    },
  },
  {
    id: 'reversed-distance',
    title: 'cosine distance reversed',
    explanation: 'Cosine distance is 1 − similarity; similarity − 1 is its negative.',
    variants: { cosineDistanceMatrix: (args) => negate(complement(REFERENCE.cosineMatrix(rowsOf(args)))) },
  },
  {
    id: 'argmin-for-argmax',
    title: 'argmin for argmax',
    explanation: 'You picked the least similar document; the best match has the highest cosine similarity.',
    variants: { querySearch: ranking(cosine, 'worst-first') },
  },
  {
    id: 'lowest-first',
    title: 'the top k listed from the lowest score',
    explanation: 'You sorted the scores in ascending order, so the least similar documents came first: sort from the highest score down, then take the first k.',
    variants: { topK: ranking(cosine, 'worst-first') },
  },
  {
    id: 'scores-for-indices',
    title: 'scores returned instead of indices',
    explanation: 'You returned the similarity scores; the function returns the documents’ indices (their positions in the list), best first.',
    variants: { querySearch: scoresOf(ranking(cosine, 'best-first')), topK: scoresOf(ranking(cosine, 'best-first')) },
    // The learner computes the scores their own way: as close as any cosine, not exactly as the indices.
    tolerance: DEFAULT_TOLERANCE,
  },
  {
    id: 'one-based-index',
    title: 'one-based index',
    explanation: 'Array indices in TypeScript start at 0: the first document is index 0, not 1.',
    variants: {
      querySearch: (args) => (REFERENCE.querySearch as (...a: unknown[]) => number)(...args) + 1,
      topK: (args) => (REFERENCE.topK as (...a: unknown[]) => number[])(...args).map((i) => i + 1),
    },
  },
  {
    id: 'ties-to-higher-index',
    title: 'ties go to the higher index',
    explanation: 'When scores are equal the lower index must win: replace the best only on a strictly greater score (> rather than >=).',
    variants: { querySearch: ranking(cosine, 'ties-to-higher'), topK: ranking(cosine, 'ties-to-higher') },
  },
  {
    id: 'not-sorted-by-similarity',
    title: 'the top k are not ordered by similarity',
    explanation: 'You found the right documents but returned them in index order; list the most similar first.',
    variants: { topK: ranking(cosine, 'by-index') },
  },
  {
    id: 'squared-norm',
    title: 'squared norm: the square root is missing',
    explanation: 'The L2 norm is the square root of the sum of squares.',
    variants: {
      norm: (args) => dot(args[0] as Row, args[0] as Row),
      norms: (args) => rowsOf(args).map((row) => dot(row, row)),
      normalize: (args) => scaleRows(rowsOf(args), (row) => dot(row, row)),
    },
  },
  {
    id: 'l1-norm',
    title: 'L1 norm instead of L2',
    explanation: 'You added up absolute values; the L2 norm is the square root of the sum of squares.',
    variants: {
      norm: (args) => sum((args[0] as Row).map(Math.abs)),
      norms: (args) => rowsOf(args).map((row) => sum(row.map(Math.abs))),
      normalize: (args) => scaleRows(rowsOf(args), (row) => sum(row.map(Math.abs))),
    },
  },
  {
    id: 'column-wise',
    title: 'column-wise instead of row-wise',
    explanation: 'Each vector is a row: take one norm per row (numpy axis=1), not one per column.',
    variants: {
      norms: (args) => {
        const rows = rowsOf(args);
        return rows[0].map((_, j) => Math.sqrt(sum(rows.map((row) => row[j] ** 2))));
      },
      normalize: (args) => {
        const rows = rowsOf(args);
        const columnNorms = rows[0].map((_, j) => Math.sqrt(sum(rows.map((row) => row[j] ** 2))));
        return rows.map((row) => row.map((x, j) => (columnNorms[j] === 0 ? 0 : x / columnNorms[j])));
      },
    },
  },
  {
    id: 'mirror-missing',
    title: 'only one triangle of the matrix is filled in',
    explanation: 'Computing each pair once is right, but write the distance to both [i][j] and [j][i].',
    variants: {
      euclideanMatrixSymmetric: [
        (args) => symmetricMatrix(args).map((row, i) => row.map((x, j) => (j > i ? x : 0))),
        (args) => symmetricMatrix(args).map((row, i) => row.map((x, j) => (j < i ? x : 0))),
      ],
    },
  },
  {
    id: 'unstable-formula',
    title: 'a formula that breaks at very large or very small numbers',
    explanation:
      'Components may be as large as 1e150 or as small as 1e-150. Multiplying squared lengths (√(‖a‖²·‖b‖²)) overflows or underflows, ' +
      '‖a‖² + ‖b‖² − 2a·b loses close vectors far from the origin, and float32 (Float32Array, Math.fround) ends at 3.4e38: use plain numbers and ' +
      'take each square root on its own (‖a‖·‖b‖, √Σ(aᵢ − bᵢ)²).',
    variants: {
      euclidean: [(args) => subtractedSquares(...pairOf(args)), (args) => subtractedSquaresClamped(...pairOf(args)), (args) => euclidean32(...pairOf(args))],
      euclideanMatrix: [subtractedSquares, subtractedSquaresClamped, euclidean32].map((pair) => (args: readonly unknown[]) => pairwise(pair)(rowsOf(args))),
      dot: [dot32, dotStored32].map((pair) => (args: readonly unknown[]) => pair(...pairOf(args))),
      dotMatrix: [dot32, dotStored32].map((pair) => (args: readonly unknown[]) => pairwise(pair)(rowsOf(args))),
      dotDistanceMatrix: [dot32, dotStored32].map((pair) => (args: readonly unknown[]) => negate(pairwise(pair)(rowsOf(args)))),
      norm: [norm32, normStored32].map((length) => (args: readonly unknown[]) => length(args[0] as Row)),
      norms: [norm32, normStored32].map((length) => (args: readonly unknown[]) => rowsOf(args).map(length)),
      normalize: (args) => normalize32(rowsOf(args)),
      ...UNSTABLE_COSINES,
      // Normalized first, in float32, then multiplied (in float32, or in doubles): other orders of float32 arithmetic.
      cosineMatrix: [...UNSTABLE_COSINES.cosineMatrix!, ...UNIT_ROWS_32.map((units) => (args: readonly unknown[]) => units(rowsOf(args)))],
      cosineDistanceMatrix: [...UNSTABLE_COSINES.cosineDistanceMatrix!, ...UNIT_ROWS_32.map((units) => (args: readonly unknown[]) => complement(units(rowsOf(args))))],
    },
  },
  {
    id: 'zero-cutoff',
    title: 'small values treated as zero',
    explanation:
      'Only an exact zero vector has no direction, and only an exact 0 is zero: [1e-7, 0] is as good a vector as [1, 0], and a length or distance of 1.2e-8 is not 0. ' +
      'Test for length === 0 (or every component 0), not for a value below some small number, and never put a floor under a length.',
    variants: {
      ...throughCosine(cutoffCosines),
      normalize: cutoffNormalizations.map((normalization) => (args: readonly unknown[]) => normalization(rowsOf(args))),
      ...throughCutoffs(),
    },
  },
  {
    // No check at all: set against a check on one vector only, it explains more of the failures.
    ...BEHAVIOUR_MISTAKES.nanFromZeroVector,
    variants: {
      ...throughCosine([(a, b) => dot(a, b) / (norm(a) * norm(b))]),
      normalize: (args) => rowsOf(args).map((row) => row.map((x) => x / norm(row))),
    },
  },
  {
    id: 'one-length-only',
    title: 'the dot product divided by one length only',
    explanation: 'Cosine similarity divides the dot product by the product of both lengths, ‖a‖·‖b‖; dividing by one of them (or by its square) leaves the other vector’s length in the answer.',
    // Not for the searches: dividing every score by the query's length ranks as the dot product does, and by each
    // document's as the cosine does, so there the mistake cannot show.
    variants: (({ cosine, cosineMatrix, cosineDistanceMatrix }) => ({ cosine, cosineMatrix, cosineDistanceMatrix }))(throughCosine(oneLengthCosines)),
  },
  {
    id: 'one-sided-zero-check',
    title: 'only one of the two vectors is checked for zero',
    explanation: 'Either vector may be the zero vector, and then the cosine is 0: check both lengths (or their product) before dividing.',
    variants: throughCosine(oneSidedCosines),
  },
  {
    id: 'best-from-zero',
    title: 'the best score starts at 0',
    explanation: 'Cosine similarity can be negative, and then no document beats a start of 0: start from the first document’s score (or −Infinity).',
    variants: { querySearch: [bestFromZero(0), bestFromZero(-1)] },
  },
  {
    ...BEHAVIOUR_MISTAKES.distanceIgnored,
    variants: {
      // Called the distance (the calls were right) but used Euclidean values of its own.
      euclideanMatrixSymmetric: (args) => {
        if (!givenDistance(args)) throw new Error('no distance given: nothing to ignore');
        return REFERENCE.euclideanMatrix(rowsOf(args));
      },
    },
  },
];

/** A call whose value was compared with the reference: the reference's arguments and what came back. */
export interface Observation {
  readonly args: readonly unknown[];
  readonly actual: unknown;
  readonly passed: boolean;
}

function matches(variant: Variant, { args, actual }: Observation, tolerance: Tolerance): boolean {
  try {
    // A NaN where the formula gives NaN is evidence too (grading never lets NaN match).
    return compare(actual, variant(args) as Expected, tolerance, { equalNan: true }).ok;
  } catch {
    return false; // the wrong formula has no value here (an empty list, say)
  }
}

/**
 * The known wrong formula behind a function's first failing value. Every returned value is evidence: a
 * formula must match the first failure; the fewer values the learner got right that it contradicts, and the
 * more of the other failures it explains, the likelier it is theirs. (Contradictions count rather than
 * disqualify: a learner's version of a wrong formula may still treat an edge case, a zero vector say, right.)
 */
export function diagnose(name: FunctionName, observations: readonly Observation[], tolerance: Tolerance): Mistake | undefined {
  const [first, ...otherFailures] = observations.filter((observation) => !observation.passed);
  if (!first) return undefined;
  const passing = observations.filter((observation) => observation.passed);
  let best: { formula: WrongFormula; contradicted: number; explained: number } | undefined;
  // A wrong formula explains a failure only where it is wrong: one that agrees with the reference there (float32
  // on ordinary numbers, say) says nothing about it.
  const right = (REFERENCE[name] as (...args: unknown[]) => unknown)(...first.args);
  for (const formula of FORMULAS) {
    for (const variant of [formula.variants[name] ?? []].flat()) {
      const within = formula.tolerance ?? tolerance;
      if (!matches(variant, first, within) || matches(variant, { ...first, actual: right }, within)) continue;
      const contradicted = passing.filter((observation) => !matches(variant, observation, within)).length;
      const explained = otherFailures.filter((observation) => matches(variant, observation, within)).length;
      const better = !best || contradicted < best.contradicted || (contradicted === best.contradicted && explained > best.explained);
      if (better) best = { formula, contradicted, explained };
    }
  }
  return best && { id: best.formula.id, title: best.formula.title, explanation: best.formula.explanation };
}

/** Every mistake the grader can name, for documentation and tests. */
export const KNOWN_MISTAKES: readonly Mistake[] = [
  ...new Map([...FORMULAS, ...Object.values(BEHAVIOUR_MISTAKES)].map(({ id, title, explanation }) => [id, { id, title, explanation }])).values(),
];

/**
 * @internal Asks the reference everything naming a mistake of `name` may ask it on these arguments: the
 * reference's own answer and every wrong formula's, some built on the reference. A student copy ships the
 * answers it gave (instructor/release/).
 */
export function askEveryFormula(name: FunctionName, args: readonly unknown[]): void {
  const reference = REFERENCE[name] as (...a: unknown[]) => unknown;
  for (const variant of [(a: readonly unknown[]) => reference(...a), ...FORMULAS.flatMap((formula) => [formula.variants[name] ?? []].flat())]) {
    try {
      variant(args);
    } catch {
      // no value here, as in matches()
    }
  }
}
