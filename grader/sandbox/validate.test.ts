import { describe, expect, it } from 'vitest';
import { Opaque } from '../types.ts';
import { LIMITS } from './protocol.ts';
import { RunBudget, Violation, fromWire, validateMessage } from './validate.ts';

const valid = (payload: unknown) => validateMessage(payload, new RunBudget());
const violation = (payload: unknown, budget = new RunBudget()) => {
  try {
    validateMessage(payload, budget);
  } catch (error) {
    if (error instanceof Violation) return error.message;
    throw error;
  }
  throw new Error('expected a violation');
};

describe('validateMessage', () => {
  it('accepts every message of the protocol, NaN, −0 and infinities included (as the words JSON carries them in)', () => {
    const messages = [
      { type: 'loaded', exports: { dot: 'function', x: 'uninitialized' }, droppedOutputBytes: 0 },
      { type: 'load-failed', thrown: { isError: true, type: 'TypeError', message: 'x', at: { line: 3, column: 0 } } },
      { type: 'call-end', outcome: { kind: 'returned', value: [['NaN', '-0'], ['Infinity', { typed: 'Float32Array', values: [1, '-Infinity'] }]], modified: { index: 0, after: [1] } } },
      { type: 'call-end', outcome: { kind: 'threw', thrown: { isError: false, type: 'string', message: 's' }, distanceCalls: [{ identity: [0, -1], content: [0, 1] }] } },
      { type: 'call-end', outcome: { kind: 'unsendable', reason: 'returned a Promise' } },
      { type: 'function-end', droppedOutputBytes: 12 },
      { type: 'settled' },
      { type: 'output', text: 'hello\n' },
    ];
    for (const message of messages) expect(valid(message)).toEqual(message);
  });

  it.each([
    ['an unknown message type', { type: 'verdict', status: 'pass' }, /malformed/],
    ['a status only the grader may give', { type: 'call-end', outcome: { kind: 'skipped', reason: 'trust me' } }, /malformed/],
    ['output that is not text', { type: 'output', text: { length: 1.5e9 } }, /malformed/],
    ['an extra field', { type: 'output', text: 'x', verdict: 'pass' }, /malformed/],
    ['a missing field', { type: 'call-end' }, /malformed/],
    ['a thrown location that is not a position', { type: 'load-failed', thrown: { isError: true, type: 'E', message: 'm', at: { line: 0, column: -1 } } }, /malformed/],
    ['text past its limit', { type: 'output', text: 'x'.repeat(LIMITS.outputBytesPerFunction + 1) }, /malformed|longer than allowed/],
    ['a string where a number belongs', { type: 'call-end', outcome: { kind: 'returned', value: ['5'] } }, /malformed/],
    ['an unknown typed array', { type: 'call-end', outcome: { kind: 'returned', value: { typed: 'BigInt64Array', values: [] } } }, /malformed/],
    ['a Map', { type: 'call-end', outcome: { kind: 'returned', value: new Map() } }, /not plain/],
    ['a typed array itself', { type: 'call-end', outcome: { kind: 'returned', value: new Float64Array(3) } }, /not plain/],
    ['null', { type: 'call-end', outcome: { kind: 'returned', value: null } }, /sent a null/],
    ['a bigint', { type: 'function-end', droppedOutputBytes: 1n }, /sent a bigint/],
    ['an array with holes', { type: 'call-end', outcome: { kind: 'returned', value: [, 1] } }, /holes/],
  ])('refuses %s', (_, payload, reason) => {
    expect(violation(payload)).toMatch(reason);
  });

  it('refuses a value that contains itself, or shares a branch, before any schema walks it', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: cycle } })).toMatch(/repeats a part of itself/);
    const shared = [1, 2];
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: [shared, shared] } })).toMatch(/repeats a part of itself/);
  });

  it('refuses nesting deeper than any returned value may go', () => {
    let deep: unknown = [1];
    for (let i = 0; i < LIMITS.depth + 10; i++) deep = [deep];
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: deep } })).toMatch(/nested too deeply/);
  });

  it('refuses an array past the per-value limit without walking it', () => {
    const sparse: unknown[] = [];
    sparse[1e9] = 1;
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: sparse } })).toMatch(/too long/);
  });

  it('counts every item against one budget per function, text included (one per 8 characters)', () => {
    // A message costs a few items around its value (its objects and their words) besides the value itself.
    const budget = new RunBudget(20);
    validateMessage({ type: 'call-end', outcome: { kind: 'returned', value: [1, 2, 3, 4] } }, budget);
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: [1, 2, 3, 4, 5, 6] } }, budget)).toMatch(/more than \d+ items for one function/);
    const words = new RunBudget(30);
    expect(violation({ type: 'call-end', outcome: { kind: 'returned', value: [{ opaque: 'x'.repeat(300) }] } }, words)).toMatch(/items for one function/);
  });
});

describe('fromWire', () => {
  it('rebuilds numbers and arrays as they are, typed arrays as their kind, and anything else as words', () => {
    const value = fromWire([1, ['NaN', '-0', '-Infinity'], { typed: 'Float32Array', values: [0.5, 2] }, { opaque: 'a Map' }]) as unknown[];
    expect(value[0]).toBe(1);
    expect(value[1]).toEqual([Number.NaN, -0, -Infinity]);
    expect(Object.is((value[1] as number[])[1], -0)).toBe(true);
    expect(value[2]).toBeInstanceOf(Float32Array);
    expect(Array.from(value[2] as Float32Array)).toEqual([0.5, 2]);
    expect(value[3]).toEqual(new Opaque('a Map'));
  });
});
