// Lesson 02: dot product similarity and distance. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 02`.
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
