// Lesson 05: similarity search with a query. Read README.md in this folder first.
// Replace each `throw new Error('TODO: …')` with your code, then run `npm run grade -- 05`.
// You may import your own functions from earlier lessons, e.g.
//   import { cosine } from '../04-cosine/exercise';
//
// Rules for every function here:
// - Never change the arrays you are given.
// - A query and a document of different lengths cannot be compared: throw an Error naming both lengths
//   (cosine from lesson 04 already does).

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
