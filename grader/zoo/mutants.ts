// The mutant zoo: learner-style implementations of single exercise functions, each swapped into a copy of
// the reference solutions and graded (see zoo.test.ts). WRONG mutants must fail with the named mistake;
// RIGHT mutants are correct in unusual styles and must pass, so the tolerances and checks do not punish
// legitimate code. Sources are plain strings, written exactly as a learner would type them into the lesson file.
import type { FunctionName } from '../../curriculum/index.ts';

export interface Mutant {
  readonly fn: FunctionName;
  /** Unique per function; shown as the test name. */
  readonly name: string;
  /** For WRONG mutants: the id the grader must name (one of KNOWN_MISTAKES); absent where no named mistake fits, and then none may be named. */
  readonly mistake?: string;
  /** The whole replacement of the function: from `export function NAME(` to its closing `}`. */
  readonly source: string;
  /** Lines added at the top of the lesson file (imports cannot go inside a function body). */
  readonly preamble?: string;
}

const MATHJS = "import * as math from 'mathjs';";

export const WRONG: readonly Mutant[] = [
  // ---------------- lesson 01: euclidean ----------------
  {
    fn: 'euclidean',
    name: 'forgets the square root',
    mistake: 'squared-distance',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}`,
  },
  {
    fn: 'euclidean',
    name: 'adds absolute differences (Manhattan)',
    mistake: 'l1-distance',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  return a.reduce((sum, x, i) => sum + Math.abs(x - b[i]), 0);
}`,
  },
  {
    fn: 'euclidean',
    name: 'loop stops at length - 1',
    mistake: 'last-component-skipped',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let sum = 0;
  for (let i = 0; i < a.length - 1; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return Math.sqrt(sum);
}`,
  },
  {
    fn: 'euclidean',
    name: 'zip-style loop over the shorter length',
    mistake: 'silent-truncation',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}`,
  },
  {
    fn: 'euclidean',
    name: 'checks the lengths one way only',
    mistake: 'silent-truncation',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length < b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let sum = 0;
  for (let i = 0; i < b.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}`,
  },
  {
    fn: 'euclidean',
    name: 'maps over a without a length check',
    mistake: 'silent-truncation',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  const squares = a.map((x, i) => (x - b[i]) ** 2);
  return Math.sqrt(squares.reduce((s, x) => s + x, 0));
}`,
  },

  // ---------------- lesson 01: euclideanMatrix ----------------
  {
    fn: 'euclideanMatrix',
    name: 'inline distance without the square root',
    mistake: 'squared-distance',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) =>
    vectors.map((b) => {
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let k = 0; k < a.length; k++) sum += (a[k] - b[k]) ** 2;
      return sum;
    }),
  );
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'inline Manhattan distance',
    mistake: 'l1-distance',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const l1 = (a: readonly number[], b: readonly number[]) => {
    if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
    return a.reduce((s, x, k) => s + Math.abs(x - b[k]), 0);
  };
  return vectors.map((a) => vectors.map((b) => l1(a, b)));
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'nested loops, inner component loop one short',
    mistake: 'last-component-skipped',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const result: number[][] = [];
  for (let i = 0; i < vectors.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < vectors.length; j++) {
      const a = vectors[i];
      const b = vectors[j];
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let k = 0; k < a.length - 1; k++) sum += (a[k] - b[k]) ** 2;
      row.push(Math.sqrt(sum));
    }
    result.push(row);
  }
  return result;
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'inline zip-style distance',
    mistake: 'silent-truncation',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const distance = (a: readonly number[], b: readonly number[]) => {
    let sum = 0;
    for (let k = 0; k < Math.min(a.length, b.length); k++) sum += (a[k] - b[k]) ** 2;
    return Math.sqrt(sum);
  };
  return vectors.map((a) => vectors.map((b) => distance(a, b)));
}`,
  },

  // ---------------- lesson 01: euclideanMatrixSymmetric ----------------
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'calls distance for every (i, j)',
    mistake: 'all-pairs-computed',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  return vectors.map((a) => vectors.map((b) => distance(a, b)));
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'loops j >= i, so the diagonal is computed too',
    mistake: 'all-pairs-computed',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const d = distance(vectors[i], vectors[j]);
      matrix[i][j] = d;
      matrix[j][i] = d;
    }
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'fills the upper triangle only',
    mistake: 'mirror-missing',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = distance(vectors[i], vectors[j]);
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'fills the lower triangle only',
    mistake: 'mirror-missing',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) matrix[i][j] = distance(vectors[i], vectors[j]);
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'ignores the distance argument and calls euclidean itself',
    mistake: 'distance-ignored',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = euclidean(vectors[i], vectors[j]);
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'calls distance once per pair but keeps its own Euclidean value',
    mistake: 'distance-ignored',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      distance(vectors[i], vectors[j]);
      matrix[i][j] = matrix[j][i] = euclidean(vectors[i], vectors[j]);
    }
  }
  return matrix;
}`,
  },
  // The next three write their own default distance: right with the counting distance the grader passes,
  // wrong only in the case that relies on the default.
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'own default distance without the square root',
    mistake: 'squared-distance',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = (a, b) => {
    if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
    return a.reduce((s, x, k) => s + (x - b[k]) ** 2, 0);
  },
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      matrix[i][j] = matrix[j][i] = distance(vectors[i], vectors[j]);
    }
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'own default distance is Manhattan',
    mistake: 'l1-distance',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = (a, b) => {
    if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
    return a.reduce((s, x, k) => s + Math.abs(x - b[k]), 0);
  },
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      matrix[i][j] = matrix[j][i] = distance(vectors[i], vectors[j]);
    }
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'own default distance is zip-style',
    mistake: 'silent-truncation',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = (a, b) => {
    let s = 0;
    for (let k = 0; k < Math.min(a.length, b.length); k++) s += (a[k] - b[k]) ** 2;
    return Math.sqrt(s);
  },
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      matrix[i][j] = matrix[j][i] = distance(vectors[i], vectors[j]);
    }
  }
  return matrix;
}`,
  },

  // ---------------- lesson 02: dot ----------------
  {
    fn: 'dot',
    name: 'loop stops at length - 1',
    mistake: 'last-component-skipped',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let sum = 0;
  for (let i = 0; i < a.length - 1; i++) sum += a[i] * b[i];
  return sum;
}`,
  },
  {
    fn: 'dot',
    name: 'zip-style loop over the shorter length',
    mistake: 'silent-truncation',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += a[i] * b[i];
  return sum;
}`,
  },
  {
    fn: 'dot',
    name: 'reduce over a without a length check',
    mistake: 'silent-truncation',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i], 0);
}`,
  },

  // ---------------- lesson 02: dotMatrix ----------------
  {
    fn: 'dotMatrix',
    name: 'negates the products (a distance)',
    mistake: 'distance-for-similarity',
    source: `export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => -dot(a, b)));
}`,
  },
  {
    fn: 'dotMatrix',
    name: 'inline product loop one short',
    mistake: 'last-component-skipped',
    source: `export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) =>
    vectors.map((b) => {
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let k = 0; k < a.length - 1; k++) sum += a[k] * b[k];
      return sum;
    }),
  );
}`,
  },
  {
    fn: 'dotMatrix',
    name: 'inline zip-style products',
    mistake: 'silent-truncation',
    source: `export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const product = (a: readonly number[], b: readonly number[]) => {
    const n = Math.min(a.length, b.length);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a[k] * b[k];
    return sum;
  };
  return vectors.map((a) => vectors.map((b) => product(a, b)));
}`,
  },

  // ---------------- lesson 02: dotDistanceMatrix ----------------
  {
    fn: 'dotDistanceMatrix',
    name: 'forgets to negate',
    mistake: 'similarity-for-distance',
    source: `export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(vectors);
}`,
  },
  {
    fn: 'dotDistanceMatrix',
    name: 'inline product loop one short',
    mistake: 'last-component-skipped',
    source: `export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) =>
    vectors.map((b) => {
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let k = 0; k < a.length - 1; k++) sum += a[k] * b[k];
      return -sum;
    }),
  );
}`,
  },
  {
    fn: 'dotDistanceMatrix',
    name: 'inline zip-style products',
    mistake: 'silent-truncation',
    source: `export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => -a.reduce((s, x, k) => s + x * b[k], 0)));
}`,
  },

  // ---------------- lesson 03: norm ----------------
  {
    fn: 'norm',
    name: 'dot(v, v) without the root',
    mistake: 'squared-norm',
    source: `export function norm(v: readonly number[]): number {
  return dot(v, v);
}`,
  },
  {
    fn: 'norm',
    name: 'sum of absolute values',
    mistake: 'l1-norm',
    source: `export function norm(v: readonly number[]): number {
  return v.reduce((sum, x) => sum + Math.abs(x), 0);
}`,
  },
  {
    fn: 'norm',
    name: 'loop stops at length - 1',
    mistake: 'last-component-skipped',
    source: `export function norm(v: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < v.length - 1; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}`,
  },

  // ---------------- lesson 03: norms ----------------
  {
    fn: 'norms',
    name: 'squared norms',
    mistake: 'squared-norm',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map((row) => dot(row, row));
}`,
  },
  {
    fn: 'norms',
    name: 'L1 norms',
    mistake: 'l1-norm',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map((row) => row.reduce((s, x) => s + Math.abs(x), 0));
}`,
  },
  {
    fn: 'norms',
    name: 'one norm per column (axis=0)',
    mistake: 'column-wise',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  const result: number[] = [];
  for (let j = 0; j < vectors[0].length; j++) {
    let sum = 0;
    for (const row of vectors) sum += row[j] * row[j];
    result.push(Math.sqrt(sum));
  }
  return result;
}`,
  },
  {
    fn: 'norms',
    name: 'inner loop one short',
    mistake: 'last-component-skipped',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map((row) => {
    let sum = 0;
    for (let i = 0; i < row.length - 1; i++) sum += row[i] ** 2;
    return Math.sqrt(sum);
  });
}`,
  },

  // ---------------- lesson 03: normalize ----------------
  {
    fn: 'normalize',
    name: 'divides by the squared norm',
    mistake: 'squared-norm',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = dot(row, row);
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'normalize',
    name: 'divides by the L1 norm',
    mistake: 'l1-norm',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = row.reduce((s, x) => s + Math.abs(x), 0);
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'normalize',
    name: 'divides by column norms',
    mistake: 'column-wise',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  const columnNorms = vectors[0].map((_, j) => Math.sqrt(vectors.reduce((s, row) => s + row[j] * row[j], 0)));
  return vectors.map((row) => row.map((x, j) => (columnNorms[j] === 0 ? 0 : x / columnNorms[j])));
}`,
  },
  {
    fn: 'normalize',
    name: 'divides the rows in place',
    mistake: 'input-modified',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  const rows = vectors as number[][];
  for (const row of rows) {
    const length = norm(row);
    if (length === 0) continue;
    for (let j = 0; j < row.length; j++) row[j] /= length;
  }
  return rows;
}`,
  },
  {
    fn: 'normalize',
    name: 'own norm loop one short',
    mistake: 'last-component-skipped',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    let sum = 0;
    for (let i = 0; i < row.length - 1; i++) sum += row[i] * row[i];
    const length = Math.sqrt(sum);
    return length === 0 ? row.map(() => 0) : row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'normalize',
    name: 'no zero check',
    mistake: 'nan-from-zero-vector',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = norm(row);
    return row.map((x) => x / length);
  });
}`,
  },

  // ---------------- lesson 04: cosine ----------------
  {
    fn: 'cosine',
    name: 'raw dot product',
    mistake: 'dot-not-normalized',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  return dot(a, b);
}`,
  },
  {
    fn: 'cosine',
    name: 'returns 1 - cosine',
    mistake: 'distance-for-similarity',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const lengths = norm(a) * norm(b);
  return lengths === 0 ? 0 : 1 - dot(a, b) / lengths;
}`,
  },
  {
    fn: 'cosine',
    name: 'no zero check',
    mistake: 'nan-from-zero-vector',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  return dot(a, b) / (norm(a) * norm(b));
}`,
  },
  {
    fn: 'cosine',
    name: 'divides by the first length only',
    mistake: 'one-length-only',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const length = norm(a);
  return length === 0 ? 0 : dot(a, b) / length;
}`,
  },
  {
    fn: 'cosine',
    name: 'multiplies the first length by itself',
    mistake: 'one-length-only',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const lengths = norm(a) * norm(a);
  return lengths === 0 ? 0 : dot(a, b) / lengths;
}`,
  },
  {
    fn: 'cosine',
    name: 'checks only the first vector for zero',
    mistake: 'one-sided-zero-check',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  if (norm(a) === 0) return 0;
  return dot(a, b) / (norm(a) * norm(b));
}`,
  },
  {
    fn: 'cosine',
    name: 'one loop for all three sums, one short',
    mistake: 'last-component-skipped',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length - 1; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
}`,
  },
  {
    fn: 'cosine',
    name: 'zip-style loop over the shorter length',
    mistake: 'silent-truncation',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
}`,
  },

  {
    fn: 'cosine',
    name: 'normalizes both inputs in place first',
    mistake: 'input-modified',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  const ua = a as number[];
  const ub = b as number[];
  for (let i = 0; i < ua.length; i++) ua[i] /= na;
  for (let i = 0; i < ub.length; i++) ub[i] /= nb;
  return dot(ua, ub);
}`,
  },

  // ---------------- lesson 04: cosineMatrix ----------------
  {
    fn: 'cosineMatrix',
    name: 'dot-product matrix without normalizing',
    mistake: 'dot-not-normalized',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(vectors);
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'returns 1 - cosine',
    mistake: 'distance-for-similarity',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(normalize(vectors)).map((row) => row.map((x) => 1 - x));
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'own normalization without a zero check',
    mistake: 'nan-from-zero-vector',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const unit = vectors.map((row) => {
    const length = norm(row);
    return row.map((x) => x / length);
  });
  return dotMatrix(unit);
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'inline sums one short',
    mistake: 'last-component-skipped',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const sim = (a: readonly number[], b: readonly number[]) => {
    if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < a.length - 1; k++) {
      ab += a[k] * b[k];
      aa += a[k] ** 2;
      bb += b[k] ** 2;
    }
    return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
  };
  return vectors.map((a) => vectors.map((b) => sim(a, b)));
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'inline zip-style sums',
    mistake: 'silent-truncation',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const sim = (a: readonly number[], b: readonly number[]) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      ab += a[k] * b[k];
      aa += a[k] ** 2;
      bb += b[k] ** 2;
    }
    return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
  };
  return vectors.map((a) => vectors.map((b) => sim(a, b)));
}`,
  },

  // ---------------- lesson 04: cosineDistanceMatrix ----------------
  {
    fn: 'cosineDistanceMatrix',
    name: 'returns the similarities',
    mistake: 'similarity-for-distance',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return cosineMatrix(vectors);
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'similarity - 1',
    mistake: 'reversed-distance',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return cosineMatrix(vectors).map((row) => row.map((x) => x - 1));
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: '1 - raw dot product',
    mistake: 'dot-not-normalized',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return dotMatrix(vectors).map((row) => row.map((x) => 1 - x));
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'own normalization without a zero check',
    mistake: 'nan-from-zero-vector',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const unit = vectors.map((row) => row.map((x) => x / norm(row)));
  return dotMatrix(unit).map((row) => row.map((x) => 1 - x));
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'inline sums one short',
    mistake: 'last-component-skipped',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const result: number[][] = [];
  for (const a of vectors) {
    const row: number[] = [];
    for (const b of vectors) {
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let k = 0; k < a.length - 1; k++) {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
      }
      row.push(1 - (aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb))));
    }
    result.push(row);
  }
  return result;
}`,
  },

  // ---------------- lesson 05: querySearch ----------------
  {
    fn: 'querySearch',
    name: 'keeps the lowest score',
    mistake: 'argmin-for-argmax',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents');
  let best = 0;
  let bestScore = cosine(query, documents[0]);
  for (let i = 1; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'counts documents from 1',
    mistake: 'one-based-index',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents');
  const scores = documents.map((d) => cosine(query, d));
  return scores.indexOf(Math.max(...scores)) + 1;
}`,
  },
  {
    fn: 'querySearch',
    name: '>= lets a later tie win',
    mistake: 'ties-to-higher-index',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents');
  let best = -1;
  let bestScore = -Infinity;
  documents.forEach((d, i) => {
    const score = cosine(query, d);
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'ranks by raw dot product',
    mistake: 'dot-not-normalized',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents');
  const dotProduct = (a: readonly number[], b: readonly number[]) => {
    if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
    return a.reduce((s, x, k) => s + x * b[k], 0);
  };
  let best = 0;
  for (let i = 1; i < documents.length; i++) {
    if (dotProduct(query, documents[i]) > dotProduct(query, documents[best])) best = i;
  }
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'returns -1 for no documents',
    mistake: 'missing-validation',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'returns 0 for no documents',
    mistake: 'missing-validation',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) return 0;
  let best = 0;
  let bestScore = cosine(query, documents[0]);
  for (let i = 1; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best;
}`,
  },

  // Lesson 05's rules: a query and a document of different lengths must throw an Error naming both lengths.
  {
    fn: 'querySearch',
    name: 'own zip-style cosine, no length check',
    mistake: 'silent-truncation',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents');
  const similarity = (a: readonly number[], b: readonly number[]) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      ab += a[k] * b[k];
      aa += a[k] ** 2;
      bb += b[k] ** 2;
    }
    return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
  };
  let best = 0;
  for (let i = 1; i < documents.length; i++) {
    if (similarity(query, documents[i]) > similarity(query, documents[best])) best = i;
  }
  return best;
}`,
  },

  // ---------------- lesson 05: topK ----------------
  {
    fn: 'topK',
    name: 'returns the top k scores instead of their indices',
    mistake: 'scores-for-indices',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  return documents.map((d) => cosine(query, d)).sort((a, b) => b - a).slice(0, k);
}`,
  },
  {
    fn: 'querySearch',
    name: 'returns the best score instead of its index',
    mistake: 'scores-for-indices',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  let best = -Infinity;
  for (const d of documents) best = Math.max(best, cosine(query, d));
  return best;
}`,
  },
  {
    fn: 'topK',
    name: 'sorts ascending',
    mistake: 'lowest-first',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[i] - scores[j] || i - j)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'counts documents from 1',
    mistake: 'one-based-index',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return scores
    .map((_, i) => i + 1)
    .sort((i, j) => scores[j - 1] - scores[i - 1] || i - j)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'breaks ties towards the higher index',
    mistake: 'ties-to-higher-index',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || j - i)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'returns the top k in index order',
    mistake: 'not-sorted-by-similarity',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const scores = documents.map((d) => cosine(query, d));
  const best = scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
  return best.sort((i, j) => i - j);
}`,
  },
  {
    fn: 'topK',
    name: 'ranks by raw dot product',
    mistake: 'dot-not-normalized',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const scores = documents.map((d) => {
    if (d.length !== query.length) throw new Error('lengths ' + query.length + ' and ' + d.length);
    return d.reduce((s, x, i) => s + x * query[i], 0);
  });
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'no check on k at all',
    mistake: 'missing-validation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  const scores = documents.map((d) => cosine(query, d));
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'rejects negative k but accepts 1.5',
    mistake: 'missing-validation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (k < 0) throw new Error('k must not be negative: ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'sorts the documents array in place',
    mistake: 'input-modified',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const original = [...documents];
  const sorted = (documents as (readonly number[])[]).sort((x, y) => cosine(query, y) - cosine(query, x));
  return sorted.slice(0, k).map((d) => original.indexOf(d));
}`,
  },
  {
    fn: 'topK',
    name: 'own zip-style cosine, no length check',
    mistake: 'silent-truncation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('bad k: ' + k);
  const similarity = (a: readonly number[], b: readonly number[]) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      ab += a[i] * b[i];
      aa += a[i] ** 2;
      bb += b[i] ** 2;
    }
    return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
  };
  const scores = documents.map((d) => similarity(query, d));
  return scores
    .map((_, i) => i)
    .sort((i, j) => scores[j] - scores[i] || i - j)
    .slice(0, k);
}`,
  },
  // ---------------- the edges of the range (issue 8): right on ordinary numbers, wrong at 1e150 or 1e-150 ----------------
  {
    fn: 'euclidean',
    name: 'float32 accumulation (Math.fround on every step)',
    mistake: 'unstable-formula',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  const f = Math.fround;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = f(f(a[i]) - f(b[i]));
    sum = f(sum + f(d * d));
  }
  return f(Math.sqrt(sum));
}`,
  },
  {
    fn: 'dot',
    name: 'float32 accumulation (Math.fround on every step)',
    mistake: 'unstable-formula',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  const f = Math.fround;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum = f(sum + f(f(a[i]) * f(b[i])));
  return sum;
}`,
  },
  {
    fn: 'norm',
    name: 'float32 accumulation (Math.fround on every step)',
    mistake: 'unstable-formula',
    source: `export function norm(v: readonly number[]): number {
  let sum = 0;
  for (const x of v) sum = Math.fround(sum + Math.fround(Math.fround(x) * Math.fround(x)));
  return Math.fround(Math.sqrt(sum));
}`,
  },
  {
    fn: 'cosine',
    name: 'square root of the product of self dot products',
    mistake: 'unstable-formula',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const ab = dot(a, b);
  const lengths = Math.sqrt(dot(a, a) * dot(b, b));
  return lengths > 0 ? ab / lengths : 0;
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'float32 normalization and products (Math.fround on every step)',
    mistake: 'unstable-formula',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const f = Math.fround;
  const unit = vectors.map((row) => {
    let sum = 0;
    for (const x of row) sum = f(sum + f(f(x) * f(x)));
    const length = f(Math.sqrt(sum));
    return row.map((x) => (length === 0 ? 0 : f(f(x) / length)));
  });
  return unit.map((a) =>
    unit.map((b) => {
      if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum = f(sum + f(a[i] * b[i]));
      return sum;
    }),
  );
}`,
  },
  {
    fn: 'querySearch',
    name: 'recursion over the documents',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  const best = (i: number): number => {
    if (i === documents.length - 1) return i;
    const rest = best(i + 1);
    return cosine(query, documents[i]) >= cosine(query, documents[rest]) ? i : rest;
  };
  return best(0);
}`,
  },
  {
    fn: 'cosine',
    name: 'treats a product of lengths below 1e-6 as zero',
    mistake: 'zero-cutoff',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const similarity = dot(a, b);
  const lengths = norm(a) * norm(b);
  if (lengths < 1e-6) return 0;
  return similarity / lengths;
}`,
  },
  {
    fn: 'cosine',
    name: 'checks each length against 1e-9',
    mistake: 'zero-cutoff',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const similarity = dot(a, b);
  const na = norm(a);
  const nb = norm(b);
  return na < 1e-9 || nb < 1e-9 ? 0 : similarity / (na * nb);
}`,
  },
  {
    fn: 'cosine',
    name: 'divides by Math.max(lengths, 1e-12)',
    mistake: 'zero-cutoff',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  return dot(a, b) / Math.max(norm(a) * norm(b), 1e-12);
}`,
  },
  {
    fn: 'normalize',
    name: 'floors each length at 1e-12',
    mistake: 'zero-cutoff',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = Math.max(norm(row), 1e-12);
    return row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'normalize',
    name: 'rows shorter than 1e-10 become zeros',
    mistake: 'zero-cutoff',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = norm(row);
    return length < 1e-10 ? row.map(() => 0) : row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'querySearch',
    name: 'scores with a cosine that zeroes lengths below 1e-8',
    mistake: 'zero-cutoff',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  const score = (d: readonly number[]) => {
    if (d.length !== query.length) throw new Error('lengths ' + query.length + ' and ' + d.length + ' differ');
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < d.length; i++) {
      ab += query[i] * d[i];
      aa += query[i] * query[i];
      bb += d[i] * d[i];
    }
    const lengths = Math.sqrt(aa) * Math.sqrt(bb);
    return lengths < 1e-8 ? 0 : ab / lengths;
  };
  const scores = documents.map(score);
  let best = 0;
  for (let i = 1; i < documents.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}`,
  },
  {
    fn: 'cosine',
    name: 'checks only the second vector for zero',
    mistake: 'one-sided-zero-check',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const similarity = dot(a, b);
  const nb = norm(b);
  return nb === 0 ? 0 : similarity / (norm(a) * nb);
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'checks only the row for zero, not the column',
    mistake: 'one-sided-zero-check',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => (norm(a) === 0 ? 0 : dot(a, b) / (norm(a) * norm(b)))));
}`,
  },
  {
    fn: 'querySearch',
    name: 'the best score starts at 0',
    mistake: 'best-from-zero',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  let best = 0;
  let bestScore = 0;
  documents.forEach((document, i) => {
    const score = cosine(query, document);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'the best index starts at -1 and the best score at 0',
    mistake: 'best-from-zero',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}`,
  },
  {
    fn: 'euclidean',
    name: 'law of cosines: √(‖a‖² + ‖b‖² − 2a·b)',
    mistake: 'unstable-formula',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let i = 0; i < a.length; i++) {
    aa += a[i] * a[i];
    bb += b[i] * b[i];
    ab += a[i] * b[i];
  }
  return Math.sqrt(aa + bb - 2 * ab);
}`,
  },
  {
    fn: 'euclidean',
    name: 'law of cosines, clamped at 0',
    mistake: 'unstable-formula',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  const sq = (v: readonly number[]) => v.reduce((s, x) => s + x * x, 0);
  const ab = a.reduce((s, x, i) => s + x * b[i], 0);
  return Math.sqrt(Math.max(0, sq(a) + sq(b) - 2 * ab));
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'square root of the product of squared lengths, per pair',
    mistake: 'unstable-formula',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) =>
    vectors.map((b) => {
      const product = dot(a, b);
      const lengths = Math.sqrt(dot(a, a) * dot(b, b));
      return lengths === 0 ? 0 : product / lengths;
    }),
  );
}`,
  },
  {
    fn: 'norms',
    name: 'norms stored in a Float32Array',
    mistake: 'unstable-formula',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  const out = new Float32Array(vectors.length);
  vectors.forEach((row, i) => (out[i] = norm(row)));
  return Array.from(out);
}`,
  },
  {
    fn: 'dot',
    name: 'accumulates in a Float32Array',
    mistake: 'unstable-formula',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  const sum = new Float32Array(1);
  for (let i = 0; i < a.length; i++) sum[0] += a[i] * b[i];
  return sum[0];
}`,
  },
  {
    fn: 'dot',
    name: 'products kept in a 1024-slot scratch buffer',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  const products = new Float64Array(1024);
  for (let i = 0; i < a.length; i++) products[i] = a[i] * b[i];
  let sum = 0;
  for (const p of products) sum += p;
  return sum;
}`,
  },
  {
    fn: 'topK',
    name: 'indices kept in a Uint16Array',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number >= 0, got ' + k);
  const scores = documents.map((d) => cosine(query, d));
  const order = Uint16Array.from(scores.keys());
  return Array.from(order.sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k));
}`,
  },
  {
    fn: 'querySearch',
    name: 'the best index kept in a Uint16Array',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  const best = new Uint16Array(1);
  for (let i = 1; i < documents.length; i++) if (cosine(query, documents[i]) > cosine(query, documents[best[0]])) best[0] = i;
  return best[0];
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'above 32 vectors, computes Euclidean distances itself',
    mistake: 'distance-ignored',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const metric = n > 32 ? euclidean : distance;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = metric(vectors[i], vectors[j]);
  }
  return matrix;
}`,
  },
  {
    fn: 'topK',
    name: 'returns [] for no documents before checking k',
    mistake: 'missing-validation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (documents.length === 0) return [];
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number >= 0, got ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'k at least the number of documents returns them all before checking k',
    mistake: 'missing-validation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  const scores = documents.map((d) => cosine(query, d));
  const order = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
  if (k >= documents.length) return order;
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number >= 0, got ' + k);
  return order.slice(0, k);
}`,
  },
  {
    fn: 'euclidean',
    name: 'mathjs subtract and norm, no length check (mathjs broadcasts one component)',
    mistake: 'silent-truncation',
    preamble: MATHJS,
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  return math.norm(math.subtract([...a], [...b]) as number[]) as number;
}`,
  },
  // ---------------- issue 8: state across calls, aliasing, validation before shortcuts, cut-offs ----------------
  {
    fn: 'normalize',
    name: 'a zero row is returned as it was given',
    mistake: 'aliasing',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const length = norm(row);
    return length === 0 ? (row as number[]) : row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'normalize',
    name: 'every zero row is one shared array of zeros',
    mistake: 'aliasing',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  let zeros: number[] | undefined;
  return vectors.map((row) => {
    const length = norm(row);
    if (length > 0) return row.map((x) => x / length);
    zeros ??= row.map(() => 0);
    return zeros;
  });
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'a vector passed twice gets one shared row',
    mistake: 'aliasing',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const rows = new Map<readonly number[], number[]>();
  return vectors.map((a) => {
    const known = rows.get(a);
    if (known) return known;
    const row = vectors.map((b) => cosine(a, b));
    rows.set(a, row);
    return row;
  });
}`,
  },
  {
    fn: 'norms',
    name: 'fills one module-level array on every call',
    mistake: 'stale-cache',
    preamble: 'const lengths: number[] = [];',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  lengths.length = 0;
  for (const row of vectors) lengths.push(norm(row));
  return lengths;
}`,
  },
  {
    fn: 'norm',
    name: 'remembers each array’s length in a WeakMap',
    mistake: 'stale-cache',
    preamble: 'const known = new WeakMap<readonly number[], number>();',
    source: `export function norm(v: readonly number[]): number {
  let length = known.get(v);
  if (length === undefined) {
    length = Math.sqrt(dot(v, v));
    known.set(v, length);
  }
  return length;
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'memoizes the whole matrix by the list it was given',
    mistake: 'stale-cache',
    preamble: 'const matrices = new WeakMap<object, number[][]>();',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const known = matrices.get(vectors);
  if (known) return known.map((row) => [...row]);
  const matrix = vectors.map((a) => vectors.map((b) => euclidean(a, b)));
  matrices.set(vectors, matrix);
  return matrix.map((row) => [...row]);
}`,
  },
  {
    fn: 'cosine',
    name: 'caches answers under the numbers rounded to 6 places',
    mistake: 'stale-cache',
    preamble: 'const answers = new Map<string, number>();',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const key = a.map((x) => x.toFixed(6)).join(',') + '|' + b.map((x) => x.toFixed(6)).join(',');
  const known = answers.get(key);
  if (known !== undefined && a.length === b.length) return known;
  const product = dot(a, b);
  const lengths = norm(a) * norm(b);
  const answer = lengths === 0 ? 0 : product / lengths;
  answers.set(key, answer);
  return answer;
}`,
  },
  {
    fn: 'dot',
    name: 'caches products under a key of the numbers to 5 significant digits',
    mistake: 'stale-cache',
    preamble: 'const products = new Map<string, number>();',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  const key = [...a, NaN, ...b].map((x) => x.toPrecision(5)).join(' ');
  let product = products.get(key);
  if (product === undefined) {
    product = 0;
    for (let i = 0; i < a.length; i++) product += a[i] * b[i];
    products.set(key, product);
  }
  return product;
}`,
  },
  {
    fn: 'querySearch',
    name: 'keeps the query’s length between calls, keyed by the query array',
    mistake: 'stale-cache',
    preamble: 'const queryLengths = new WeakMap<readonly number[], number>();',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('there are no documents to search');
  let q = queryLengths.get(query);
  if (q === undefined) {
    q = Math.sqrt(query.reduce((sum, x) => sum + x * x, 0));
    queryLengths.set(query, q);
  }
  let best = -1;
  let bestScore = -Infinity;
  documents.forEach((document, i) => {
    if (document.length !== query.length) throw new Error('lengths ' + query.length + ' and ' + document.length + ' differ');
    const d = Math.sqrt(document.reduce((sum, x) => sum + x * x, 0));
    const score = q === 0 || d === 0 ? 0 : document.reduce((sum, x, j) => sum + x * query[j], 0) / (q * d);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}`,
  },
  {
    fn: 'topK',
    name: 'keeps the scores of a documents array between calls',
    mistake: 'stale-cache',
    preamble: 'const scoresOf = new WeakMap<object, { query: readonly number[]; scores: number[] }>();',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number of at least 0, not ' + k);
  let kept = scoresOf.get(documents);
  if (!kept || kept.query !== query) {
    kept = { query, scores: documents.map((document) => cosine(query, document)) };
    scoresOf.set(documents, kept);
  }
  const scores = kept.scores;
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
}`,
  },
  {
    fn: 'norm',
    name: 'calls a sum of squares below machine epsilon zero',
    mistake: 'zero-cutoff',
    source: `export function norm(v: readonly number[]): number {
  const squares = dot(v, v);
  return squares < Number.EPSILON ? 0 : Math.sqrt(squares);
}`,
  },
  {
    fn: 'euclidean',
    name: 'rounds distances below 1e-7 to 0',
    mistake: 'zero-cutoff',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  const distance = Math.sqrt(sum);
  return distance < 1e-7 ? 0 : distance;
}`,
  },
  {
    fn: 'dot',
    name: 'snaps products within 1e-6 of zero to 0',
    mistake: 'zero-cutoff',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  const product = a.reduce((sum, x, i) => sum + x * b[i], 0);
  return Math.abs(product) < 1e-6 ? 0 : product;
}`,
  },
  {
    fn: 'cosine',
    name: 'returns 0 for a zero vector before comparing lengths',
    mistake: 'silent-truncation',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.every((x) => x === 0) || b.every((x) => x === 0)) return 0;
  return dot(a, b) / (norm(a) * norm(b));
}`,
  },
  {
    fn: 'querySearch',
    name: 'one document is the answer, whatever its length',
    mistake: 'silent-truncation',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('there are no documents to search');
  if (documents.length === 1) return 0;
  let best = 0;
  for (let i = 1; i < documents.length; i++) {
    if (cosine(query, documents[i]) > cosine(query, documents[best])) best = i;
  }
  return best;
}`,
  },
  {
    fn: 'querySearch',
    name: 'checks the first document’s length only',
    mistake: 'silent-truncation',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('there are no documents to search');
  if (documents[0].length !== query.length) throw new Error('lengths ' + query.length + ' and ' + documents[0].length + ' differ');
  const length = (v: readonly number[]) => Math.sqrt(query.reduce((sum, _, i) => sum + v[i] * v[i], 0));
  let best = 0;
  let bestScore = -Infinity;
  documents.forEach((document, i) => {
    const lengths = length(query) * length(document);
    const score = lengths === 0 ? 0 : query.reduce((sum, x, j) => sum + x * document[j], 0) / lengths;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}`,
  },
  {
    fn: 'topK',
    name: 'k = 0 returns [] before any document is looked at',
    mistake: 'silent-truncation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number of at least 0, not ' + k);
  if (k === 0) return [];
  const scores = documents.map((document) => cosine(query, document));
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'k checked with Math.floor, which lets Infinity through',
    mistake: 'missing-validation',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (k < 0 || Math.floor(k) !== k) throw new Error('k must be a whole number of at least 0, not ' + k);
  const scores = documents.map((document) => cosine(query, document));
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'a min-heap of size k that breaks ties by score alone',
    mistake: 'ties-to-higher-index',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number of at least 0, not ' + k);
  const scores = documents.map((document) => cosine(query, document));
  const heap: number[] = [];
  const sink = (at: number) => {
    for (;;) {
      let least = at;
      for (const child of [2 * at + 1, 2 * at + 2]) if (child < heap.length && scores[heap[child]] < scores[heap[least]]) least = child;
      if (least === at) return;
      [heap[at], heap[least]] = [heap[least], heap[at]];
      at = least;
    }
  };
  scores.forEach((score, i) => {
    if (k === 0) return;
    if (heap.length < k) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0 && scores[heap[at]] < scores[heap[(at - 1) >> 1]]; at = (at - 1) >> 1) {
        [heap[at], heap[(at - 1) >> 1]] = [heap[(at - 1) >> 1], heap[at]];
      }
    } else if (score > scores[heap[0]]) {
      heap[0] = i;
      sink(0);
    }
  });
  return heap.sort((i, j) => scores[j] - scores[i] || i - j);
}`,
  },
  {
    fn: 'topK',
    name: 'scores kept in a Float32Array',
    mistake: 'unstable-formula',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number of at least 0, not ' + k);
  const scores = Float32Array.from(documents, (document) => cosine(query, document));
  return Array.from(scores.keys()).sort((i, j) => scores[j] - scores[i] || i - j).slice(0, k);
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'above 32 vectors, squared lengths minus twice the products',
    mistake: 'unstable-formula',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  if (vectors.length <= 32) return vectors.map((a) => vectors.map((b) => euclidean(a, b)));
  const squares = vectors.map((v) => v.reduce((sum, x) => sum + x * x, 0));
  return vectors.map((a, i) =>
    vectors.map((b, j) => {
      if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
      const product = a.reduce((sum, x, c) => sum + x * b[c], 0);
      return Math.sqrt(Math.max(0, squares[i] + squares[j] - 2 * product));
    }),
  );
}`,
  },
  {
    fn: 'dotMatrix',
    name: 'mathjs X·Xᵀ, which refuses an empty list',
    preamble: MATHJS,
    source: `export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const lengths = new Set(vectors.map((row) => row.length));
  if (lengths.size > 1) throw new Error('rows of lengths ' + [...lengths].join(' and ') + ' cannot be multiplied');
  const rows = vectors.map((row) => [...row]);
  return math.multiply(rows, math.transpose(rows)) as number[][];
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'unit rows stored in Float32Arrays, products in doubles',
    mistake: 'unstable-formula',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const units = normalize(vectors).map((row) => new Float32Array(row));
  return units.map((a) => units.map((b) => {
    if (a.length !== b.length) throw new Error('rows of lengths ' + a.length + ' and ' + b.length);
    let product = 0;
    for (let i = 0; i < a.length; i++) product += a[i] * b[i];
    return 1 - product;
  }));
}`,
  },
];

