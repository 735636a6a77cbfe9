// The reference solutions, run on bugs.json, must give back what the notebook printed. The figures below (and
// those of curriculum/notebook.ts) are copied from the notebook's output by hand, not computed, so this test
// checks the data and the solutions against the source, not against themselves.
import { describe, expect, it } from 'vitest';
import { loadBugsData } from '../../curriculum/data.ts';
import { EDGE_COLUMNS, PRINTED_COSINES, PRINTED_DOT_PRODUCTS, PRINTED_L2_DISTANCES, PRINTED_NORMS } from '../../curriculum/notebook.ts';
import { expectAllClose } from '../../test/expect-allclose.ts';
import { euclidean, euclideanMatrix, euclideanMatrixSymmetric } from '../../solutions/01-euclidean/exercise.ts';
import { dot, dotDistanceMatrix, dotMatrix } from '../../solutions/02-dot-product/exercise.ts';
import { norm, normalize, norms } from '../../solutions/03-normalize/exercise.ts';
import { cosine, cosineDistanceMatrix, cosineMatrix } from '../../solutions/04-cosine/exercise.ts';

const { vectors } = loadBugsData();

// In [23] scipy.spatial.distance.cdist(embeddings, embeddings, 'euclidean').
const L2_DIST_SCIPY = [
  [0.0, 5.96179042, 7.33939999, 7.15578144],
  [5.96179042, 0.0, 7.76861693, 7.39359088],
  [7.33939999, 7.76861693, 0.0, 5.91992784],
  [7.15578144, 7.39359088, 5.91992784, 0.0],
];
// In [17], In [18], In [20], In [21].
const EUCLIDEAN_01 = 5.96179017134276;
// In [26] dot_product_fn(embeddings[0], embeddings[1]).
const DOT_01 = 18.535397;
// In [28] embeddings @ embeddings.T (float32; In [30] and In [31] print the same).
const DOT_PRODUCT_OPERATOR = [
  [33.74442, 18.5354, 8.569813, 7.8309317],
  [18.5354, 38.869335, 7.8899646, 8.663406],
  [8.569813, 7.8899646, 37.262005, 17.669558],
  [7.8309317, 8.663406, 17.669558, 33.122658],
];
// In [32] dot_product_distance = -dot_product_manual.
const DOT_PRODUCT_DISTANCE = [
  [-33.74440384, -18.53539658, -8.56981182, -7.83093166],
  [-18.53539658, -38.86933899, -7.8899622, -8.6634016],
  [-8.56981182, -7.8899622, -37.26202011, -17.66955757],
  [-7.83093166, -8.6634016, -17.66955757, -33.12266159],
];
// In [35] normalized_embeddings_manual (In [37], torch, prints the same): components 0, 1, 2, 381, 382, 383.
const NORMALIZED_EDGES = [
  [-0.03925694, -0.04243023, -0.00054957, 0.07837522, 0.10917509, 0.09252976],
  [-0.05740862, -0.05146183, 0.02560467, -0.011309, 0.1487687, 0.05514011],
  [0.03326034, -0.04406532, 0.02667831, -0.03219222, -0.00553686, 0.09757374],
  [-0.00740938, -0.07944354, -0.01655276, -0.10083134, 0.02996997, 0.01586009],
];
// In [36] norms_after_normalization.
const NORMS_AFTER_NORMALIZATION = [1.0, 1.0, 0.99999994, 1.0];
// In [41] dot_product_fn(normalized_embeddings_manual[0], normalized_embeddings_manual[1]).
const COSINE_01 = 0.5117967;
// In [43] normalized_embeddings_manual @ normalized_embeddings_manual.T (float32).
const COSINE_SIMILARITY_OPERATOR = [
  [0.99999994, 0.5117967, 0.24167809, 0.234234],
  [0.5117967, 1.0000001, 0.20731868, 0.24144733],
  [0.24167809, 0.20731868, 1.0, 0.50295603],
  [0.234234, 0.24144733, 0.50295603, 1.0000001],
];
// In [45] 1 - cosine_similarity_manual.
const COSINE_DISTANCE = [
  [1.78813934e-7, 4.88203287e-1, 7.58321926e-1, 7.65766025e-1],
  [4.88203287e-1, 0.0, 7.92681277e-1, 7.58552596e-1],
  [7.58321926e-1, 7.92681277e-1, -7.15255737e-7, 4.97044146e-1],
  [7.65766025e-1, 7.58552596e-1, 4.97044146e-1, -2.38418579e-7],
];

