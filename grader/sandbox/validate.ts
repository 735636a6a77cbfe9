// In the trusted grader: every message from a sandbox is untrusted data, checked here before anything reads
// it. A budgeted walk first (only plain arrays, plain objects and primitives; nothing visited twice, so no
// cycles or shared branches; depth, size and text bounded: JSON text cannot hold a cycle, but the walk
// does not rely on how the payload was decoded); then the exact shape of each message (valibot); then the
// values are rebuilt as the grader's own objects. Anything else is a protocol violation.
import * as v from 'valibot';
import { Opaque, type ThrownValue } from '../types.ts';
import { LIMITS, SPECIAL_NUMBERS, TYPED_ARRAY_NAMES, fromWireNumber, type FromSandbox, type TypedArrayName, type WireValue } from './protocol.ts';

/** The sandbox broke the protocol: whatever it sent is worth nothing. */
export class Violation extends Error {}

/**
 * What one function's results may hold in all, counted in items: a number, an array or an object is one, a
 * string one per 8 characters (and one more). The grader holds a file's results until it judges them, so
 * this bounds its memory; each function has its own, so one cannot use up another's.
 */
export class RunBudget {
  constructor(private left: number = LIMITS.itemsPerFunction) {}
  take(count: number): void {
    this.left -= count;
    if (this.left < 0) throw new Violation(`the sandbox sent more than ${LIMITS.itemsPerFunction} items for one function`);
  }
}

/** The longest string any message may hold (the schema then holds each field to its own limit). */
const LONGEST_TEXT = Math.max(LIMITS.textChars + 1, LIMITS.outputBytesPerFunction);

/** Depth of a message around the deepest returned value: message → outcome → modified → value. */
const MESSAGE_DEPTH = LIMITS.depth + 6;

/** Walks what JSON.parse produced, before any schema looks at it. */
function checkStructure(value: unknown, budget: RunBudget, seen: Set<object>, depth: number): void {
  if (typeof value === 'string') {
    if (value.length > LONGEST_TEXT) throw new Violation('the sandbox sent text longer than allowed');
    budget.take(1 + Math.ceil(value.length / 8));
    return;
  }
  if (typeof value === 'number') {
    budget.take(1);
    return;
  }
  if (typeof value === 'boolean' || value === undefined) return;
  if (typeof value !== 'object' || value === null) throw new Violation(`the sandbox sent a ${value === null ? 'null' : typeof value}`);
  if (depth > MESSAGE_DEPTH) throw new Violation('the sandbox sent a value nested too deeply');
  if (seen.has(value)) throw new Violation('the sandbox sent a value that shares or repeats a part of itself');
  seen.add(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || value.length > LIMITS.nodesPerValue) throw new Violation('the sandbox sent an array that is not plain or too long');
    budget.take(1);
    for (let i = 0; i < value.length; i++) {
      if (!Object.hasOwn(value, i)) throw new Violation('the sandbox sent an array with holes');
      checkStructure(value[i], budget, seen, depth + 1);
    }
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new Violation('the sandbox sent an object that is not plain');
  budget.take(1);
  const keys = Object.keys(value);
  if (keys.length > 64) throw new Violation('the sandbox sent an object with too many fields');
  for (const key of keys) checkStructure((value as Record<string, unknown>)[key], budget, seen, depth + 1);
}

// ---- the exact shape of every message ----
const AnyNumber = v.union([v.number(), v.picklist(SPECIAL_NUMBERS)]);
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Text = v.pipe(v.string(), v.maxLength(LIMITS.textChars + 1));
const RowIndex = v.pipe(v.number(), v.integer(), v.minValue(-1));
const Pair = v.tuple([RowIndex, RowIndex]);

type WireSchema = v.GenericSchema<WireValue>;
const WireValueSchema: WireSchema = v.union([
  AnyNumber,
  v.array(v.lazy(() => WireValueSchema)),
  v.strictObject({ typed: v.picklist(TYPED_ARRAY_NAMES), values: v.array(AnyNumber) }),
  v.strictObject({ opaque: Text }),
]);

const Thrown = v.strictObject({
  isError: v.boolean(),
  type: Text,
  message: Text,
  at: v.optional(v.strictObject({ line: v.pipe(Count, v.minValue(1)), column: Count })),
});
const Evidence = {
  modified: v.optional(v.strictObject({ index: Count, after: WireValueSchema })),
  distanceCalls: v.optional(v.pipe(v.array(v.strictObject({ identity: Pair, content: Pair })), v.maxLength(LIMITS.distanceCalls))),
};
const Place = v.pipe(v.array(Count), v.maxLength(LIMITS.depth + 1));
const Shared = v.strictObject({ kind: v.picklist(['argument', 'repeated', 'earlier']), at: Place, other: v.optional(Place) });
const Outcome = v.variant('kind', [
  v.strictObject({ kind: v.literal('returned'), value: WireValueSchema, shared: v.optional(Shared), ...Evidence }),
  v.strictObject({ kind: v.literal('threw'), thrown: Thrown, ...Evidence }),
  v.strictObject({ kind: v.literal('unsendable'), reason: Text }),
]);
const TYPEOF = ['undefined', 'object', 'boolean', 'number', 'bigint', 'string', 'symbol', 'function', 'uninitialized'] as const;
const Message = v.variant('type', [
  v.strictObject({ type: v.literal('loaded'), exports: v.record(v.string(), v.picklist(TYPEOF)), droppedOutputBytes: Count }),
  v.strictObject({ type: v.literal('load-failed'), thrown: Thrown }),
  v.strictObject({ type: v.literal('call-end'), outcome: Outcome }),
  v.strictObject({ type: v.literal('function-end'), droppedOutputBytes: Count }),
  v.strictObject({ type: v.literal('settled') }),
  v.strictObject({ type: v.literal('output'), text: v.pipe(v.string(), v.maxLength(LIMITS.outputBytesPerFunction)) }),
]);

// ---- rebuilt as the grader's own values ----
const TYPED_ARRAYS: Record<TypedArrayName, { from(values: readonly number[]): ArrayBufferView }> = {
  Float64Array,
  Float32Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
};

/** A wire value as the judge reads it: numbers, arrays, typed arrays, and Opaque for anything else. */
export function fromWire(value: WireValue): unknown {
  if (typeof value === 'number' || typeof value === 'string') return fromWireNumber(value);
  if (Array.isArray(value)) return value.map(fromWire);
  if ('typed' in value) return TYPED_ARRAYS[value.typed].from(value.values.map(fromWireNumber));
  return new Opaque((value as { opaque: string }).opaque);
}

export function thrownFromWire(thrown: v.InferOutput<typeof Thrown>, where?: (at: { line: number; column: number }) => string | undefined): ThrownValue {
  const located = thrown.at && where?.(thrown.at);
  return { isError: thrown.isError, type: thrown.type, message: thrown.message, ...(located ? { where: located } : {}) };
}

/** A deserialized payload as a message, or a Violation that says what was wrong with it. */
export function validateMessage(payload: unknown, budget: RunBudget): FromSandbox {
  checkStructure(payload, budget, new Set(), 0);
  const parsed = v.safeParse(Message, payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    throw new Violation(`the sandbox sent a malformed message (${path ? `${path}: ` : ''}${issue.message})`);
  }
  return parsed.output as FromSandbox;
}
