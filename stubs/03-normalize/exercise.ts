// Lesson 03: L2 norms and normalization. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 03`.
// You may import your own functions from earlier lessons, e.g.
//   import { dot } from '../02-dot-product/exercise';
//
// Rules for every function here (the grader checks each):
// - Never change the arrays you are given, never return one of them (or one of their rows), and never put one
//   array in two places of a result: build new arrays.
// - Numbers may be as large as 1e150 or as small as 1e-150 (or 0): use plain numbers (no float32, no
//   Float32Array), take each length on its own (‖a‖·‖b‖, never √(‖a‖²·‖b‖²)), and round nothing to 0 (answers
//   are compared within 1e-8 + 1e-5·|expected|, so 1.2e-8 is not 0).
// - Vectors may have up to 4096 components, a list 40 vectors or more, a search 70,000 documents: no fixed-size
//   buffers, no 16-bit indices, no recursion as deep as the input.
// - A list of no vectors at all gives an empty result ([]).
// - Each call stands alone: keep nothing between calls (the same arrays may come back holding other numbers).
// - Only an all-zero vector is zero: it stays all zeros, and a tiny one such as [1e-7, 0] is normalized like
//   any other.

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