const diagonal = (m: readonly (readonly number[])[]) => m.map((row, i) => row[i]);
const offDiagonal = (m: readonly (readonly number[])[]) => m.map((row, i) => row.filter((_, j) => j !== i));

/** Per row, the other document that scores best: the largest similarity, or the smallest distance. */
function nearest(m: readonly (readonly number[])[], kind: 'similarity' | 'distance'): number[] {
  const better = kind === 'similarity' ? (x: number, y: number) => x > y : (x: number, y: number) => x < y;
  return m.map((row, i) => {
    let best = -1;
    row.forEach((x, j) => {
      if (j !== i && (best === -1 || better(x, row[best]))) best = j;
    });
    return best;
  });
}

describe('bugs.json reproduces the notebook', () => {
  it('has the printed shape (4, 384)', () => {
    expect(vectors.map((row) => row.length)).toEqual([384, 384, 384, 384]);
  });

  it('L2 distances (In [17]–[23])', () => {
    expectAllClose(euclidean(vectors[0], vectors[1]), EUCLIDEAN_01);
    expectAllClose(euclidean(vectors[1], vectors[0]), EUCLIDEAN_01);
    expectAllClose(euclideanMatrix(vectors), PRINTED_L2_DISTANCES);
    expectAllClose(euclideanMatrixSymmetric(vectors), PRINTED_L2_DISTANCES);
    expectAllClose(euclideanMatrix(vectors), L2_DIST_SCIPY);
  });

  it('dot products (In [26]–[32])', () => {
    expectAllClose(dot(vectors[0], vectors[1]), DOT_01);
    expectAllClose(dotMatrix(vectors), PRINTED_DOT_PRODUCTS);
    expectAllClose(dotMatrix(vectors), DOT_PRODUCT_OPERATOR);
    expectAllClose(dotDistanceMatrix(vectors), DOT_PRODUCT_DISTANCE);
  });

  it('norms and normalized vectors (In [33]–[37])', () => {
    expectAllClose(norms(vectors), PRINTED_NORMS);
    expectAllClose(norm(vectors[2]), PRINTED_NORMS[2]);
    const normalized = normalize(vectors);
    expectAllClose(
      normalized.map((row) => EDGE_COLUMNS.map((column) => row[column])),
      NORMALIZED_EDGES,
    );
    expectAllClose(norms(normalized), NORMS_AFTER_NORMALIZATION);
  });

  it('cosine similarities (In [41]–[43])', () => {
    const normalized = normalize(vectors);
    expectAllClose(dot(normalized[0], normalized[1]), COSINE_01);
    expectAllClose(cosine(vectors[0], vectors[1]), COSINE_01);
    expectAllClose(cosineMatrix(vectors), PRINTED_COSINES);
    expectAllClose(cosineMatrix(vectors), COSINE_SIMILARITY_OPERATOR);
  });

  it('cosine distances (In [45])', () => {
    const distances = cosineDistanceMatrix(vectors);
    expectAllClose(offDiagonal(distances), offDiagonal(COSINE_DISTANCE));
    // The printed diagonal (1.8e-7, 0, −7.2e-7, −2.4e-7) is float32 noise: 1 minus a self-cosine that was
    // summed in float32, i.e. a few multiples of 2⁻²³ ≈ 1.2e-7. Float64 arithmetic gives ~1e-16 there, so no
    // relative rule can match it; an absolute 1e-6 covers the noise (up to 6 ulps of 1 in float32) and still
    // fails any real distance, the smallest of which is 0.49.
    expectAllClose(diagonal(distances), diagonal(COSINE_DISTANCE), { atol: 1e-6 });
  });

  it('pairs documents 0↔1 (software bugs) and 2↔3 (insects) under every metric', () => {
    const pairs = [1, 0, 3, 2];
    expect(nearest(euclideanMatrix(vectors), 'distance')).toEqual(pairs);
    expect(nearest(dotMatrix(vectors), 'similarity')).toEqual(pairs);
    expect(nearest(dotDistanceMatrix(vectors), 'distance')).toEqual(pairs);
    expect(nearest(cosineMatrix(vectors), 'similarity')).toEqual(pairs);
    expect(nearest(cosineDistanceMatrix(vectors), 'distance')).toEqual(pairs);
  });
});
