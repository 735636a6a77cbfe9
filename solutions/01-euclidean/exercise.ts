export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`euclidean: vectors have different lengths (${a.length} and ${b.length})`);
  }
  let sumOfSquares = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i] - b[i];
    sumOfSquares += difference * difference;
  }
  return Math.sqrt(sumOfSquares);
}

export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => euclidean(a, b)));
}

export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = distance(vectors[i], vectors[j]);
      matrix[i][j] = d;
      matrix[j][i] = d;
    }
  }
  return matrix;
}
