// Lesson 03: L2 norms and normalization. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 03`.
// You may import your own functions from earlier lessons, e.g.
//   import { dot } from '../02-dot-product/exercise';
//
// Rule for every function here: never change the arrays you are given; return new numbers and arrays.

/**
 * The L2 norm (length, magnitude) of a vector: the square root of the sum of its squared components.
 *
 * @example norm([3, 4]) // 5
 */
export function norm(v: readonly number[]): number {
  // TODO: square, sum, square root.
  throw new Error('TODO: implement norm in lessons/03-normalize/exercise.ts');
}

/**
 * The norm of each vector (row), in order: one number per row.
 *
 * @example norms([[3, 4], [1, 0]]) // [5, 1]
 */
export function norms(vectors: readonly (readonly number[])[]): number[] {
  // TODO: one norm per row.
  throw new Error('TODO: implement norms in lessons/03-normalize/exercise.ts');
}

/**
 * Each vector scaled to length 1 by dividing it by its own norm. A vector of zeros has no direction:
 * it stays all zeros (no NaN).
 *
 * @example normalize([[3, 4], [0, 0]]) // [[0.6, 0.8], [0, 0]]
 */
export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: divide every component of a row by that row's norm, into new arrays.
  throw new Error('TODO: implement normalize in lessons/03-normalize/exercise.ts');
}
