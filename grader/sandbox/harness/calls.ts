// Inside the sandbox: one call of a learner function. Each call gets fresh copies of its arguments; the
// originals stay here, out of the learner's reach, and are what the copies are checked against when the call
// returns. Then the copies are frozen: what a call leaves running can no longer change them (an attempt
// throws inside the learner's own code), so an argument is unchanged from the moment its call returns.
import { types } from 'node:util';
import { countingDistance, type Distance } from '../../cases/counting-distance.ts';
import type { Argument, CountingDistance } from '../../types.ts';
import { LIMITS, type WireDistanceCall, type WireModified, type WireOutcome } from '../protocol.ts';
import { Budget, ContainsItself, TooLarge, describeThrown, encodeValue } from './describe.ts';

const ownDescriptor = Reflect.getOwnPropertyDescriptor;
const ownKeys = Reflect.ownKeys;
const prototypeOf = Reflect.getPrototypeOf;
const isExtensible = Reflect.isExtensible;
const freeze = Object.freeze;
const arrayPrototype = Array.prototype;
const apply = Reflect.apply;
const isArray = Array.isArray;
const sameValue = Object.is;
const { isPromise } = types;

/** An argument as handed to the learner, with the arrays it was built from, to check identity later. */
interface Handed {
  readonly live: unknown;
  /** For an array: the very array objects placed in each slot. */
  readonly slots?: readonly Handed[];
}

function hand(original: unknown): Handed {
  if (!isArray(original)) return { live: original };
  const slots = (original as unknown[]).map(hand);
  return { live: slots.map((slot) => slot.live), slots };
}

/**
 * Whether the learner's copy is still exactly what it was handed: the same array objects, an ordinary
 * prototype, still extensible with a writable length, no property added, removed or redefined, the same
 * numbers. These are real
 * arrays of the harness's own, so no learner code (getter, Proxy trap) runs while they are read.
 */
function unchanged(value: unknown, handed: Handed, original: unknown): boolean {
  if (!handed.slots) return sameValue(value, original);
  if (value !== handed.live) return false;
  const live = handed.live as unknown[];
  const originals = original as unknown[];
  if (prototypeOf(live) !== arrayPrototype || !isExtensible(live) || !ownDescriptor(live, 'length')!.writable) return false;
  // An array's length is always an own data property: reading it runs no code. Its keys: indices and length.
  if (live.length !== originals.length || ownKeys(live).length !== originals.length + 1) return false;
  for (let i = 0; i < originals.length; i++) {
    const slot = ownDescriptor(live, i);
    if (!slot || !('value' in slot) || !slot.writable || !slot.enumerable || !slot.configurable) return false;
    if (!unchanged(slot.value, handed.slots[i], originals[i])) return false;
  }
  return true;
}

/** Freezes the handed copies, rows first. */
function freezeHanded(handed: Handed): void {
  for (const slot of handed.slots ?? []) freezeHanded(slot);
  if (handed.slots) freeze(handed.live);
}

const isCountingStandIn = (arg: unknown): arg is CountingDistance => typeof arg === 'object' && arg !== null && !isArray(arg) && '$sandbox' in arg;

/** The grader's distance: logs which rows it was given, by identity and by content, and returns its value. */
function loggingDistance(distance: Distance, handedRows: Handed, originalRows: readonly (readonly number[])[], log: WireDistanceCall[]) {
  const rows = handedRows.live as readonly unknown[];
  const identityOf = (v: unknown) => {
    for (let i = 0; i < rows.length; i++) if (v === rows[i]) return i;
    return -1;
  };
  const contentOf = (v: readonly number[]) => {
    for (let i = 0; i < originalRows.length; i++) {
      const row = originalRows[i];
      if (isArray(v) && v.length === row.length && row.every((x, k) => sameValue(v[k], x))) return i;
    }
    return -1;
  };
  return (a: readonly number[], b: readonly number[]): number => {
    if (log.length < LIMITS.distanceCalls) log.push({ identity: [identityOf(a), identityOf(b)], content: [contentOf(a), contentOf(b)] });
    return distance(a, b);
  };
}

interface HandedCall {
  readonly originals: readonly Argument[];
  readonly handed: readonly Handed[];
}

/** The first argument whose copy no longer matches its original, as the call left it. */
function findModified(call: HandedCall, budget: Budget): WireModified | undefined {
  for (let i = 0; i < call.originals.length; i++) {
    if (isCountingStandIn(call.originals[i]) || unchanged(call.handed[i].live, call.handed[i], call.originals[i])) continue;
    try {
      return { index: i, after: encodeValue(call.handed[i].live, budget) };
    } catch {
      return { index: i, after: { opaque: 'a value too large to show' } };
    }
  }
  return undefined;
}

/** Calls `fn` once on fresh copies of `originals`; describes what happened without running learner code. */
export function callOnce(fn: (...args: unknown[]) => unknown, originals: readonly Argument[], budget: Budget): WireOutcome {
  const log: WireDistanceCall[] = [];
  let counted = false;
  const handed = originals.map((original) => (isCountingStandIn(original) ? { live: undefined } : hand(original)));
  const live = handed.map((item, i) => {
    const original = originals[i];
    if (!isCountingStandIn(original)) return item.live;
    counted = true;
    // Frozen: a function argument is the caller's too, and nothing may be added to it or changed on it.
    return freeze(loggingDistance(countingDistance(original.key), handed[0], originals[0] as readonly (readonly number[])[], log));
  });
  const call = { originals, handed };
  let value: unknown;
  let threw = false;
  try {
    value = apply(fn, undefined, live);
  } catch (thrown) {
    value = thrown;
    threw = true;
  }
  // Arguments first: describing a thrown Error may read its stack, and nothing may run before this check.
  const modified = findModified(call, budget);
  for (const item of handed) freezeHanded(item);
  const extra = { ...(modified ? { modified } : {}), ...(counted ? { distanceCalls: log } : {}) };
  if (threw) return { kind: 'threw', thrown: describeThrown(value), ...extra };
  if (typeof value === 'function') return { kind: 'unsendable', reason: 'returned a function instead of a value' };
  if (isPromise(value)) return { kind: 'unsendable', reason: 'returned a Promise: exercise functions must be synchronous (remove `async`)' };
  try {
    return { kind: 'returned', value: value === undefined ? { opaque: 'undefined (is a `return` missing?)' } : encodeValue(value, budget), ...extra };
  } catch (error) {
    if (error instanceof ContainsItself) return { kind: 'unsendable', reason: 'returned an array that contains itself' };
    if (error instanceof TooLarge) return { kind: 'unsendable', reason: `returned more than ${LIMITS.nodesPerValue} numbers and arrays (counting every repeat of a shared array)` };
    throw error;
  }
}
