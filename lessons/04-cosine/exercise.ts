// Lesson 04: cosine similarity and distance. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 04`.
// You may import your own functions from earlier lessons, e.g.
//   import { dot, dotMatrix } from '../02-dot-product/exercise';
//   import { norm, normalize } from '../03-normalize/exercise';
//
// Rules for every function here:
// - Never change the arrays you are given; return new numbers and arrays.
// - Two vectors of different lengths are a mistake by the caller: throw an Error naming both lengths.

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
