// Inside the sandbox: one call of a learner function. Each call gets fresh copies of its arguments; the
// originals stay here, out of the learner's reach, and are what the copies are checked against when the call
// returns. Then the copies are frozen: what a call leaves running can no longer change them (an attempt
// throws inside the learner's own code), so an argument is unchanged from the moment its call returns. The
// one exception: copies kept for the next call to reuse (see `rewrite`), which no learner code can reach in
// between, since calls follow each other without a turn of the event loop.
import { types } from 'node:util';
import { sha256 } from '@noble/hashes/sha2.js';
import { countingDistance, isCountingStandIn, type Distance } from '../../cases/counting-distance.ts';
import type { Argument } from '../../types.ts';
import { LIMITS, type WireDistanceCall, type WireModified, type WireOutcome, type WireShared } from '../protocol.ts';
import { Budget, ContainsItself, TooLarge, describeThrown, encodeValue, type ArrayWatch } from './describe.ts';

const ownDescriptor = Reflect.getOwnPropertyDescriptor;
const ownKeys = Reflect.ownKeys;
const prototypeOf = Reflect.getPrototypeOf;
const isExtensible = Reflect.isExtensible;
const freeze = Object.freeze;
const isFrozen = Object.isFrozen;
const arrayPrototype = Array.prototype;
const apply = Reflect.apply;
const isArray = Array.isArray;
const sameValue = Object.is;
const { isPromise } = types;


/** An argument as handed to the learner, with the arrays it was built from, to check identity later. */
interface Handed {
  readonly live: unknown;
  readonly isArray?: true;
  /**
   * For an array that holds arrays: what was placed in each slot. A row of numbers has none: its items are
   * checked against the original's directly, without a record per number (the searches hand over thousands).
   */
  readonly slots?: readonly Handed[];
}

/** The copies one call is handed, and where each array among them sits in the arguments (argument, row). */
interface Handing {
  readonly handed: readonly Handed[];
  readonly places: ReadonlyMap<object, readonly number[]>;
  /** Whether one copy stands in two places: then new numbers cannot be written in place (see `rewrite`). */
  readonly shared: boolean;
}

/** Copies being made for one call: where each sits in the arguments, and each original's copy. */
interface Copying {
  readonly places: Map<object, readonly number[]>;
  readonly copies: Map<object, Handed>;
  shared: boolean;
}

/**
 * Copies an argument for one call. An array that stands in two places of the arguments (a caller passing the
 * same vector twice) is one copy in both places too, as the caller's would be.
 */
function hand(original: unknown, copying: Copying, at: readonly number[]): Handed {
  if (!isArray(original)) return { live: original };
  const copied = copying.copies.get(original);
  if (copied) {
    copying.shared = true;
    return copied;
  }
  const items = original as unknown[];
  let live: unknown[];
  let handed: Handed;
  if (items.some(isArray)) {
    // A place is made for arrays only: a row of numbers needs none for its numbers.
    const slots = items.map((item, i) => (isArray(item) ? hand(item, copying, [...at, i]) : { live: item }));
    live = slots.map((slot) => slot.live);
    handed = { live, isArray: true, slots };
  } else {
    live = [];
    for (let i = 0; i < items.length; i++) live.push(items[i]);
    handed = { live, isArray: true };
  }
  copying.places.set(live, at);
  copying.copies.set(original, handed);
  return handed;
}

function handAll(originals: readonly Argument[]): Handing {
  const copying: Copying = { places: new Map(), copies: new Map(), shared: false };
  const handed = originals.map((original, i) => (isCountingStandIn(original) ? { live: undefined } : hand(original, copying, [i])));
  return { handed, places: copying.places, shared: copying.shared };
}

/**
 * Writes new numbers into the very arrays an earlier call was handed, as a caller reusing its arrays would.
 * Only done when that call left them exactly as handed (plain writable data slots, so no learner code runs) and
 * when the numbers have the same shape; false otherwise, and then fresh copies are handed instead.
 */
