// Builds lessons/data/bugs.json: a 4×384 matrix that reproduces every figure the vector similarity notebook
// printed. The notebook never shows its embeddings in full, only their first and last three components and
// the figures computed from them, so the hidden columns are rebuilt to fit the printed dot products:
//
//   F = the six printed components of each row (4×6), G = the printed dot-product matrix (4×4),
//   L = lower Cholesky factor of G − F·Fᵀ, Q = 4×378 orthonormal rows drawn from a fixed seed,
//   X = [F₀₋₂ | L·Q | F₃₈₁₋₃₈₃]  ⇒  X·Xᵀ = F·Fᵀ + L·(Q·Qᵀ)·Lᵀ = F·Fᵀ + L·Lᵀ = G.
//
// Everything after the generator is + − × ÷ and Math.sqrt, which IEEE 754 rounds exactly, so the file is
// bit-identical on every machine and `npm run data:bugs -- --check` can demand a byte-for-byte match.
import type { BugsData } from '../curriculum/data.ts';
import { EDGE_COLUMNS, PRINTED_DOT_PRODUCTS, PRINTED_EDGE_COMPONENTS } from '../curriculum/notebook.ts';
import { createRandom } from '../lib/random.ts';

export type { BugsData };
export { EDGE_COLUMNS, PRINTED_DOT_PRODUCTS, PRINTED_EDGE_COMPONENTS };

/** The four documents of the notebook, verbatim. */
export const DOCUMENTS = [
  'Bugs introduced by the intern had to be squashed by the lead developer.',
  'Bugs found by the quality assurance engineer were difficult to debug.',
  'Bugs are common throughout the warm summer months, according to the entomologist.',
  'Bugs, in particular spiders, are extensively studied by arachnologists.',
] as const;

/** The query of the notebook's last exercise. Its embedding was never printed, so none is stored. */
export const QUERY = "Who is responsible for a coding project and fixing others' mistakes?";

export const MODEL = 'paraphrase-MiniLM-L6-v2';
export const DIMENSIONS = 384;

/** The seed of the orthonormal rows. Changing it changes every rebuilt column (and the file). */
export const BUGS_DATA_SEED = 384;

export interface ReconstructionInput {
  dotProducts: readonly (readonly number[])[];
  edgeComponents: readonly (readonly number[])[];
  seed: number;
}

/** Lower-triangular L with L·Lᵀ = a. Throws if `a` is not (numerically) positive definite. */
export function choleskyLower(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    if (a[j].length !== n) throw new Error(`choleskyLower: matrix is not square (row ${j} has ${a[j].length} entries, expected ${n})`);
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    // `!(pivot > 0)` also rejects NaN.
    if (!(pivot > 0)) {
      throw new Error(`choleskyLower: matrix is not positive definite (pivot ${j} is ${pivot})`);
    }
    l[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}

function dotProduct(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * `rows` orthonormal vectors of `length` components: seeded uniform vectors, then modified Gram–Schmidt
 * run twice per row ("twice is enough": one pass leaves errors proportional to the conditioning).
 */
export function seededOrthonormalRows(seed: number, rows: number, length: number): number[][] {
  if (rows > length) throw new Error(`seededOrthonormalRows: cannot fit ${rows} orthonormal rows in ${length} dimensions`);
  const q = createRandom(seed).matrix(rows, length, -1, 1);
  for (let i = 0; i < rows; i++) {
    const v = q[i];
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const projection = dotProduct(v, q[j]);
        for (let k = 0; k < length; k++) v[k] -= projection * q[j][k];
      }
    }
    const length_ = Math.sqrt(dotProduct(v, v));
    for (let k = 0; k < length; k++) v[k] /= length_;
  }
  return q;
}

