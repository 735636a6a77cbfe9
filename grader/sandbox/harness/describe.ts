// Inside the sandbox: turns whatever learner code returned or threw into plain data for the wire, without ever
// running learner code. Values are read through own data properties only (no getters, no Proxy traps, no
// toString), with a budget on their size, and a value that contains itself is refused.
import { types } from 'node:util';
import { LIMITS, lessonSourceName, TYPED_ARRAY_NAMES, toWireNumber, type TypedArrayName, type WireNumber, type WireThrown, type WireValue } from '../protocol.ts';

const { isProxy, isPromise, isNativeError, isTypedArray, isMap, isSet, isDate, isRegExp, isArrayBuffer, isDataView, isWeakMap, isWeakSet } = types;
const ownDescriptor = Reflect.getOwnPropertyDescriptor;
const prototypeOf = Reflect.getPrototypeOf;
const typedArrayPrototype = prototypeOf(Uint8Array.prototype) as object;
const typedArrayLength = ownDescriptor(typedArrayPrototype, 'length')!.get!;
const typedArrayName = ownDescriptor(typedArrayPrototype, Symbol.toStringTag)!.get!;
const apply = Reflect.apply;
const isArray = Array.isArray;
const TYPED_NAMES: ReadonlySet<string> = new Set(TYPED_ARRAY_NAMES);

export class TooLarge extends Error {}
export class ContainsItself extends Error {}

/** Counts the numbers, arrays and other items of the values one call produces. */
export class Budget {
  private used = 0;
  constructor(private readonly limit: number) {}
  take(count: number): void {
    this.used += count;
    if (this.used > this.limit) throw new TooLarge();
  }
  /** Refuses, before anything is allocated, a container with more items than the budget has left. */
  fits(count: number): void {
    if (this.used + count > this.limit) throw new TooLarge();
  }
}

const clip = (text: string) => (text.length > LIMITS.textChars ? `${text.slice(0, LIMITS.textChars)}…` : text);

/** A primitive in words; only ever called on primitives, so no learner code can run. */
function describePrimitive(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'bigint') return `the bigint ${clip(String(value))}n`;
  if (typeof value === 'symbol') return 'a symbol';
  return `a ${typeof value}`;
}

/** An object in words, from what the engine knows about it, never from its own properties. */
function describeObject(value: object): string {
  if (isProxy(value)) return 'a Proxy';
  if (typeof value === 'function') return 'a function';
  if (isPromise(value)) return 'a Promise';
  if (isMap(value) || isWeakMap(value)) return 'a Map';
  if (isSet(value) || isWeakSet(value)) return 'a Set';
  if (isDate(value)) return 'a Date';
  if (isRegExp(value)) return 'a RegExp';
  if (isNativeError(value)) return 'an Error';
  if (isArrayBuffer(value)) return 'an ArrayBuffer';
  if (isDataView(value)) return 'a DataView';
  if (isTypedArray(value)) return `a ${apply(typedArrayName, value, []) as string}`;
  return 'an object';
}

function encodeTypedArray(value: ArrayLike<number>, budget: Budget): WireValue {
  const name = apply(typedArrayName, value, []) as string;
  const length = apply(typedArrayLength, value, []) as number;
  if (!TYPED_NAMES.has(name)) return { opaque: `a ${name}` };
  budget.take(length);
  const values: WireNumber[] = new Array(length);
  // Indexed reads of a typed array never reach its prototype or a getter.
  for (let i = 0; i < length; i++) values[i] = toWireNumber(value[i]);
  return { typed: name as TypedArrayName, values };
}

/** Told of every array (typed or not) met in a returned value, with its place in it and its length, as the encoding walks it. */
export interface ArrayWatch {
  meet(array: object, at: readonly number[], length: number): void;
}

