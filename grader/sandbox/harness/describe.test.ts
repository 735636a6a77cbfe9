// The harness's reading of learner values, run here directly: it must never run learner code.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol.ts';
import { Budget, ContainsItself, TooLarge, describeThrown, encodeValue, lessonFrame } from './describe.ts';

const encode = (value: unknown) => encodeValue(value, new Budget(LIMITS.nodesPerValue));

/** A value every read of which is noted: reading it through describe.ts must leave the list empty. */
function tripwires() {
  const touched: string[] = [];
  const trap = new Proxy({}, { get: (_, key) => touched.push(`get ${String(key)}`), ownKeys: () => (touched.push('ownKeys'), []), getPrototypeOf: () => (touched.push('proto'), null) });
  const getter = Object.defineProperty([1, 2], 1, { get: () => touched.push('index getter') });
  const clever = { valueOf: () => touched.push('valueOf'), toString: () => String(touched.push('toString')), [Symbol.toPrimitive]: () => touched.push('toPrimitive'), toJSON: () => touched.push('toJSON') };
  return { touched, values: [trap, getter, clever, [trap, [getter]]] };
}

describe('encodeValue', () => {
  it('keeps numbers and arrays as they are; NaN, −0 and infinities become the words JSON carries them in', () => {
    expect(encode([[1, 0.5], [Number.NaN, -0, Infinity, -Infinity]])).toEqual([[1, 0.5], ['NaN', '-0', 'Infinity', '-Infinity']]);
  });

  it('describes everything else in words', () => {
    expect(encode(['two', undefined, null, true, 3n, Symbol('s'), new Map(), new Set(), new Date(0), /x/, new Error('e'), () => 1, Promise.resolve(), new ArrayBuffer(2), new BigInt64Array(1), {}])).toEqual(
      ['a string "two"', 'undefined', 'null', 'the boolean true', 'the bigint 3n', 'a symbol', 'a Map', 'a Set', 'a Date', 'a RegExp', 'an Error', 'a function', 'a Promise', 'an ArrayBuffer', 'a BigInt64Array', 'an object'].map((opaque) => ({ opaque })),
    );
  });

  it('reads typed arrays by their numbers, with their kind', () => {
    expect(encode(new Float32Array([0.5, 2]))).toEqual({ typed: 'Float32Array', values: [0.5, 2] });
  });

  it('never runs learner code: no getter, no Proxy trap, no conversion', () => {
    const { touched, values } = tripwires();
    expect(encode(values)).toEqual([{ opaque: 'a Proxy' }, [1, { opaque: 'a getter' }], { opaque: 'an object' }, [{ opaque: 'a Proxy' }, [[1, { opaque: 'a getter' }]]]]);
    expect(touched).toEqual([]);
  });

  it('refuses a value that contains itself, and counts shared branches every time they appear', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => encode(cycle)).toThrow(ContainsItself);
    let level: unknown = [1, 2, 3, 4];
    for (let i = 0; i < 4; i++) level = new Array(100).fill(level);
    expect(() => encode(level)).toThrow(TooLarge);
    expect(() => encode(new Float64Array(LIMITS.nodesPerValue + 1))).toThrow(TooLarge);
  });

  it('counts each number once: an array filling most of the budget still goes through; holes count too', () => {
    expect((encode(new Array(LIMITS.nodesPerValue - 10).fill(1)) as unknown[]).length).toBe(LIMITS.nodesPerValue - 10);
    const holes = Array.from({ length: 100 }, () => new Array(LIMITS.nodesPerValue - 10));
    expect(() => encode(holes)).toThrow(TooLarge);
  });

  it('cuts nesting at the depth limit instead of following it', () => {
    let deep: unknown = [1];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let value = encode(deep);
    for (let i = 0; i < LIMITS.depth; i++) value = (value as unknown[])[0] as never;
    expect(value).toEqual({ opaque: `arrays nested more than ${LIMITS.depth} deep` });
  });
});

describe('describeThrown', () => {
  const FIRST = lessonFrame(0);
  const describeThrownHere = (thrown: unknown) => describeThrown(thrown, FIRST);

  it('names an Error by its type and message, and finds where in the lesson it was thrown', () => {
    const error = new RangeError('lengths 2 and 3');
    error.stack = 'RangeError: lengths 2 and 3\n    at euclidean (lesson-1.js:12:5)\n    at other (elsewhere.js:1:1)';
    expect(describeThrownHere(error)).toEqual({ isError: true, type: 'RangeError', message: 'lengths 2 and 3', at: { line: 12, column: 4 } });
  });

  it('places it only in the code of the lesson file that is running, not in another one loaded before', () => {
    const error = new RangeError('from a timer of lesson 1');
    error.stack = 'RangeError: from a timer of lesson 1\n    at later (lesson-1.js:3:9)\n    at f (lesson-2.js:7:2)';
    expect(describeThrown(error, lessonFrame(1))).toMatchObject({ at: { line: 7, column: 1 } });
    expect(describeThrown(new Error('elsewhere'), lessonFrame(2)).at).toBeUndefined();
  });

  it('tells what was thrown when it is not an Error, without converting it', () => {
    const { touched, values } = tripwires();
    expect(describeThrownHere('text')).toEqual({ isError: false, type: 'string', message: 'text' });
    expect(describeThrownHere(undefined)).toEqual({ isError: false, type: 'undefined', message: 'undefined' });
    expect(values.map(describeThrownHere).map((thrown) => thrown.message)).toEqual(['a Proxy', 'an object', 'an object', 'an object']);
    expect(touched).toEqual([]);
  });

  it('takes name and message from data properties, not from a learner’s getters, and cuts long messages', () => {
    // (Engines format an Error's stack lazily and may call such a getter then: calls.ts checks the arguments first.)
    const error = new Error('x'.repeat(LIMITS.textChars * 2));
    Object.defineProperty(error, 'name', { get: () => 'Forged' });
    const thrown = describeThrownHere(error);
    expect(thrown).toMatchObject({ isError: true, type: 'Error' });
    expect(thrown.message.length).toBe(LIMITS.textChars + 1);
  });

  it('survives an Error whose stack cannot even be formatted', () => {
    const error = new Error('m');
    // The engine formats the stack on first read, with the error's name: here, a getter that throws.
    Object.defineProperty(error, 'name', {
      get: () => {
        throw new Error('no name for you');
      },
    });
    expect(describeThrownHere(error)).toEqual({ isError: false, type: 'unknown', message: 'a thrown value that could not even be described' });
  });
});
