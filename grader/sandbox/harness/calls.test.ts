// One call, run here directly: arguments are copies checked against originals the function never sees.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { countingDistance } from '../../cases/counting-distance.ts';
import type { Argument } from '../../types.ts';
import { LIMITS } from '../protocol.ts';
import { Caller } from './calls.ts';
import { Budget, lessonFrame } from './describe.ts';

const FRAME = lessonFrame(0);
const budget = () => new Budget(LIMITS.nodesPerValue);
/** One call on fresh copies, by a caller of its own. */
const callOnce = (fn: (...args: unknown[]) => unknown, originals: readonly Argument[], budget: Budget) => new Caller(fn, FRAME).call(originals, budget);
const call = (fn: (...args: never[]) => unknown, ...args: Argument[]) => ({ outcome: callOnce(fn as (...args: unknown[]) => unknown, args, budget()) });

describe('callOnce', () => {
  it('hands the function copies: the originals stay as they were', () => {
    const rows = [[3, 4]];
    const { outcome } = call((v: number[][]) => {
      v[0][0] = 9;
      return 1;
    }, rows);
    expect(rows).toEqual([[3, 4]]);
    expect(outcome).toEqual({ kind: 'returned', value: 1, modified: { index: 0, after: [[9, 4]] } });
  });

  it('sees changes that are not values: a property added, a prototype swapped, a row frozen', () => {
    const change = (mutate: (v: number[][]) => void) => call((v: number[][]) => (mutate(v), 0), [[1, 2]]).outcome;
    for (const mutate of [
      (v: number[][]) => Object.assign(v, { extra: 1 }),
      (v: number[][]) => Object.setPrototypeOf(v[0], null),
      (v: number[][]) => Object.freeze(v[0]),
      (v: number[][]) => Object.defineProperty(v, 'length', { writable: false }),
    ]) {
      expect(change(mutate)).toMatchObject({ kind: 'returned', modified: { index: 0 } });
    }
  });

  it('freezes the copies once the call returns: what it leaves running cannot change them', () => {
    let keep: number[][] = [];
    const { outcome } = call((v: number[][]) => {
      keep = v;
      return 0;
    }, [[1, 2]]);
    expect(outcome).toEqual({ kind: 'returned', value: 0 });
    expect(() => {
      keep[0][1] = 5;
    }).toThrow(TypeError);
    expect(() => keep.push([3])).toThrow(TypeError);
    expect(keep).toEqual([[1, 2]]);
  });

  it('turns the counting stand-in into the keyed counting distance, logging each call by identity and content', () => {
    const rows = [[0, 0], [3, 4]];
    const key = 'ab'.repeat(16);
    const { outcome } = call((v: number[][], d: (a: number[], b: number[]) => number) => d(v[0], v[1]) + d([3, 4], v[0]), rows, { $sandbox: 'counting-distance', key });
    expect(outcome).toEqual({
      kind: 'returned',
      value: 2 * countingDistance(key, sha256)([0, 0], [3, 4]),
      distanceCalls: [
        { identity: [0, 1], content: [0, 1] },
        { identity: [-1, 0], content: [1, 0] },
      ],
    });
  });

  it('checks the arguments before reading a thrown Error, so a getter run then cannot hide a change', () => {
    const saved: number[][] = [];
    const { outcome } = call((v: number[]) => {
      saved.push([...v]);
      v[0] = 7;
      const error = new Error('thrown');
      Object.defineProperty(error, 'name', { get: () => (v.splice(0, v.length, ...saved[0]), 'Error') });
      throw error;
    }, [1, 2]);
    expect(outcome).toMatchObject({ kind: 'threw', modified: { index: 0, after: [7, 2] } });
  });

  it('reports a throw, a Promise and a function without reading them', () => {
    expect(call(() => {
      throw new TypeError('no');
    }).outcome).toMatchObject({ kind: 'threw', thrown: { isError: true, type: 'TypeError', message: 'no' } });
    expect(call(async () => 1).outcome).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/Promise/) });
    expect(call(() => () => 1).outcome).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/function/) });
    expect(call(() => undefined).outcome).toEqual({ kind: 'returned', value: { opaque: 'undefined (is a `return` missing?)' } });
  });
});