/** The 4×384 matrix X with X·Xᵀ = dotProducts and the edge columns set to edgeComponents. */
export function reconstructVectors({ dotProducts: g, edgeComponents: f, seed }: ReconstructionInput): number[][] {
  const n = g.length;
  const edges = EDGE_COLUMNS.length;
  const hidden = DIMENSIONS - edges; // columns 3 … 380
  if (g.some((row, i) => row.length !== n || row.some((gij, j) => gij !== g[j][i]))) {
    throw new Error('reconstructVectors: the dot-product matrix must be square and symmetric');
  }
  if (f.length !== n || f.some((row) => row.length !== edges)) {
    throw new Error(`reconstructVectors: expected ${n} rows of ${edges} edge components`);
  }
  // R = G − F·Fᵀ: what the hidden columns must contribute to each dot product.
  const residual = g.map((row, i) => row.map((gij, j) => gij - dotProduct(f[i], f[j])));
  let l: number[][];
  try {
    l = choleskyLower(residual);
  } catch (error) {
    throw new Error(
      'reconstructVectors: G − F·Fᵀ is not positive definite, so no choice of hidden columns reproduces the ' +
        `printed dot products with these edge components (${(error as Error).message})`,
    );
  }
  const q = seededOrthonormalRows(seed, n, hidden);
  return f.map((edge, i) => {
    const row = new Array<number>(DIMENSIONS);
    for (let k = 0; k < hidden; k++) {
      let s = 0;
      for (let m = 0; m <= i; m++) s += l[i][m] * q[m][k];
      row[3 + k] = s;
    }
    EDGE_COLUMNS.forEach((column, e) => (row[column] = edge[e]));
    return row;
  });
}

export function buildBugsData(): BugsData {
  return {
    description:
      `Sentence embeddings (${DOCUMENTS.length}×${DIMENSIONS}, model ${MODEL}) of the four "Bugs" documents ` +
      'from the vector similarity lesson, one row per document, in document order.',
    provenance: {
      source: 'The vector similarity lesson notebook (Python: numpy, scipy, torch, sentence-transformers 4.1.0).',
      model: MODEL,
      printedColumns: [...EDGE_COLUMNS],
      note:
        "Reconstructed from the notebook's published figures. Only the first three and last three components " +
        "of each row (columns 0, 1, 2, 381, 382, 383) are the model's printed output. The other 378 columns " +
        "(3 to 380) are not the model's output: they were rebuilt (Cholesky factor of G − F·Fᵀ times seeded " +
        'orthonormal rows) so that the printed dot products, distances, norms and cosines are reproduced.',
      method:
        "G is the notebook's printed dot-product matrix (dot_product_manual); F holds each row's six printed " +
        'components. L is the lower Cholesky factor of G − F·Fᵀ and Q is 4×378 with orthonormal rows (seeded ' +
        'uniform values, modified Gram–Schmidt with re-orthogonalization); columns 3 to 380 are L·Q, so X·Xᵀ = ' +
        'F·Fᵀ + L·Lᵀ = G.',
      seed: BUGS_DATA_SEED,
      regenerate: 'npm run data:bugs (scripts/build-bugs-data.ts)',
    },
    documents: [...DOCUMENTS],
    query: QUERY,
    vectors: reconstructVectors({
      dotProducts: PRINTED_DOT_PRODUCTS,
      edgeComponents: PRINTED_EDGE_COMPONENTS,
      seed: BUGS_DATA_SEED,
    }),
  };
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** An array of numbers as JSON.stringify(…, null, 2) lays it out: one number per line. */
const NUMBER_ARRAY = new RegExp(String.raw`\[\n\s*(${NUMBER}(?:,\n\s*${NUMBER})*)\n\s*\]`, 'g');

/**
 * JSON with 2-space indentation, except that arrays of numbers (each vector, `printedColumns`) stay on one
 * line, so the file reads as a table and a diff shows which rows changed. JSON.stringify prints the shortest
 * decimal that round-trips, so parsing the text gives back exactly the same numbers. The regular expression
 * cannot match inside a string: JSON escapes newlines there.
 */
export function serializeBugsData(data: BugsData): string {
  const text = JSON.stringify(data, null, 2).replace(NUMBER_ARRAY, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
  return `${text}\n`;
}
