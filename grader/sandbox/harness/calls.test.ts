// One call, run here directly: arguments are copies checked against originals the function never sees.
import { describe, expect, it } from 'vitest';
import { countingDistance } from '../../cases/counting-distance.ts';
import type { Argument } from '../../types.ts';
import { LIMITS } from '../protocol.ts';
import { callOnce } from './calls.ts';
import { Budget } from './describe.ts';

const budget = () => new Budget(LIMITS.nodesPerValue);
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
      value: 2 * countingDistance(key)([0, 0], [3, 4]),
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