function encode(value: unknown, budget: Budget, ancestors: Set<object>, depth: number, watch?: ArrayWatch, at: number[] = []): WireValue {
  if (typeof value === 'number') {
    budget.take(1);
    return toWireNumber(value);
  }
  // Everything else counts one item too (an array, a hole, a string …), and an array's items each their own.
  budget.take(1);
  if (typeof value !== 'object' && typeof value !== 'function') return { opaque: describePrimitive(value) };
  if (value === null) return { opaque: 'null' };
  if (isProxy(value) || !isArray(value)) {
    if (!isTypedArray(value) || isProxy(value)) return { opaque: describeObject(value) };
    watch?.meet(value, at, apply(typedArrayLength, value, []) as number);
    return encodeTypedArray(value as unknown as ArrayLike<number>, budget);
  }
  if (ancestors.has(value)) throw new ContainsItself();
  watch?.meet(value, at, value.length);
  if (depth >= LIMITS.depth) return { opaque: `arrays nested more than ${LIMITS.depth} deep` };
  // `length` of a real array is always an own data property, so reading it runs no code.
  const length = value.length;
  budget.fits(length);
  ancestors.add(value);
  const items: WireValue[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const slot = ownDescriptor(value, i);
    if (slot && 'value' in slot) {
      at.push(i);
      items[i] = encode(slot.value, budget, ancestors, depth + 1, watch, at);
      at.pop();
    } else {
      budget.take(1);
      items[i] = { opaque: slot ? 'a getter' : 'an empty slot' };
    }
  }
  ancestors.delete(value);
  return items;
}

/** The value as wire data; throws TooLarge or ContainsItself. */
export function encodeValue(value: unknown, budget: Budget, watch?: ArrayWatch): WireValue {
  return encode(value, budget, new Set(), 0, watch);
}

/**
 * The built-in prototypes an Error inherits from. --frozen-intrinsics turns their properties into accessors
 * of Node's own that return the frozen value: those getters are safe to call, and the only ones called.
 */
const BUILT_IN_PROTOTYPES: ReadonlySet<object> = new Set(
  [Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError, AggregateError, Object].map((type) => type.prototype),
);

/** A property found on the object or its prototypes; a learner's getter or Proxy is never touched. */
function safeProperty(object: object, key: string): unknown {
  for (let current: object | null = object; current !== null && !isProxy(current); current = prototypeOf(current)) {
    const slot = ownDescriptor(current, key);
    if (!slot) continue;
    if ('value' in slot) return slot.value;
    return BUILT_IN_PROTOTYPES.has(current) && slot.get ? apply(slot.get, object, []) : undefined;
  }
  return undefined;
}

/** An Error, or an object that inherits from Error.prototype the old way (mathjs's DimensionError does). */
function isErrorLike(value: object): boolean {
  if (isNativeError(value)) return true;
  for (let current: object | null = value; current !== null && !isProxy(current); current = prototypeOf(current)) {
    if (current === Error.prototype) return true;
  }
  return false;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? clip(value) : fallback);

/**
 * `at f (lesson-2.js:12:5)` or `at lesson-2.js:12:5`: a frame in the code of the lesson file `unit` (loaded as
 * `lessonSourceName(unit)`). Made before the lockdown, one per lesson file the sandbox runs.
 */
export const lessonFrame = (unit: number) => new RegExp(`[( ]${lessonSourceName(unit).replace('.', '\\.')}:(\\d+):(\\d+)\\)?$`, 'm');

/** The innermost frame of `stack` in the running lesson file's own code (`frame`, from `lessonFrame`). */
function whereIn(stack: unknown, frame: RegExp): WireThrown['at'] {
  if (typeof stack !== 'string') return undefined;
  const match = frame.exec(stack.slice(0, 20_000));
  return match ? { line: Number(match[1]), column: Number(match[2]) - 1 } : undefined;
}

/**
 * A thrown value as wire data. Reading an Error's stack makes the engine format it, which may call a getter
 * the learner put on the error: harmless here, since the arguments were checked before (calls.ts).
 */
export function describeThrown(thrown: unknown, frame: RegExp): WireThrown {
  try {
    return describe(thrown, frame);
  } catch {
    return { isError: false, type: 'unknown', message: 'a thrown value that could not even be described' };
  }
}

function describe(thrown: unknown, frame: RegExp): WireThrown {
  if (typeof thrown !== 'object' && typeof thrown !== 'function') {
    return { isError: false, type: thrown === null ? 'null' : typeof thrown, message: typeof thrown === 'string' ? clip(thrown) : describePrimitive(thrown) };
  }
  if (thrown === null) return { isError: false, type: 'null', message: 'null' };
  if (!isErrorLike(thrown)) return { isError: false, type: 'object', message: describeObject(thrown) };
  const at = whereIn(safeProperty(thrown, 'stack'), frame);
  return {
    isError: true,
    type: text(safeProperty(thrown, 'name'), 'Error'),
    message: text(safeProperty(thrown, 'message'), ''),
    ...(at ? { at } : {}),
  };
}
