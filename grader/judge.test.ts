import { describe, expect, it } from 'vitest';
import { allFunctions, findFunction, type FunctionName } from '../curriculum/index.ts';
import { buildCases } from './cases/index.ts';
import { judgeCase } from './judge.ts';
import { renderJson } from './report/json.ts';
import { renderTerminal } from './report/terminal.ts';
import { scoreFunction } from './score.ts';
import { Opaque, type CallOutcome, type Case, type GradeReport } from './types.ts';

const specOf = (name: FunctionName) => findFunction(name)!.spec;
const returned = (value: unknown): CallOutcome => ({ kind: 'returned', value });
const judge = (name: FunctionName, testCase: Case, outcome: CallOutcome) => judgeCase(name, specOf(name), testCase, outcome);

const pair: Case = { name: '3-4-5', args: [[0, 0], [3, 4]], expect: { returns: 5 } };
const mismatch: Case = {
  name: 'mismatch',
  args: [[1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
  expect: { throws: { mentions: ['7', '12'], because: 'lengths differ' } },
};

describe('judgeCase', () => {
  it('passes a value within tolerance', () => {
    expect(judge('euclidean', pair, returned(5 + 1e-9)).result).toMatchObject({ status: 'pass' });
  });

  it('explains a wrong value: the call, expected, got, where, and the mistake', () => {
    const judgement = judge('euclidean', pair, returned(25));
    expect(judgement.result).toMatchObject({ status: 'fail', expected: 5, actual: 25 });
    expect(judgement.observation).toEqual({ args: pair.args, actual: 25, passed: false });
    expect(judgement.feedback).toEqual([
      'Called: euclidean(a: [0, 0], b: [3, 4])',
      'Expected: 5',
      'Got: 25',
      expect.stringMatching(/^First difference in the value: expected 5, got 25 \(absolute error 20, relative error 4;/),
    ]);
  });

  it('gives no relative error where the expected value is so near zero that only the absolute allowance counts', () => {
    const testCase: Case = { name: 'd', args: [[[1, 0], [1, 0]]], expect: { returns: [[-2.220446049250313e-16, 0], [0, 0]] } };
    const last = judge('cosineDistanceMatrix', testCase, returned([[0.5, 0], [0, 0]])).feedback.at(-1);
    expect(last).toMatch(/^First difference at \[0\]\[0\]: expected -2\.220446e-16, got 0\.5 \(absolute error 0\.5; allowed: /);
  });

  it('does not call two NaN answers in the same place a broken rule: the learner’s answers agree there', () => {
    const nan = Number.NaN;
    const from: Case = { name: 'zero', args: [[[0, 0], [3, 4]]], expect: { returns: [[0, 0], [0.6, 0.8]] } };
    const scaled: Case = { ...from, name: 'scaled', args: [[[0, 0], [6, 8]]], relation: { kind: 'scaled', from: 0, fromName: 'zero', factor: 2 } };
    const judgement = judgeCase('normalize', specOf('normalize'), scaled, returned([[nan, nan], [0.6, 0.8]]), { outcome: returned([[nan, nan], [0.6, 0.8]]), passed: false });
    expect(judgement.result.status).toBe('fail');
    expect(judgement.notes ?? []).not.toContainEqual(expect.stringMatching(/break a rule/));
  });

  it('compares indices exactly, without error magnitudes', () => {
    const testCase: Case = { name: 'q', args: [[1, 0], [[0, 1], [1, 0]]], expect: { returns: 1 } };
    const judgement = judge('querySearch', testCase, returned(2));
    expect(judgement.feedback.at(-1)).toBe('First difference in the value: expected 1, got 2');
  });

  it('fails a call that changed its arguments, even with the right value', () => {
    const rows = [[3, 4]];
    const testCase: Case = { name: 'n', args: [rows], expect: { returns: [[0.6, 0.8]] } };
    const judgement = judge('normalize', testCase, { kind: 'returned', value: [[0.6, 0.8]], modified: { index: 0, after: [[0.6, 0.8]] } });
    expect(judgement.result).toMatchObject({ status: 'fail', message: 'argument 1 was modified by the call', actual: [[0.6, 0.8]] });
    expect(judgement.mistake?.id).toBe('input-modified');
  });


  it('names NaN from a zero vector', () => {
    const testCase: Case = { name: 'z', args: [[[0, 0], [3, 4]]], expect: { returns: [[0, 0], [0.6, 0.8]] } };
    expect(judge('normalize', testCase, returned([[Number.NaN, Number.NaN], [0.6, 0.8]])).mistake?.id).toBe('nan-from-zero-vector');
  });

  it('reports a broken property by name before the values', () => {
    const testCase: Case = { name: 's', args: [[[1, 0], [0, 1]]], expect: { returns: [[0, Math.SQRT2], [Math.SQRT2, 0]] }, property: 'symmetric' };
    const judgement = judge('euclideanMatrix', testCase, returned([[0, Math.SQRT2], [1, 0]]));
    expect(judgement.result.message).toMatch(/^the matrix is not symmetric: \[1\]\[0\] is 1 but \[0\]\[1\] is 1\.4142136$/);
  });

  it('checks the counting distance calls', () => {
    const rows = [[0, 0], [3, 4], [6, 8]];
    // The expected values do not matter here: only the calls are judged before them.
    const testCase: Case = { name: 'c', args: [rows, { $sandbox: 'counting-distance', key: 'aa'.repeat(16) }], expect: { returns: [[0, 5, 10], [5, 0, 5], [10, 5, 0]] } };
    /** Calls with the rows themselves: identity and content agree. */
    const same = (pairs: [number, number][]) => pairs.map(([i, j]) => ({ identity: [i, j] as const, content: [i, j] as const }));
    const outcome = (calls: ReturnType<typeof same>): CallOutcome => ({ kind: 'returned', value: [[0, 5, 10], [5, 0, 5], [10, 5, 0]], distanceCalls: calls });
    const check = (calls: ReturnType<typeof same>) => judge('euclideanMatrixSymmetric', testCase, outcome(calls));
    expect(check(same([[0, 1], [0, 2], [1, 2]])).result.status).toBe('pass');
    expect(check(same([[1, 0], [2, 0], [2, 1]])).result.status).toBe('pass');
    const twice = check(same([[0, 1], [1, 0], [0, 2], [2, 0], [1, 2], [2, 1]]));
    expect(twice.mistake?.id).toBe('all-pairs-computed');
    expect(twice.result.message).toMatch(/called 6 times \(0 with a vector and itself\) for 3 vectors/);
    expect(check(same([[0, 0], [0, 1], [0, 2], [1, 2]])).result.message).toMatch(/1 with a vector and itself/);
    expect(check(same([[0, 1], [0, -1], [1, 2]])).result.message).toMatch(/not among the inputs/);
    expect(check([]).mistake?.id).toBe('distance-ignored');
  });

  it('lets copies of twin rows count as the pair they are, but not a row with itself', () => {
    const rows = [[1, 1], [1, 1], [2, -1]];
    const testCase: Case = { name: 't', args: [rows, { $sandbox: 'counting-distance', key: 'aa'.repeat(16) }], expect: { returns: [[0, 0, Math.sqrt(5)], [0, 0, Math.sqrt(5)], [Math.sqrt(5), Math.sqrt(5), 0]] } };
    const value = [[0, 0, Math.sqrt(5)], [0, 0, Math.sqrt(5)], [Math.sqrt(5), Math.sqrt(5), 0]];
    const copies = [{ identity: [-1, -1], content: [0, 0] }, { identity: [-1, -1], content: [0, 2] }, { identity: [-1, -1], content: [0, 2] }] as const;
    expect(judge('euclideanMatrixSymmetric', testCase, { kind: 'returned', value, distanceCalls: copies }).result.status).toBe('pass');
    const selfCall = [{ identity: [0, 0], content: [0, 0] }, ...copies.slice(1)] as const;
    expect(judge('euclideanMatrixSymmetric', testCase, { kind: 'returned', value, distanceCalls: selfCall }).mistake?.id).toBe('all-pairs-computed');
  });

  it('lets the same row array passed twice be called with itself, as the pair of its two places', () => {
    const v = [1, 1];
    const rows = [v, [2, -1], v];
    const testCase: Case = { name: 'v', args: [rows, { $sandbox: 'counting-distance', key: 'aa'.repeat(16) }], expect: { returns: [[0, 1, 0], [1, 0, 1], [0, 1, 0]] } };
    const value = [[0, 1, 0], [1, 0, 1], [0, 1, 0]];
    const calls = [{ identity: [0, 1], content: [0, 1] }, { identity: [0, 0], content: [0, 0] }, { identity: [1, 0], content: [1, 0] }] as const;
    expect(judge('euclideanMatrixSymmetric', testCase, { kind: 'returned', value, distanceCalls: calls }).result.status).toBe('pass');
  });

  it('names a stale cache: the answer to the case before, given without calling the distance or for other numbers', () => {
    const rows = [[0, 0], [3, 4]];
    const before = [[0, 5], [5, 0]];
    const counted: Case = { name: 'again', args: [rows, { $sandbox: 'counting-distance', key: 'aa'.repeat(16) }], expect: { returns: [[0, 2], [2, 0]] }, previous: before, inPlace: true };
    const uncalled = judge('euclideanMatrixSymmetric', counted, { kind: 'returned', value: before, distanceCalls: [] });
    expect(uncalled.mistake?.id).toBe('stale-cache');
    expect(uncalled.result.message).toMatch(/^distance was never called.*and the answer is the one to the case before$/);
    const plain: Case = { name: 'again', args: [[0, 1], [1, 1]], expect: { returns: 1 }, previous: Math.SQRT2, inPlace: true };
    const stale = judge('euclidean', plain, returned(Math.SQRT2));
    expect(stale.mistake?.id).toBe('stale-cache');
    expect(stale.feedback).toContain('That is the answer to the case before: the same arrays, holding other numbers now.');
    expect(judge('euclidean', plain, returned(3)).mistake).toBeUndefined();
  });

  it('fails a result that shares an array with an argument, with itself or with an earlier result', () => {
    const rows: Case = { name: 'n', args: [[[0, 0], [3, 4]]], expect: { returns: [[0, 0], [0.6, 0.8]] } };
    const value = [[0, 0], [0.6, 0.8]];
    const argument = judge('normalize', rows, { kind: 'returned', value, shared: { kind: 'argument', at: [0], other: [0, 0] } });
    expect(argument).toMatchObject({ result: { status: 'fail', message: "result[0] is the very array given as argument 1's [0]: writing into the result would change the input" }, mistake: { id: 'aliasing' } });
    expect(judge('normalize', rows, { kind: 'returned', value, shared: { kind: 'repeated', at: [1], other: [0] } }).mistake?.id).toBe('aliasing');
    expect(judge('normalize', rows, { kind: 'returned', value, shared: { kind: 'earlier', at: [] } }).mistake?.id).toBe('stale-cache');
  });

  describe('a call that must throw', () => {
    it('passes an Error naming both lengths', () => {
      const thrown = { isError: true, type: 'Error', message: 'lengths 7 and 12 differ' };
      expect(judge('dot', mismatch, { kind: 'threw', thrown }).result.status).toBe('pass');
    });
    it('fails an Error that does not name both lengths (12 is not 1 and 2)', () => {
      const thrown = { isError: true, type: 'Error', message: 'lengths 1 and 2 differ, not 7' };
      expect(judge('dot', mismatch, { kind: 'threw', thrown }).result.message).toMatch(/does not mention 12/);
    });
    it('fails a thrown string', () => {
      const thrown = { isError: false, type: 'string', message: '7 vs 12' };
      expect(judge('dot', mismatch, { kind: 'threw', thrown }).result.message).toMatch(/throw an Error/);
    });
    it('names silent truncation when a value comes back instead', () => {
      const judgement = judge('dot', mismatch, returned(140));
      expect(judgement.result.status).toBe('fail');
      expect(judgement.mistake?.id).toBe('silent-truncation');
    });
    it('names missing validation when there are no lengths involved', () => {
      const testCase: Case = { name: 'k', args: [[1], [[1]], -1], expect: { throws: { mentions: [], because: 'negative k' } } };
      expect(judge('topK', testCase, returned([])).mistake?.id).toBe('missing-validation');
    });
  });

  it('maps what went wrong in the sandbox to case statuses', () => {
    expect(judge('dot', pair, { kind: 'timeout', limitMs: 2000 }).result).toMatchObject({ status: 'timeout', message: expect.stringMatching(/within 2000 ms/) });
    expect(judge('dot', pair, { kind: 'crashed', reason: 'boom' }).result).toMatchObject({ status: 'error', message: 'boom' });
    expect(judge('dot', pair, { kind: 'unsendable', reason: 'returned a Promise' }).result.status).toBe('error');
    expect(judge('dot', pair, { kind: 'not-run', reason: 'not run' }).result.status).toBe('skipped');
    const thrown = { isError: true, type: 'TypeError', message: 'x is undefined', where: '02-dot-product/exercise.ts:3:5' };
    expect(judge('dot', pair, { kind: 'threw', thrown }).result.message).toBe('threw TypeError: x is undefined (at 02-dot-product/exercise.ts:3:5)');
  });

  it('recognises the stub’s TODO error', () => {
    const thrown = { isError: true, type: 'Error', message: 'TODO: implement dot in lessons/02-dot-product/exercise.ts' };
    expect(judge('dot', pair, { kind: 'threw', thrown }).todo).toBe(true);
    expect(judge('dot', pair, { kind: 'threw', thrown: { ...thrown, message: 'not TODO' } }).todo).toBe(false);
  });
});

describe('judging whatever comes back', () => {
  const wide = Array.from({ length: 200_000 }, (_, i) => i / 7);
  const square = Array.from({ length: 511 }, () => new Array(511).fill(0.5));
  let deep: unknown = [1, 2, 3, 4];
  for (let i = 0; i < 7; i++) deep = [deep, deep, deep, deep];
  const values: unknown[] = [
    wide,
    [wide],
    square,
    deep,
    [[0, 1], [1, 0], [1]],
    [[0], [1, 2, 3]],
    new Float32Array(200_000),
    [new Float64Array(3), new Float64Array(1)],
    new Opaque('a Map'),
    [new Opaque('a getter'), 1],
    Number.NaN,
    -0,
    -Infinity,
    [Number.NaN, Infinity],
    [],
    [[]],
    [[[]]],
    1e308,
  ];

  // Every case of every function against every value: the diagnosis alone runs each wrong formula on each. Slow.
  it('never throws, for any function, case and value, and keeps every report small', { timeout: 120_000 }, async () => {
    for (const { lesson, spec } of allFunctions()) {
      const { cases } = await buildCases(spec.name as FunctionName, 1, 'aa'.repeat(16));
      const judgements = cases.flatMap((testCase) => values.map((value) => judgeCase(spec.name as FunctionName, spec, testCase, { kind: 'returned', value })));
      const result = scoreFunction({ lesson, spec }, judgements, '');
      expect(result.status).not.toBe('pass');
      const report: GradeReport = { version: 1, score: 0, maxScore: 1, warnings: [], sandbox: { layers: [] }, exercises: [result] };
      // Values are kept up to 16 KB in all; past that, a failing case is its name and message (a few hundred characters).
      expect(renderJson(report).length, spec.name).toBeLessThan(16_384 + 300 * judgements.length);
      expect(renderTerminal(report).length, spec.name).toBeLessThan(20_000);
    }
  });
});
