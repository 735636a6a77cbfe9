// Lesson 04: cosine similarity and distance. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 04`.
// You may import your own functions from earlier lessons, e.g.
//   import { dot, dotMatrix } from '../02-dot-product/exercise';
//   import { norm, normalize } from '../03-normalize/exercise';
//
// Rules for every function here (the grader checks each):
// - Never change the arrays you are given, never return one of them (or one of their rows), and never put one
//   array in two places of a result: build new arrays.
// - Vectors of different lengths are a mistake by the caller: throw an Error naming both lengths, before any
//   shortcut (a zero vector, a single document, k = 0), even when one has a single component (mathjs would
//   broadcast it).
// - Numbers may be as large as 1e150 or as small as 1e-150 (or 0): use plain numbers (no float32, no
//   Float32Array), take each length on its own (‖a‖·‖b‖, never √(‖a‖²·‖b‖²)), and round nothing to 0 (answers
//   are compared within 1e-8 + 1e-5·|expected|, so 1.2e-8 is not 0).
// - Vectors may have up to 4096 components, a list 40 vectors or more, a search 70,000 documents: no fixed-size
//   buffers, no 16-bit indices, no recursion as deep as the input.
// - A list of no vectors at all gives an empty result ([]).
// - Each call stands alone: keep nothing between calls (the same arrays may come back holding other numbers).
// - Either vector may be all zeros, and then the cosine is 0; only an all-zero vector counts as zero ([1e-7, 0]
//   has a direction).

/**
 * The cosine similarity: dot(a, b) / (‖a‖ · ‖b‖), between −1 and 1 up to rounding. When either vector is all zeros the
 * angle is undefined; return 0 (the convention of torch and scikit-learn).
 *
 * @example cosine([1, 0], [0, 2]) // 0
 * @example cosine([1, 1], [2, 2]) // 1 (up to rounding)
 * @example cosine([0, 0], [1, 2]) // 0
 */
export function cosine(a: readonly number[], b: readonly number[]): number {
  // TODO: dot product divided by the product of the norms; 0 if either norm is 0.
  throw new Error('TODO: implement cosine in lessons/04-cosine/exercise.ts');
}

/**
 * The matrix of cosine similarities between every pair of vectors. Entry [i][j] is cosine(vectors[i], vectors[j]).
 *
 * @example cosineMatrix([[1, 0], [1, 1]]) // [[1, 0.7071…], [0.7071…, 1]]
 */
export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: normalize the rows, then take their dot-product matrix.
  throw new Error('TODO: implement cosineMatrix in lessons/04-cosine/exercise.ts');
}

/**
 * The cosine distance matrix: 1 − cosine similarity, entry by entry.
 *
 * @example cosineDistanceMatrix([[1, 0], [0, 1]]) // [[0, 1], [1, 0]]
 */
export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: 1 minus every entry of the cosine similarity matrix.
  throw new Error('TODO: implement cosineDistanceMatrix in lessons/04-cosine/exercise.ts');
}
