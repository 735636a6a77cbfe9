// Lesson 01: L2 (Euclidean) distance. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 01`.
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
 * The L2 (Euclidean) distance between two vectors: the square root of the sum of squared differences.
 *
 * @example euclidean([0, 0], [3, 4]) // 5
 * @example euclidean([1, 2], [1, 2, 3]) // throws: different lengths (2 and 3)
 */
export function euclidean(a: readonly number[], b: readonly number[]): number {
  // TODO: add up (a[i] - b[i])² over every component, then take the square root.
  throw new Error('TODO: implement euclidean in lessons/01-euclidean/exercise.ts');
}

/**
 * The matrix of distances between every pair of vectors: entry [i][j] is euclidean(vectors[i], vectors[j]).
 *
 * @example euclideanMatrix([[0, 0], [3, 4]]) // [[0, 5], [5, 0]]
 */
export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  // TODO: two nested loops (or maps) over the vectors.
  throw new Error('TODO: implement euclideanMatrix in lessons/01-euclidean/exercise.ts');
}

/**
 * The same matrix as euclideanMatrix, computed with half the work: call `distance` exactly once for each
 * pair i < j (n·(n−1)/2 calls), never for a vector with itself. Fill the diagonal with 0 and mirror the rest.
 *
 * @example euclideanMatrixSymmetric([[0, 0], [3, 4], [6, 8]]) // [[0, 5, 10], [5, 0, 5], [10, 5, 0]], 3 calls
 */
export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  // TODO: start from zeros, compute each pair i < j once, write it to [i][j] and [j][i].
  throw new Error('TODO: implement euclideanMatrixSymmetric in lessons/01-euclidean/exercise.ts');
}
