import type { FunctionSpec, LessonSpec, Tolerance } from './types.ts';

/** numpy's `allclose` defaults, used unless a function needs otherwise. */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-8 };
/** Indices are whole numbers: an index is right or wrong, never close. */
const EXACT: Tolerance = { rtol: 0, atol: 0 };
const CALL_TIMEOUT_MS = 2_000;
const FUNCTION_TIMEOUT_MS = 10_000;

/** A function's entry, with the defaults filled in; the literal name is kept so FunctionName is a union. */
function fn<const Name extends string>(
  spec: Omit<FunctionSpec, 'tolerance' | 'callTimeoutMs' | 'functionTimeoutMs'> & Partial<FunctionSpec> & { readonly name: Name },
): FunctionSpec & { readonly name: Name } {
  return { tolerance: DEFAULT_TOLERANCE, callTimeoutMs: CALL_TIMEOUT_MS, functionTimeoutMs: FUNCTION_TIMEOUT_MS, ...spec };
}

/**
 * The whole course, in order. Every folder, file path, grader case table and hint is looked up here;
 * nothing else spells a lesson folder or a function name on its own.
 */
export const LESSONS = [
  {
    number: '01',
    slug: 'euclidean',
    title: 'L2 (Euclidean) distance',
    functions: [
      fn({
        name: 'euclidean',
        signature: 'euclidean(a: readonly number[], b: readonly number[]): number',
        summary: 'The L2 distance between two vectors of the same length.',
        hints: [
          'Walk both vectors with one index i and add up (a[i] - b[i]) squared.',
          'The distance is the square root of that sum: Math.sqrt(sum). Without the root you get the squared distance.',
          'Check a.length === b.length first and throw an Error naming both lengths; zip-style loops silently drop the extra components.',
        ],
      }),
      fn({
        name: 'euclideanMatrix',
        builtOn: ['euclidean'],
        signature: 'euclideanMatrix(vectors: readonly (readonly number[])[]): number[][]',
        summary: 'The n×n matrix whose [i][j] entry is the distance between vectors i and j.',
        hints: [
          'Two nested loops over the rows: the outer picks i, the inner picks j.',
          'Entry [i][j] is euclidean(vectors[i], vectors[j]); build each row as a new array.',
          'vectors.map(a => vectors.map(b => euclidean(a, b))) is the whole function.',
        ],
      }),
      fn({
        name: 'euclideanMatrixSymmetric',
        builtOn: ['euclidean'],
        signature:
          'euclideanMatrixSymmetric(vectors: readonly (readonly number[])[], distance?: (a: readonly number[], b: readonly number[]) => number): number[][]',
        summary: 'The same matrix, calling distance once per unordered pair and never for a vector with itself.',
        hints: [
          'The diagonal is always 0 and [i][j] equals [j][i]: neither needs a call.',
          'Start from an n×n matrix of zeros and loop over pairs with i < j only.',
          'For each pair, compute d = distance(vectors[i], vectors[j]) once and write it to both [i][j] and [j][i].',
        ],
      }),
    ],
  },
  {
    number: '02',
    slug: 'dot-product',
    title: 'Dot product similarity and distance',
    functions: [
      fn({
        name: 'dot',
        signature: 'dot(a: readonly number[], b: readonly number[]): number',
        summary: 'The sum of the products of matching components.',
        hints: [
          'Multiply a[i] by b[i] for every i and add the products up.',
          'Start the sum at 0; no square root this time.',
          'Vectors of different lengths have no dot product: throw an Error naming both lengths.',
        ],
      }),
      fn({
        name: 'dotMatrix',
        builtOn: ['dot'],
        signature: 'dotMatrix(vectors: readonly (readonly number[])[]): number[][]',
        summary: 'The matrix of dot products between every pair of rows (X·Xᵀ).',
        hints: [
          'Entry [i][j] is dot(vectors[i], vectors[j]), including the diagonal.',
          'This is the matrix product of the rows with their transpose: mathjs multiply(X, transpose(X)).',
        ],
      }),
      fn({
        name: 'dotDistanceMatrix',
        builtOn: ['dotMatrix'],
        signature: 'dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][]',
        summary: 'The dot-product matrix negated, so that smaller means closer.',
        hints: [
          'A distance must shrink as similarity grows: negate each similarity.',
          'Reuse dotMatrix and map every entry x to -x.',
        ],
      }),
    ],
  },
  {
    number: '03',
    slug: 'normalize',
    title: 'L2 norms and normalization',
    functions: [
      fn({
        name: 'norm',
        builtOn: ['dot'],
        signature: 'norm(v: readonly number[]): number',
        summary: 'The L2 norm (length) of one vector.',
        hints: [
          'Square every component and add them up.',
          'The norm is the square root of that sum, which is also Math.sqrt(dot(v, v)).',
        ],
      }),
      fn({
        name: 'norms',
        builtOn: ['norm'],
        signature: 'norms(vectors: readonly (readonly number[])[]): number[]',
        summary: 'The norm of each row.',
        hints: [
          'One number per row, not per column: the result has vectors.length entries.',
          'vectors.map(norm).',
        ],
      }),
      fn({
        name: 'normalize',
        builtOn: ['norm'],
        signature: 'normalize(vectors: readonly (readonly number[])[]): number[][]',
        summary: 'Each row divided by its own norm; a zero row stays all zeros.',
        hints: [
          'Compute each row’s norm, then divide every component of that row by it.',
          'Build new arrays: the caller’s vectors must not change.',
          'A row of zeros has norm 0 and 0 / 0 is NaN: return a row of zeros for it instead.',
        ],
      }),
    ],
  },
  {
    number: '04',
    slug: 'cosine',
    title: 'Cosine similarity and distance',
    functions: [
      fn({
        name: 'cosine',
        builtOn: ['dot', 'norm'],
        signature: 'cosine(a: readonly number[], b: readonly number[]): number',
        summary: 'The cosine of the angle between two vectors; 0 when either is all zeros.',
        hints: [
          'cosine(a, b) = dot(a, b) / (norm(a) · norm(b)).',
          'If either norm is 0, return 0 instead of dividing by zero.',
          'Different lengths are an error, as for dot.',
        ],
      }),
      fn({
        name: 'cosineMatrix',
        builtOn: ['dotMatrix', 'normalize'],
        signature: 'cosineMatrix(vectors: readonly (readonly number[])[]): number[][]',
        summary: 'The matrix of cosine similarities between every pair of rows.',
        hints: [
          'Normalize the rows first; the cosine of two unit vectors is just their dot product.',
          'dotMatrix(normalize(vectors)) is the whole function.',
        ],
      }),
      fn({
        name: 'cosineDistanceMatrix',
        builtOn: ['cosineMatrix'],
        signature: 'cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][]',
        summary: '1 minus the cosine similarity matrix.',
        hints: [
          'Cosine distance is 1 − cosine similarity, entry by entry.',
          'Map every entry x of cosineMatrix(vectors) to 1 - x.',
        ],
      }),
    ],
  },
  {
    number: '05',
    slug: 'query-search',
    title: 'Similarity search with a query',
    functions: [
      fn({
        name: 'querySearch',
        builtOn: ['cosine'],
        signature: 'querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number',
        summary: 'The index of the document most similar to the query by cosine similarity.',
        tolerance: EXACT,
        hints: [
          'Score every document with cosine(query, document).',
          'Keep the index of the highest score; replace it only on a strictly higher score so ties keep the lower index.',
          'An empty list of documents has no answer: throw an Error.',
        ],
      }),
      fn({
        name: 'topK',
        builtOn: ['cosine'],
        signature: 'topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[]',
        summary: 'The indices of the k most similar documents, most similar first.',
        tolerance: EXACT,
        hints: [
          'Score each document, then sort the indices by score, highest first.',
          'Break ties by the lower index: (i, j) => scores[j] - scores[i] || i - j.',
          'Reject a negative or fractional k with an Error; slice(0, k) handles k larger than the list.',
        ],
      }),
    ],
  },
] as const satisfies readonly LessonSpec[];

export type Lesson = (typeof LESSONS)[number];
export type FunctionName = Lesson['functions'][number]['name'];
