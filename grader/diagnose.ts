// Names the mistake behind a wrong value: each known wrong formula is computed here, in trusted code, on the
// failing case's inputs; if the learner's value matches one within tolerance, that mistake is named.
import type { FunctionName, Tolerance } from '../curriculum/index.ts';
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
/** The full matrix euclideanMatrixSymmetric should return: with the distance given, or the default. */
const symmetricMatrix = (args: readonly unknown[]) => pairwise(givenDistance(args) ?? (REFERENCE.euclidean as Pair))(rowsOf(args));

/** Scores the documents, then ranks them: `order` decides which end counts as best and how ties fall. */
function ranking(score: Pair, order: 'best-first' | 'worst-first' | 'ties-to-higher' | 'by-index') {
  return (args: readonly unknown[]) => {
    const [query, documents, k] = args as [Row, Rows, number | undefined];
    const scores = documents.map((document) => score(query, document));
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

const cosine = REFERENCE.cosine as Pair;
const scaleRows = (rows: Rows, by: (row: Row) => number) =>
  rows.map((row) => {
    const length = by(row);
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });

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
    variants: { querySearch: ranking(cosine, 'worst-first'), topK: ranking(cosine, 'worst-first') },
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
    return compare(actual, variant(args), tolerance).ok;
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
  for (const formula of FORMULAS) {
    for (const variant of [formula.variants[name] ?? []].flat()) {
      if (!matches(variant, first, tolerance)) continue;
      const contradicted = passing.filter((observation) => !matches(variant, observation, tolerance)).length;
      const explained = otherFailures.filter((observation) => matches(variant, observation, tolerance)).length;
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
