import { dot, dotMatrix } from '../02-dot-product/exercise';
import { norm, normalize } from '../03-normalize/exercise';

export function cosine(a: readonly number[], b: readonly number[]): number {
  const similarity = dot(a, b); // throws first on mismatched lengths
  const lengths = norm(a) * norm(b);
  return lengths === 0 ? 0 : similarity / lengths;
}

export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(normalize(vectors));
}

export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return cosineMatrix(vectors).map((row) => row.map((similarity) => 1 - similarity));
}
