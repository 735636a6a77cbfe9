// The wire between the trusted grader and a sandbox process, shared by both ends.
//
// The grader writes one init message to the sandbox's stdin: a fresh 32-byte key, then the lesson's code and
// every call to make (v8-serialized: it is read before any learner code exists). The sandbox answers on file
// descriptor 3 only, in frames: a 4-byte length, an HMAC-SHA256 of (frame number ‖ payload) under that key,
// then the payload, a message as JSON text. Learner code never holds the key, so it cannot write a frame the
// grader accepts; the grader still checks every frame against the schema in validate.ts, with the limits
// below, before it reads anything in it.
import { serialize } from 'node:v8';
import type { Argument } from '../types.ts';

export const KEY_BYTES = 32;
export const MAC_BYTES = 32;
export const LENGTH_BYTES = 4;

/** Bounds on everything a sandbox may send. Each is far beyond what a correct exercise function needs. */
export const LIMITS = {
  /** What the learner's code may print per function before the rest is only counted. */
  outputBytesPerFunction: 2048,
  /** Numbers (typed-array elements included), arrays and other items in one returned value. */
  nodesPerValue: 1 << 18,
  /** Items in everything one function's calls send, a string counting one per 8 characters (see RunBudget). */
  itemsPerFunction: 1 << 19,
  /** How deeply arrays may nest in a returned value. */
  depth: 8,
  /** Characters of any text: an error message, a description of a value. */
  textChars: 2000,
  /** Calls of the counting distance recorded per call of the function. */
  distanceCalls: 10_000,
  /** Bytes of one frame's payload. */
  frameBytes: 16 << 20,
} as const;

/** The names under which the sandbox's code appears in stack traces, and the global the mathjs shim reads. */
export const lessonSourceName = (unit: number) => `lesson-${unit + 1}.js`;
export const MATHJS_SOURCE_NAME = 'mathjs.js';
export const MATHJS_GLOBAL = 'vector-grader.mathjs';

/** Built-in modules learner code may use: they reach no files, processes or network. */
export const ALLOWED_BUILTINS: ReadonlySet<string> = new Set(['assert', 'assert/strict', 'util']);

export const TYPED_ARRAY_NAMES = [
  'Float64Array',
  'Float32Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
] as const;
export type TypedArrayName = (typeof TYPED_ARRAY_NAMES)[number];

/** Calls' arguments as a job carries them (`SandboxJob.calls`). */
export const serializedCalls = (calls: readonly (readonly Argument[])[]): Uint8Array[] => calls.map((args) => serialize(args));

export interface SandboxJob {
  readonly name: string;
  /**
   * Each call's arguments, serialized (node:v8): the harness reads a call's just before it, so the sandbox never
   * holds every case's arrays at once, and the grader can hand over cases it kept without reading them.
   */
  readonly calls: readonly Uint8Array[];
  /** Calls (by index) handed the previous call's very arrays, rewritten in place, as a caller reusing its arrays does. */
  readonly reuse?: readonly number[];
}

/** One lesson file for a sandbox: its module, and the functions to call. */
export interface SandboxUnit {
  /** The lesson file and everything it imports, as one ES module. */
  readonly bundle: string;
  /** The module imports mathjs: it is loaded (once per sandbox) before this module. */
  readonly usesMathjs: boolean;
  /** Run in order; a job whose name is not an exported function is passed over. */
  readonly jobs: readonly SandboxJob[];
}

export interface SandboxInit {
  /** The lesson files, each loaded as its own module and run in this order, one after the other. */
  readonly units: readonly SandboxUnit[];
  /** The mathjs bundle, when a unit imports mathjs. */
  readonly mathjs?: string;
}

/** A number as JSON can carry it: the four values JSON has no literal for travel as these words. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';
export const SPECIAL_NUMBERS = ['NaN', 'Infinity', '-Infinity', '-0'] as const;

export function toWireNumber(x: number): WireNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity || x === -Infinity) return x > 0 ? 'Infinity' : '-Infinity';
  return Object.is(x, -0) ? '-0' : x;
}

export function fromWireNumber(x: WireNumber): number {
  return typeof x === 'number' ? x : x === '-0' ? -0 : Number(x);
}

/** A returned value as the sandbox describes it: numbers and arrays as they are, anything else in words. */
export type WireValue = WireNumber | readonly WireValue[] | WireTypedArray | WireOpaque;
export interface WireTypedArray {
  readonly typed: TypedArrayName;
  readonly values: readonly WireNumber[];
}
export interface WireOpaque {
  /** What the value was, in words: `a string "abc"`, `undefined`, `a Map` … */
  readonly opaque: string;
}

export interface WireThrown {
  readonly isError: boolean;
  /** `TypeError`, or the typeof of a thrown non-Error. */
  readonly type: string;
  readonly message: string;
  /** Where in the lesson bundle it was thrown (1-based line, 0-based column), mapped back by the grader. */
  readonly at?: { readonly line: number; readonly column: number };
}

/** One call of the counting distance: which input rows it was given, by identity and by content (−1: none). */
export interface WireDistanceCall {
  readonly identity: readonly [number, number];
  readonly content: readonly [number, number];
}

/** Present when the call changed one of its arguments: the first one, as the call left it. */
export interface WireModified {
  readonly index: number;
  readonly after: WireValue;
}

/**
 * Present when a returned value holds an array that is not its own, at `at` (indices into the value): one of
 * the arguments' arrays (`other`: its place in the arguments), the same array as at `other` in the value, or
 * an array an earlier call returned.
 */
export interface WireShared {
  readonly kind: 'argument' | 'repeated' | 'earlier';
  readonly at: readonly number[];
  readonly other?: readonly number[];
}

export type WireOutcome =
  | {
      readonly kind: 'returned';
      readonly value: WireValue;
      readonly shared?: WireShared;
      readonly modified?: WireModified;
      readonly distanceCalls?: readonly WireDistanceCall[];
    }
  | {
      readonly kind: 'threw';
      readonly thrown: WireThrown;
      readonly modified?: WireModified;
      readonly distanceCalls?: readonly WireDistanceCall[];
    }
  /** A value the grader must not take: a Promise, a function, a value that contains itself, or too many numbers. */
  | { readonly kind: 'unsendable'; readonly reason: string };

/**
 * In order, for each unit: `loaded` or `load-failed`; then, once loaded, for each job that runs, one `call-end`
 * per call, `function-end`, and `settled` once what the function left behind (timers, promises) has had a turn. `output` may come at
 * any point and belongs to whatever is running.
 */
export type FromSandbox =
  /** `exports`: the typeof of each job's name in the module (`uninitialized` for a binding not yet set). */
  | { readonly type: 'loaded'; readonly exports: Readonly<Record<string, string>>; readonly droppedOutputBytes: number }
  | { readonly type: 'load-failed'; readonly thrown: WireThrown }
  | { readonly type: 'call-end'; readonly outcome: WireOutcome }
  | { readonly type: 'function-end'; readonly droppedOutputBytes: number }
  | { readonly type: 'settled' }
  | { readonly type: 'output'; readonly text: string };

/** The frame number as the 8 bytes that precede the payload under the MAC. */
export function frameNumberBytes(frame: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(frame), true);
  return bytes;
}
