export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`dot: vectors have different lengths (${a.length} and ${b.length})`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => dot(a, b)));
}

export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(vectors).map((row) => row.map((similarity) => -similarity));
}
