// What the original notebook printed about the four Bugs documents, copied from its output by hand (never
// computed): the lesson data is rebuilt from these (scripts/bugs-data.ts), the reference solutions are checked
// against them (lessons/data/bugs-figures.test.ts), and a model is recognised as the notebook's by them
// (embeddings/verify.ts).

/** Columns whose values the notebook printed (numpy elides the rest with `...`). */
export const EDGE_COLUMNS = [0, 1, 2, 381, 382, 383] as const;

/** `embeddings` (In [15]): per row, components 0, 1, 2 and 381, 382, 383 exactly as printed. */
export const PRINTED_EDGE_COMPONENTS: readonly (readonly number[])[] = [
  [-0.22804335, -0.246477, -0.00319243, 0.4552812, 0.6341975, 0.53750485],
  [-0.35791564, -0.32084018, 0.15963301, -0.07050626, 0.9275025, 0.34377253],
  [0.20302981, -0.2689862, 0.1628514, -0.19650973, -0.03379842, 0.5956156],
  [-0.04264269, -0.45721576, -0.09526495, -0.5803074, 0.17248403, 0.09127846],
];

/**
 * `dot_product_manual` (In [27]), 8 decimals. The float64 printout is used rather than the float32
 * `embeddings @ embeddings.T`, which shows fewer digits.
 */
export const PRINTED_DOT_PRODUCTS: readonly (readonly number[])[] = [
  [33.74440384, 18.53539658, 8.56981182, 7.83093166],
  [18.53539658, 38.86933899, 7.8899622, 8.6634016],
  [8.56981182, 7.8899622, 37.26202011, 17.66955757],
  [7.83093166, 8.6634016, 17.66955757, 33.12266159],
];

/** In [19] `l2_dist_manual` (also In [22] `l2_dist_manual_improved`). */
export const PRINTED_L2_DISTANCES: readonly (readonly number[])[] = [
  [0.0, 5.96179017, 7.33939859, 7.15578223],
  [5.96179017, 0.0, 7.76861699, 7.39359074],
  [7.33939859, 7.76861699, 0.0, 5.919928],
  [7.15578223, 7.39359074, 5.919928, 0.0],
];

/** In [33] `l2_norms`. */
export const PRINTED_NORMS: readonly number[] = [5.8089943, 6.2345276, 6.1042614, 5.7552285];

/** In [42] `cosine_similarity_manual`. */
export const PRINTED_COSINES: readonly (readonly number[])[] = [
  [0.99999982, 0.51179671, 0.24167807, 0.23423398],
  [0.51179671, 1.0, 0.20731872, 0.2414474],
  [0.24167807, 0.20731872, 1.00000072, 0.50295585],
  [0.23423398, 0.2414474, 0.50295585, 1.00000024],
];