function rewrite(handed: Handed, original: unknown): boolean {
  const live = handed.live as unknown[];
  if (!handed.isArray || !isArray(original) || original.length !== live.length) return false;
  for (let i = 0; i < original.length; i++) {
    const slot = handed.slots?.[i];
    if (slot?.isArray ? !rewrite(slot, original[i]) : isArray(original[i])) return false;
    if (!slot?.isArray) live[i] = original[i];
  }
  return true;
}

/**
 * The kept copies with the new arguments written in: arrays in place, numbers (k) as they are. Undefined when
 * they cannot be: the kept copies are then frozen like any others, since a partial rewrite may have begun.
 */
function rewriteAll(kept: Handing, originals: readonly Argument[]): Handing | undefined {
  const rewritten = (): Handed[] | undefined => {
    if (kept.shared || kept.handed.length !== originals.length) return undefined;
    const handed: Handed[] = [];
    for (let i = 0; i < originals.length; i++) {
      const [before, after] = [kept.handed[i], originals[i]];
      if (isCountingStandIn(after)) {
        if (before.live !== undefined) return undefined;
        handed.push(before);
      } else if (!isArray(after)) {
        if (before.isArray) return undefined;
        handed.push({ live: after });
      } else {
        if (!rewrite(before, after)) return undefined;
        handed.push(before);
      }
    }
    return handed;
  };
  let handed: Handed[] | undefined;
  try {
    handed = rewritten();
  } catch {
    handed = undefined; // never expected: the copies were checked to be plain writable arrays
  }
  if (!handed) freezeAll(kept.handed);
  return handed && { ...kept, handed };
}

/**
 * Whether the learner's copy is still exactly what it was handed: the same array objects, an ordinary
 * prototype, still extensible with a writable length, no property added, removed or redefined, the same
 * numbers. These are real arrays of the harness's own, so no learner code (getter, Proxy trap) runs while
 * they are read.
 */
function unchanged(value: unknown, handed: Handed, original: unknown, checked: Set<Handed>): boolean {
  if (!handed.isArray) return sameValue(value, original);
  if (value !== handed.live) return false;
  // A copy that stands in two places (one original array passed twice) is checked once.
  if (checked.has(handed)) return true;
  checked.add(handed);
  const live = handed.live as unknown[];
  const originals = original as unknown[];
  if (prototypeOf(live) !== arrayPrototype || !isExtensible(live) || !ownDescriptor(live, 'length')!.writable) return false;
  // An array's length is always an own data property: reading it runs no code. Its keys: indices and length.
  if (live.length !== originals.length || ownKeys(live).length !== originals.length + 1) return false;
  for (let i = 0; i < originals.length; i++) {
    const slot = ownDescriptor(live, i);
    if (!slot || !('value' in slot) || !slot.writable || !slot.enumerable || !slot.configurable) return false;
    if (handed.slots ? !unchanged(slot.value, handed.slots[i], originals[i], checked) : !sameValue(slot.value, originals[i])) return false;
  }
  return true;
}

/** Freezes the handed copies, rows first, each once. */
function freezeHanded(handed: Handed, frozen: Set<Handed>): void {
  if (!handed.isArray || frozen.has(handed)) return;
  frozen.add(handed);
  for (const slot of handed.slots ?? []) freezeHanded(slot, frozen);
  freeze(handed.live);
}

function freezeAll(handed: readonly Handed[]): void {
  const frozen = new Set<Handed>();
  for (const item of handed) freezeHanded(item, frozen);
}

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
    if (isCountingStandIn(call.originals[i]) || unchanged(call.handed[i].live, call.handed[i], call.originals[i], new Set())) continue;
    try {
      return { index: i, after: encodeValue(call.handed[i].live, budget) };
    } catch {
      return { index: i, after: { opaque: 'a value too large to show' } };
    }
  }
  return undefined;
}

/**
 * Watches a returned value for arrays that are not its own: an argument's (or one of its rows), one array in
 * two places, or an array an earlier call returned. A caller writing into such a result would change its
 * input, another row, or an earlier answer. A frozen array cannot be written into, so it may be shared.
 */
