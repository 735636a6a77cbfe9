// The distance the grader hands to euclideanMatrixSymmetric. It is deliberately not the Euclidean distance, so
// a function that calls it but uses its own Euclidean values instead shows in every case. It is still a metric
// (symmetric, zero for a vector and itself), so every correct use of it gives the reference's matrix.
// The sandbox computes it for the learner's calls and the trusted reference for the expected values: both
// import this one definition.

/** Twice the Manhattan distance: ≠ the Euclidean distance for any two different vectors, even of one component. */
export function countingMetric(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return 2 * sum;
}

/** How the learner sees it in feedback. */
export const COUNTING_DISTANCE_DESCRIPTION = 'the grader’s counting distance (twice the Manhattan distance, so values not computed with it show)';
