// Every type the grader shares between its steps, in one place. The result model (GradeReport and below)
// is the public, versioned contract: reporters only render it, other tools read it as JSON.

import type { Expected } from './compare.ts';

export const RESULT_VERSION = 1;

export type ExerciseStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'missing' | 'not-started';
export type CaseStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'skipped';

/** A known wrong formula that the learner's value matches. */
export interface Mistake {
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
}

export interface CaseResult {
  readonly name: string;
  readonly status: CaseStatus;
  readonly message: string;
  /** Present on failing cases only; large arrays are replaced by a short description. */
  readonly expected?: unknown;
  readonly actual?: unknown;
}

export interface ExerciseResult {
  /** The lesson folder, e.g. `01-euclidean`. */
  readonly lesson: string;
  readonly function: string;
  readonly status: ExerciseStatus;
  readonly score: number;
  readonly maxScore: number;
  /** One line: why this status. */
  readonly summary: string;
  /** The teaching explanation of the first failing case: what was called, where it differs, and why. */
  readonly feedback?: readonly string[];
  readonly mistake?: Mistake;
  readonly hints?: readonly string[];
  readonly notes?: readonly string[];
  readonly cases: readonly CaseResult[];
  /** What the learner's code printed while this function ran, capped. */
  readonly output?: string;
}

export interface GradeReport {
  readonly version: typeof RESULT_VERSION;
  readonly score: number;
  readonly maxScore: number;
  /** Problems with whole files: syntax errors, type errors (warnings only), load failures. */
  readonly warnings: readonly string[];
  /**
   * The protection layers the learner's code ran behind on this machine (see npm run grade -- --doctor): when
   * every result was kept from an earlier grade, those it ran behind then.
   */
  readonly sandbox: { readonly layers: readonly LayerState[] };
  readonly exercises: readonly ExerciseResult[];
}

// ---- internal: what flows between the steps ----

/**
 * A stand-in the sandbox turns into a real function, since functions cannot cross a process boundary. The key
 * (fresh for every grading run) makes its values unpredictable; the learner's code never sees the stand-in.
 */
export interface CountingDistance {
  readonly $sandbox: 'counting-distance';
  readonly key: string;
}
export type Argument = number | readonly number[] | readonly (readonly number[])[] | CountingDistance;

export type Property = 'symmetric' | 'zero-diagonal' | 'unit-rows' | 'each-pair-once';

export type Expectation =
  | { readonly returns: Expected }
  /** The call must throw an Error whose message contains each of `mentions`. */
  | { readonly throws: { readonly mentions: readonly string[]; readonly because: string } };

export interface Case {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly expect: Expectation;
  readonly property?: Property;
  /** The answer to the case before, which this one must not repeat: a function giving it kept it between calls. */
  readonly previous?: Expected;
  /** Run on the previous case's very arrays, with this case's numbers written into them. */
  readonly inPlace?: true;
  /** The input of another case, changed in a way whose effect on the answer is known (cases/relations.ts). */
  readonly relation?: CaseRelation;
}

export type RelationKind = 'swapped' | 'scaled' | 'permuted';

export interface CaseRelation {
  /** The index of the case whose input was changed, and its name. */
  readonly from: number;
  readonly fromName: string;
  readonly kind: RelationKind;
  /** `scaled`: the factor, a power of two. */
  readonly factor?: number;
  /** `permuted`: row (or document) k of this input is row `order[k]` of the original. */
  readonly order?: readonly number[];
}

/** One call of the counting distance: which input rows it was given, by identity and by content. */
export interface DistanceCall {
  /** Index of the input row that is the very same array, or −1 (a copy, or something else). */
  readonly identity: readonly [number, number];
  /** Index of the first input row with the same numbers, or −1 when no row has them. */
  readonly content: readonly [number, number];
}

/** A returned value that is neither a number nor an array (a string, undefined, a Map …), known only in words. */
export class Opaque {
  constructor(readonly description: string) {}
}

/** The first argument a call changed, as the call left it. */
export interface ModifiedArgument {
  readonly index: number;
  readonly after: unknown;
}

interface CallEvidence {
  readonly modified?: ModifiedArgument;
  readonly distanceCalls?: readonly DistanceCall[];
}

/**
 * An array in a returned value that is not the value's own, at `at` (indices into the value): one of the
 * arguments' arrays (`other`: its place in the arguments, argument first), the same array as at `other` in the
 * value, or one an earlier call of the function returned.
 */
export interface SharedArray {
  readonly kind: 'argument' | 'repeated' | 'earlier';
  readonly at: readonly number[];
  readonly other?: readonly number[];
}

/**
 * What one call did, as the trusted process established it. The first three kinds come from the sandbox's
 * validated report; the others are the grader's own findings, which the sandbox has no way to claim.
 */
export type CallOutcome =
  | ({ readonly kind: 'returned'; readonly value: unknown; readonly shared?: SharedArray } & CallEvidence)
  | ({ readonly kind: 'threw'; readonly thrown: ThrownValue } & CallEvidence)
  | { readonly kind: 'unsendable'; readonly reason: string }
  /**
   * `scope`: the calls together went past the function's limit (`limitMs`), or everything together past the
   * lesson file's; absent when this call went past its own limit.
   */
  /**
   * `after`: the call was only a probe, given a short limit because this function of the submission was found
   * never to return (`dot (02-dot-product/exercise.ts)`), and it may be calling it.
   */
  | { readonly kind: 'timeout'; readonly limitMs: number; readonly scope?: 'function' | 'file'; readonly after?: string }
  | { readonly kind: 'crashed'; readonly reason: string }
  | { readonly kind: 'not-run'; readonly reason: string };

export interface ThrownValue {
  /** Whether it was an Error (of the sandbox's own realm or any other). */
  readonly isError: boolean;
  /** `TypeError`, or the typeof of a non-Error (`string`, `object` …). */
  readonly type: string;
  readonly message: string;
  /** Where in the learner's code it was thrown, as `file:line:col`, when known. */
  readonly where?: string;
}

/** A protection layer, and whether it was in place. */
export interface LayerState {
  readonly id: string;
  readonly active: boolean;
}
