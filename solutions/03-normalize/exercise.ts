import { dot } from '../02-dot-product/exercise';

export function norm(v: readonly number[]): number {
  return Math.sqrt(dot(v, v));
}

export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map(norm);
}

export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = norm(row);
    // A zero vector has no direction; keeping it at zero (as torch and scikit-learn do) beats NaN.
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });
}
