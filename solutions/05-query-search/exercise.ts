import { cosine } from '../04-cosine/exercise';

export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) {
    throw new Error('querySearch: there are no documents to search');
  }
  let best = 0;
  let bestScore = cosine(query, documents[0]);
  for (let i = 1; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) {
    throw new Error(`topK: k must be a whole number ≥ 0, got ${k}`);
  }
  const scores = documents.map((document) => cosine(query, document));
  return scores
    .map((_, index) => index)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
}
