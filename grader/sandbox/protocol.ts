// Messages between the trusted grader and a sandbox process. Sent with Node's 'advanced' IPC serialization
// (structured clone), so NaN, −0, ±Infinity and typed arrays arrive as they left.
import type { Argument, CallOutcome, ThrownValue } from '../types.ts';

export type ToSandbox =
  | { readonly type: 'load'; readonly url: string }
  | { readonly type: 'run'; readonly fn: string; readonly calls: readonly (readonly Argument[])[] };

export type FromSandbox =
  | { readonly type: 'ready' }
  | { readonly type: 'loaded'; readonly exports: Readonly<Record<string, string>>; readonly droppedOutputBytes: number }
  | { readonly type: 'load-failed'; readonly thrown: ThrownValue }
  | { readonly type: 'call-start'; readonly index: number }
  | { readonly type: 'call-end'; readonly index: number; readonly outcome: CallOutcome }
  /** Output beyond the cap is not sent at all; only its size is. */
  | { readonly type: 'run-end'; readonly droppedOutputBytes: number }
  /** Sent one event-loop turn after run-end: timers the function left behind have had their chance to fire. */
  | { readonly type: 'settled' }
  | { readonly type: 'output'; readonly text: string };

/** What the learner's code may print per function before the rest is dropped. */
export const OUTPUT_CAP_BYTES = 2048;
/** More numbers than any exercise returns; a bigger value is not copied out of the sandbox. */
export const MAX_RETURNED_NUMBERS = 1_000_000;
