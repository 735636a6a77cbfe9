/** A vector as the exercises receive it: never modified by the function. */
export type Vector = readonly number[];
/** Rows of vectors: `matrix[i]` is the i-th vector. */
export type Matrix = readonly Vector[];

/** numpy `allclose` rule: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export interface FunctionSpec {
  /** The exported name, identical in the stub and the solution. */
  readonly name: string;
  /** The TypeScript signature shown to the learner. */
  readonly signature: string;
  /** One sentence: what the function returns. */
  readonly summary: string;
  /** Progressive hints, from a nudge to nearly the answer. */
  readonly hints: readonly string[];
  readonly tolerance: Tolerance;
  /** Wall-clock limit for one call of the learner's function. */
  readonly callTimeoutMs: number;
  /** Wall-clock limit for all the calls of the function together (loading the file apart). */
  readonly functionTimeoutMs: number;
  /**
   * The course's functions this one is meant to call, as its lesson builds it (euclideanMatrix on euclidean):
   * when one of them does not pass, this one's report points to it first.
   */
  readonly builtOn?: readonly string[];
}

export interface LessonSpec {
  /** Two digits, the order in the course: `01`. */
  readonly number: string;
  /** The lesson's short name: `euclidean`. */
  readonly slug: string;
  readonly title: string;
  readonly functions: readonly FunctionSpec[];
}