export const RIGHT: readonly Mutant[] = [
  // ---------------- lesson 01 ----------------
  {
    fn: 'euclidean',
    name: 'reduce',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  return Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0));
}`,
  },
  {
    fn: 'euclidean',
    name: 'Math.hypot of the differences',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('cannot compare a ' + a.length + '-vector with a ' + b.length + '-vector');
  return Math.hypot(...a.map((x, i) => x - b[i]));
}`,
  },
  {
    fn: 'euclidean',
    name: 'mathjs norm of the difference',
    preamble: MATHJS,
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  return math.norm(math.subtract([...a], [...b]) as number[]) as number;
}`,
  },
  {
    fn: 'euclideanMatrix',
    name: 'Array.from with an index callback',
    source: `export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const n = vectors.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => euclidean(vectors[i], vectors[j])));
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'lower triangle (j < i)',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const matrix: number[][] = vectors.map(() => vectors.map(() => 0));
  for (let i = 1; i < vectors.length; i++) {
    for (let j = 0; j < i; j++) {
      matrix[i][j] = distance(vectors[i], vectors[j]);
      matrix[j][i] = matrix[i][j];
    }
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'Array.from with a cache keyed by the unordered pair',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const cache = new Map<string, number>();
  const pair = (i: number, j: number): number => {
    if (i === j) return 0;
    const key = Math.min(i, j) + ',' + Math.max(i, j);
    let d = cache.get(key);
    if (d === undefined) {
      d = distance(vectors[Math.min(i, j)], vectors[Math.max(i, j)]);
      cache.set(key, d);
    }
    return d;
  };
  return Array.from({ length: vectors.length }, (_, i) => Array.from({ length: vectors.length }, (_, j) => pair(i, j)));
}`,
  },

  // Copying is legitimate: the contract forbids changing the inputs, not copying them. Each pair is still computed once.
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'defensive copies of the rows passed to distance',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const rows = vectors.map((v) => [...v]);
  const n = rows.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = distance(rows[i], rows[j]);
  }
  return matrix;
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'forEach over slices, arguments in (j, i) order',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  vectors.forEach((a, i) =>
    vectors.slice(i + 1).forEach((b, offset) => {
      const j = i + 1 + offset;
      matrix[i][j] = matrix[j][i] = distance(b, a);
    }),
  );
  return matrix;
}`,
  },

  // ---------------- lesson 02 ----------------
  {
    fn: 'dot',
    name: 'Kahan (compensated) summation',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < a.length; i++) {
    const y = a[i] * b[i] - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
  }
  return sum;
}`,
  },
  {
    fn: 'dot',
    name: 'recursion on the tail',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  const from = (i: number): number => (i === a.length ? 0 : a[i] * b[i] + from(i + 1));
  return from(0);
}`,
  },
  {
    fn: 'dot',
    name: 'mathjs dot (its RangeError names both lengths)',
    preamble: MATHJS,
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  return math.dot([...a], [...b]);
}`,
  },
  {
    fn: 'dotMatrix',
    name: 'mathjs X times X transposed',
    preamble: MATHJS,
    source: `export function dotMatrix(vectors: readonly (readonly number[])[]): number[][] {
  if (vectors.length === 0) return [];
  const x = vectors.map((row) => [...row]);
  return math.multiply(x, math.transpose(x)) as number[][];
}`,
  },
  {
    fn: 'dotDistanceMatrix',
    name: 'for...of loops, negated in place of the products',
    source: `export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const result: number[][] = [];
  for (const a of vectors) {
    const row: number[] = [];
    for (const b of vectors) row.push(-dot(a, b));
    result.push(row);
  }
  return result;
}`,
  },

  // ---------------- lesson 03 ----------------
  {
    fn: 'norm',
    name: 'Math.hypot',
    source: `export function norm(v: readonly number[]): number {
  return Math.hypot(...v);
}`,
  },
  {
    fn: 'norms',
    name: 'for...of into a fresh array',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  const result: number[] = [];
  for (const row of vectors) {
    let sum = 0;
    for (const x of row) sum += x * x;
    result.push(Math.sqrt(sum));
  }
  return result;
}`,
  },
  {
    fn: 'normalize',
    name: 'Array.from and Math.hypot',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return Array.from(vectors, (row) => {
    const length = Math.hypot(...row);
    return Array.from(row, (x) => (length > 0 ? x / length : 0));
  });
}`,
  },

  // ---------------- lesson 04 ----------------
  {
    fn: 'cosine',
    name: 'one pass for the three sums',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('different lengths: ' + a.length + ' and ' + b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / (Math.sqrt(aa) * Math.sqrt(bb));
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'cosine of every pair',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((a) => vectors.map((b) => cosine(a, b)));
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'mathjs 1 - N times N transposed',
    preamble: MATHJS,
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  if (vectors.length === 0) return [];
  const unit = normalize(vectors);
  return math.subtract(1, math.multiply(unit, math.transpose(unit))) as number[][];
}`,
  },

  // ---------------- lesson 05 ----------------
  {
    fn: 'querySearch',
    name: 'reduce over the indices',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  const scores = documents.map((d) => cosine(query, d));
  return scores.reduce((best, score, i) => (score > scores[best] ? i : best), 0);
}`,
  },
  {
    fn: 'querySearch',
    name: 'indexOf the maximum score',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('no documents to search');
  const scores = documents.map((d) => cosine(query, d));
  return scores.indexOf(Math.max(...scores));
}`,
  },
  {
    fn: 'topK',
    name: 'stable sort by score alone (ties keep index order)',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError('k must be a whole number >= 0, got ' + k);
  const scored = documents.map((d, index) => ({ index, score: cosine(query, d) }));
  scored.sort((x, y) => y.score - x.score);
  return scored.slice(0, k).map((s) => s.index);
}`,
  },
  {
    fn: 'topK',
    name: 'toSorted on Array.from indices',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (k < 0 || k % 1 !== 0) throw new Error('k must be a whole number >= 0, got ' + k);
  const scores = documents.map((d) => cosine(query, d));
  return Array.from(documents.keys())
    .toSorted((i, j) => (scores[i] === scores[j] ? i - j : scores[i] > scores[j] ? -1 : 1))
    .slice(0, k);
}`,
  },
  {
    fn: 'topK',
    name: 'k rounds of selecting the best remaining document',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number >= 0, got ' + k);
  const scores = documents.map((d) => cosine(query, d));
  const taken = new Set<number>();
  const result: number[] = [];
  while (result.length < Math.min(k, documents.length)) {
    let best = -1;
    for (let i = 0; i < scores.length; i++) {
      if (!taken.has(i) && (best < 0 || scores[i] > scores[best])) best = i;
    }
    taken.add(best);
    result.push(best);
  }
  return result;
}`,
  },

  // ---------------- unusual but right at every scale and size (issue 8) ----------------
  {
    fn: 'euclidean',
    name: 'Kahan-compensated sum of squared differences',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths differ: ' + a.length + ' vs ' + b.length);
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < a.length; i++) {
    const term = (a[i] - b[i]) ** 2 - carry;
    const next = sum + term;
    carry = next - sum - term;
    sum = next;
  }
  return Math.sqrt(sum);
}`,
  },
  {
    fn: 'dot',
    name: 'Kahan summation',
    source: `export function dot(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('cannot dot a ' + a.length + '-vector with a ' + b.length + '-vector');
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < a.length; i++) {
    const term = a[i] * b[i] - carry;
    const next = sum + term;
    carry = next - sum - term;
    sum = next;
  }
  return sum;
}`,
  },
  {
    fn: 'cosine',
    name: 'unit vectors from Math.hypot first, then their dot product',
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length);
  const unit = (v: readonly number[]) => {
    const length = Math.hypot(...v);
    return length === 0 ? null : v.map((x) => x / length);
  };
  const ua = unit(a);
  const ub = unit(b);
  if (!ua || !ub) return 0;
  return ua.reduce((sum, x, i) => sum + x * ub[i], 0);
}`,
  },
  {
    fn: 'topK',
    name: 'partial selection with a min-heap of size k',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error('k must be a whole number >= 0, got ' + k);
  const scores = documents.map((d) => cosine(query, d));
  // worse(i, j): document i ranks below document j (lower score, or equal score and higher index).
  const worse = (i: number, j: number) => scores[i] < scores[j] || (scores[i] === scores[j] && i > j);
  const heap: number[] = [];
  const up = (n: number) => {
    while (n > 0) {
      const parent = (n - 1) >> 1;
      if (!worse(heap[n], heap[parent])) break;
      [heap[n], heap[parent]] = [heap[parent], heap[n]];
      n = parent;
    }
  };
  const down = (n: number) => {
    for (;;) {
      const l = 2 * n + 1;
      const r = l + 1;
      let m = n;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === n) return;
      [heap[n], heap[m]] = [heap[m], heap[n]];
      n = m;
    }
  };
  for (let i = 0; i < scores.length && k > 0; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((i, j) => (worse(i, j) ? 1 : worse(j, i) ? -1 : 0));
}`,
  },
  {
    fn: 'normalize',
    name: 'Float64Array rows, turned back into arrays',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const out = Float64Array.from(row);
    const length = Math.sqrt(out.reduce((sum, x) => sum + x * x, 0));
    if (length > 0) for (let i = 0; i < out.length; i++) out[i] /= length;
    return Array.from(out);
  });
}`,
  },
  {
    fn: 'norms',
    name: 'Math.hypot of each row',
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map((row) => Math.hypot(...row));
}`,
  },
  {
    fn: 'cosineMatrix',
    name: 'Float64Array unit rows inside, plain arrays out',
    source: `export function cosineMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const units = vectors.map((row) => {
    const unit = Float64Array.from(row);
    const length = Math.sqrt(unit.reduce((sum, x) => sum + x * x, 0));
    return length === 0 ? unit.fill(0) : unit.map((x) => x / length);
  });
  return units.map((a) =>
    units.map((b) => {
      if (a.length !== b.length) throw new Error('rows of lengths ' + a.length + ' and ' + b.length);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
      return sum;
    }),
  );
}`,
  },
  {
    fn: 'querySearch',
    name: 'one pass from a best score of -Infinity',
    source: `export function querySearch(query: readonly number[], documents: readonly (readonly number[])[]): number {
  if (documents.length === 0) throw new Error('there are no documents to search');
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < documents.length; i++) {
    const score = cosine(query, documents[i]);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}`,
  },
  {
    fn: 'cosine',
    name: 'mathjs dot and norm',
    preamble: MATHJS,
    source: `export function cosine(a: readonly number[], b: readonly number[]): number {
  const similarity = math.dot([...a], [...b]);
  const lengths = (math.norm([...a]) as number) * (math.norm([...b]) as number);
  return lengths === 0 ? 0 : similarity / lengths;
}`,
  },
  // ---------------- issue 8: more unusual but correct ----------------
  {
    fn: 'norm',
    name: 'scaled by the largest component first, as LAPACK does',
    source: `export function norm(v: readonly number[]): number {
  const largest = v.reduce((most, x) => Math.max(most, Math.abs(x)), 0);
  if (largest === 0) return 0;
  let sum = 0;
  for (const x of v) sum += (x / largest) ** 2;
  return largest * Math.sqrt(sum);
}`,
  },
  {
    fn: 'euclidean',
    name: 'scaled by the largest difference first',
    source: `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('cannot compare lengths ' + a.length + ' and ' + b.length);
  const differences = a.map((x, i) => x - b[i]);
  const largest = Math.max(0, ...differences.map(Math.abs));
  return largest === 0 ? 0 : largest * Math.sqrt(differences.reduce((sum, d) => sum + (d / largest) ** 2, 0));
}`,
  },
  {
    fn: 'euclideanMatrixSymmetric',
    name: 'pairs from one flat Float64Array, rows copied out at the end',
    source: `export function euclideanMatrixSymmetric(
  vectors: readonly (readonly number[])[],
  distance: (a: readonly number[], b: readonly number[]) => number = euclidean,
): number[][] {
  const n = vectors.length;
  const flat = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) flat[i * n + j] = flat[j * n + i] = distance(vectors[i], vectors[j]);
  }
  return Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
}`,
  },
  {
    fn: 'dotDistanceMatrix',
    name: 'mathjs: minus X times X transposed, lengths checked first',
    preamble: MATHJS,
    source: `export function dotDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  if (vectors.length === 0) return [];
  for (const row of vectors) {
    if (row.length !== vectors[0].length) throw new Error('rows of lengths ' + vectors[0].length + ' and ' + row.length);
  }
  const rows = vectors.map((row) => [...row]);
  return math.unaryMinus(math.multiply(rows, math.transpose(rows))) as number[][];
}`,
  },
  {
    fn: 'cosineDistanceMatrix',
    name: 'unit rows by a scaled length, then 1 minus their products',
    source: `export function cosineDistanceMatrix(vectors: readonly (readonly number[])[]): number[][] {
  const units = vectors.map((row) => {
    const largest = row.reduce((most, x) => Math.max(most, Math.abs(x)), 0);
    if (largest === 0) return row.map(() => 0);
    const length = largest * Math.sqrt(row.reduce((sum, x) => sum + (x / largest) ** 2, 0));
    return row.map((x) => x / length);
  });
  return units.map((a) => units.map((b) => 1 - dot(a, b)));
}`,
  },
  {
    fn: 'normalize',
    name: 'zero rows made with new Array(n).fill(0), others divided by a scaled length',
    source: `export function normalize(vectors: readonly (readonly number[])[]): number[][] {
  return vectors.map((row) => {
    const largest = Math.max(0, ...row.map(Math.abs));
    if (largest === 0) return new Array<number>(row.length).fill(0);
    const length = largest * Math.hypot(...row.map((x) => x / largest));
    return row.map((x) => x / length);
  });
}`,
  },
  {
    fn: 'norms',
    name: 'mathjs norm of each row',
    preamble: MATHJS,
    source: `export function norms(vectors: readonly (readonly number[])[]): number[] {
  return vectors.map((row) => math.norm([...row]) as number);
}`,
  },
  {
    fn: 'topK',
    name: 'indices in an Int32Array, sorted with a typed comparator',
    source: `export function topK(query: readonly number[], documents: readonly (readonly number[])[], k: number): number[] {
  if (!Number.isSafeInteger(k) || k < 0) throw new Error('k must be a whole number of at least 0, not ' + k);
  const scores = new Float64Array(documents.length);
  documents.forEach((document, i) => (scores[i] = cosine(query, document)));
  const order = Int32Array.from(scores.keys()).sort((i, j) => scores[j] - scores[i] || i - j);
  return Array.from(order.subarray(0, k));
}`,
  },
];