describe('Caller: what a result shares', () => {
  const first = (fn: (...args: never[]) => unknown, ...args: Argument[]) => new Caller(fn as (...args: unknown[]) => unknown, FRAME).call(args, budget());

  it('names an argument’s own array in the result, with where it sits in each', () => {
    const normalizeKeepingZeros = (rows: number[][]) => rows.map((row) => (row.every((x) => x === 0) ? row : row.map((x) => x / 2)));
    expect(first(normalizeKeepingZeros, [[2, 2], [0, 0]])).toMatchObject({ kind: 'returned', value: [[1, 1], [0, 0]], shared: { kind: 'argument', at: [1], other: [0, 1] } });
    expect(first((a: number[]) => a, [1, 2])).toMatchObject({ shared: { kind: 'argument', at: [], other: [0] } });
    expect(first((_a: number[], b: number[]) => [b], [1], [2])).toMatchObject({ shared: { kind: 'argument', at: [0], other: [1] } });
  });

  it('names one array in two places of the result, but not a frozen one, which nobody can write into', () => {
    expect(first(() => {
      const zeros = [0, 0];
      return [zeros, [1, 1], zeros];
    })).toMatchObject({ shared: { kind: 'repeated', at: [2], other: [0] } });
    const typed = new Float64Array(2);
    expect(first(() => [typed, typed])).toMatchObject({ shared: { kind: 'repeated', at: [1], other: [0] } });
    const frozen = Object.freeze([0, 0]);
    expect(first(() => [frozen, frozen])).toEqual({ kind: 'returned', value: [[0, 0], [0, 0]] });
    const none: number[] = [];
    expect(first(() => [none, none])).toEqual({ kind: 'returned', value: [[], []] });
  });

  it('names an array an earlier call returned, and nothing in fresh results', () => {
    const kept = [1, 2];
    const caller = new Caller(() => kept, FRAME);
    expect(caller.call([], budget())).toEqual({ kind: 'returned', value: [1, 2] });
    expect(caller.call([], budget())).toMatchObject({ shared: { kind: 'earlier', at: [] } });
    const empty: number[] = [];
    const shared = new Caller(() => empty, FRAME);
    shared.call([], budget());
    expect(shared.call([], budget())).toEqual({ kind: 'returned', value: [] });
    const fresh = new Caller(() => [[1], [2]], FRAME);
    expect(fresh.call([], budget())).toEqual({ kind: 'returned', value: [[1], [2]] });
    expect(fresh.call([], budget())).toEqual({ kind: 'returned', value: [[1], [2]] });
  });
});

describe('Caller: the same array twice', () => {
  it('hands one copy where the caller passed one array in two places, and two where it passed two', () => {
    const v = [1, 2];
    let same: boolean[] = [];
    const outcome = callOnce(((a: number[], rows: number[][]) => ((same = [a === rows[0], rows[0] === rows[1], a === rows[2]]), 0)) as never, [v, [v, v, [1, 2]]], budget());
    expect(outcome).toEqual({ kind: 'returned', value: 0 });
    expect(same).toEqual([true, true, false]);
  });

  it('sees a change to an array passed many times, and freezes it after the call', () => {
    const v = [1, 2];
    let kept: number[][] = [];
    const outcome = callOnce(((rows: number[][]) => ((kept = rows), (rows[2][1] = 5), 0)) as never, [[v, [3, 4], v, v]], budget());
    expect(outcome).toMatchObject({ kind: 'returned', modified: { index: 0, after: [[1, 5], [3, 4], [1, 5], [1, 5]] } });
    expect(Object.isFrozen(kept[0]) && Object.isFrozen(kept[3]) && Object.isFrozen(kept)).toBe(true);
  });

  it('names a result row that repeats another for the same input vector', () => {
    const v = [1, 2];
    const rowsPerVector = (rows: number[][]) => {
      const made = new Map<number[], number[]>();
      return rows.map((row) => made.get(row) ?? (made.set(row, [row[0]]), made.get(row)!));
    };
    expect(callOnce(rowsPerVector as never, [[v, v]], budget())).toMatchObject({ shared: { kind: 'repeated', at: [1], other: [0] } });
  });
});

