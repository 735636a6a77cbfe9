// Lesson 02: dot product similarity and distance. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 02`.
//
// Rules for every function here:
// - Never change the arrays you are given; return new numbers and arrays.
// - Two vectors of different lengths are a mistake by the caller: throw an Error naming both lengths.

/**
 * The dot product: the sum of a[i] · b[i] over every component.
 *
 * @example dot([1, 2, 3], [4, 5, 6]) // 32
 * @example dot([1, 2], [1, 2, 3]) // throws: different lengths (2 and 3)
 */
export function dot(a: readonly number[], b: readonly number[]): number {
  // TODO: multiply matching components and add the products.
  throw new Error('TODO: implement dot in lessons/02-dot-product/exercise.ts');
}

/**
 * The matrix of dot products between every pair of vectors (the rows times their transpose, X·Xᵀ).
 * Entry [i][j] is dot(vectors[i], vectors[j]); the diagonal holds each vector's dot product with itself.
 *
 * @example dotMatrix([[1, 0], [1, 1]]) // [[1, 1], [1, 2]]
 */
export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: one dot product per pair of rows.
  throw new Error('TODO: implement dotMatrix in lessons/02-dot-product/exercise.ts');
}

/**
 * The dot-product distance: the dot-product matrix with every entry negated, so smaller means closer.
 *
 * @example dotDistanceMatrix([[1, 0], [1, 1]]) // [[-1, -1], [-1, -2]]
 */
export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: negate every entry of the dot-product matrix.
  throw new Error('TODO: implement dotDistanceMatrix in lessons/02-dot-product/exercise.ts');
}