class Sharing implements ArrayWatch {
  found: WireShared | undefined;
  private readonly met = new Map<object, readonly number[]>();
  constructor(
    private readonly places: ReadonlyMap<object, readonly number[]>,
    private readonly returnedBefore: WeakSet<object>,
  ) {}
  meet(array: object, at: readonly number[], length: number): void {
    if (this.found) return;
    const argument = this.places.get(array);
    if (argument) this.found = { kind: 'argument', at: [...at], other: argument };
    // Nobody can write into a frozen array, nor (without growing it) into an empty one such as a shared `[]`.
    else if (isFrozen(array) || length === 0) return;
    else if (this.met.has(array)) this.found = { kind: 'repeated', at: [...at], other: this.met.get(array)! };
    else if (this.returnedBefore.has(array)) this.found = { kind: 'earlier', at: [...at] };
    else this.met.set(array, [...at]);
  }
  /** The arrays of this result: the next calls must return others. */
  remember(): void {
    for (const array of this.met.keys()) this.returnedBefore.add(array);
  }
}

export interface CallOptions {
  /** Hand this call the previous call's arrays, rewritten in place to the new numbers (see `rewrite`). */
  readonly reuse?: boolean;
  /** The next call will reuse this call's arrays: leave them unfrozen. */
  readonly keep?: boolean;
}

/** Calls one function, case after case, remembering across calls what it returned and the arrays a next call reuses. */
export class Caller {
  private readonly returnedBefore = new WeakSet<object>();
  private kept: Handing | undefined;
  /** `frame` finds, in a thrown Error's stack, where in the lesson file's code it was thrown (describe.ts). */
  constructor(
    private readonly fn: (...args: unknown[]) => unknown,
    private readonly frame: RegExp,
  ) {}

  /** Calls the function once on copies of `originals`; describes what happened without running learner code. */
  call(originals: readonly Argument[], budget: Budget, { reuse = false, keep = false }: CallOptions = {}): WireOutcome {
    const handing = (reuse && this.kept && rewriteAll(this.kept, originals)) || handAll(originals);
    this.kept = undefined;
    const { handed } = handing;
    const log: WireDistanceCall[] = [];
    let counted = false;
    const live = handed.map((item, i) => {
      const original = originals[i];
      if (!isCountingStandIn(original)) return item.live;
      counted = true;
      // Frozen: a function argument is the caller's too, and nothing may be added to it or changed on it.
      return freeze(loggingDistance(countingDistance(original.key, sha256), handed[0], originals[0] as readonly (readonly number[])[], log));
    });
    let value: unknown;
    let threw = false;
    try {
      value = apply(this.fn, undefined, live);
    } catch (thrown) {
      value = thrown;
      threw = true;
    }
    // Arguments first: describing a thrown Error may read its stack, and nothing may run before this check.
    const modified = findModified({ originals, handed }, budget);
    // Kept for the next call only when nothing of the learner's can run before it: describing a thrown value
    // may run a getter of theirs, which could reach the copies.
    if (keep && !modified && !threw) this.kept = handing;
    else freezeAll(handed);
    const extra = { ...(modified ? { modified } : {}), ...(counted ? { distanceCalls: log } : {}) };
    if (threw) return { kind: 'threw', thrown: describeThrown(value, this.frame), ...extra };
    if (typeof value === 'function') return { kind: 'unsendable', reason: 'returned a function instead of a value' };
    if (isPromise(value)) return { kind: 'unsendable', reason: 'returned a Promise: exercise functions must be synchronous (remove `async`)' };
    if (value === undefined) return { kind: 'returned', value: { opaque: 'undefined (is a `return` missing?)' }, ...extra };
    const sharing = new Sharing(handing.places, this.returnedBefore);
    try {
      const encoded = encodeValue(value, budget, sharing);
      sharing.remember();
      return { kind: 'returned', value: encoded, ...extra, ...(sharing.found ? { shared: sharing.found } : {}) };
    } catch (error) {
      if (error instanceof ContainsItself) return { kind: 'unsendable', reason: 'returned an array that contains itself' };
      if (error instanceof TooLarge) return { kind: 'unsendable', reason: `returned more than ${LIMITS.nodesPerValue} numbers and arrays (counting every repeat of a shared array)` };
      throw error;
    }
  }
}