describe('Caller: the same arrays again', () => {
  it('hands a call marked reuse the previous call’s arrays, with the new numbers written in', () => {
    const seen: number[][][] = [];
    const caller = new Caller((rows: unknown) => (seen.push(rows as number[][]), (rows as number[][]).map((row) => row[0])), FRAME);
    caller.call([[[1, 2], [3, 4]]], budget(), { keep: true });
    expect(caller.call([[[5, 6], [7, 8]]], budget(), { reuse: true })).toEqual({ kind: 'returned', value: [5, 7] });
    expect(seen[1]).toBe(seen[0]);
    expect(seen[1][1]).toBe(seen[0][1]);
    expect(seen[0]).toEqual([[5, 6], [7, 8]]);
    expect(Object.isFrozen(seen[1][0])).toBe(true);
  });

  it('hands a number argument (k) its new value, with the arrays rewritten in place', () => {
    const seen: unknown[][] = [];
    const caller = new Caller((...args: unknown[]) => (seen.push(args), 0), FRAME);
    caller.call([[1, 0], [[1, 1], [0, 1]], 2], budget(), { keep: true });
    expect(caller.call([[0, 1], [[1, 1], [0, 1]], 1], budget(), { reuse: true })).toEqual({ kind: 'returned', value: 0 });
    expect(seen[1][2]).toBe(1);
    expect(seen[1][0]).toBe(seen[0][0]);
    expect(seen[1][0]).toEqual([0, 1]);
  });

  it('keeps nothing from a call that threw: describing what it threw may run the learner’s code, which could reach the copies', () => {
    let stash: unknown[] = [];
    class Sneaky extends Error {
      override get name() {
        stash.forEach((item) => Object.freeze(item));
        return 'Sneaky';
      }
    }
    const seen: unknown[] = [];
    const caller = new Caller((v: unknown) => {
      seen.push(v);
      if (seen.length === 1) {
        stash = [v];
        throw new Sneaky('no');
      }
      return 0;
    }, FRAME);
    expect(caller.call([[1, 2]], budget(), { keep: true })).toMatchObject({ kind: 'threw' });
    expect(caller.call([[3, 4]], budget(), { reuse: true })).toEqual({ kind: 'returned', value: 0 });
    expect(seen[1]).not.toBe(seen[0]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  it('hands fresh copies when the earlier call changed its arrays, or the shapes differ, or nothing was kept', () => {
    const seen: unknown[] = [];
    const changing = new Caller((v: unknown) => (seen.push(v), (v as number[]).push(9), 0), FRAME);
    changing.call([[1, 2]], budget(), { keep: true });
    changing.call([[3, 4]], budget(), { reuse: true });
    expect(seen[1]).not.toBe(seen[0]);
    const reshaped = new Caller((v: unknown) => (seen.push(v), 0), FRAME);
    reshaped.call([[1, 2]], budget(), { keep: true });
    reshaped.call([[1, 2, 3]], budget(), { reuse: true });
    expect(seen[3]).not.toBe(seen[2]);
    reshaped.call([[1, 2]], budget());
    reshaped.call([[3, 4]], budget(), { reuse: true });
    expect(seen[5]).not.toBe(seen[4]);
    expect(Object.isFrozen(seen[4])).toBe(true);
  });
});
