// Lesson 05: similarity search with a query. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 05`.
// You may import your own functions from earlier lessons, e.g.
//   import { cosine } from '../04-cosine/exercise';
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
// - Each call stands alone: keep nothing between calls (the same arrays may come back holding other numbers).
// - Every score may be negative: the best document is still the one with the highest score.
// - Equal scores go to the lower index, also when only some of them make the top k.
// - k must be a whole number ≥ 0 (Infinity is not one): check it before anything else, even when there are no
//   documents or k is at least their number.

/**
 * The index (0-based) of the document with the highest cosine similarity to the query. When several
 * documents tie for the highest score, return the lowest index. No documents at all is an error.
 *
 * @example querySearch([1, 0], [[0, 1], [2, 0.1], [1, 1]]) // 1
 * @example querySearch([1, 0], []) // throws: no documents
 */
export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  // TODO: score each document with cosine similarity and keep the index of the best one.
  throw new Error('TODO: implement querySearch in lessons/05-query-search/exercise.ts');
}

/**
 * The indices of the k documents most similar to the query, most similar first; ties go to the lower
 * index. k larger than the number of documents returns them all; k = 0 returns []. A negative or
 * fractional k is an error.
 *
 * @example topK([1, 0], [[0, 1], [2, 0.1], [1, 1]], 2) // [1, 2]
 * @example topK([1, 0], [[0, 1], [2, 0.1], [1, 1]], 5) // [1, 2, 0]
 * @example topK([1, 0], [[0, 1]], -1) // throws: k must be a whole number ≥ 0
 */
export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  // TODO: score every document, sort the indices by score (highest first, ties by lower index), keep k.
  throw new Error('TODO: implement topK in lessons/05-query-search/exercise.ts');
}
