// Step 4 of grading: one case's outcome against its expectation, in the trusted process. Produces the case
// verdict and, for a failure, the teaching feedback: the call, expected vs actual, where, and the mistake.
import type { FunctionName, FunctionSpec } from '../curriculum/index.ts';
import { compare, isClose, type Expected } from './compare.ts';
import { carryOver, describeRelation } from './cases/relations.ts';
import { BEHAVIOUR_MISTAKES, type Observation } from './diagnose.ts';
import { formatCall, formatNumber, formatValue, jsonSafe } from './format.ts';
import { referenceArgs } from './reference-args.ts';
import type { CallOutcome, Case, CaseRelation, CaseResult, DistanceCall, Mistake, Property, SharedArray, ThrownValue } from './types.ts';

export interface Judgement {
  readonly result: CaseResult;
  /** The stub's own `TODO` error: the function has not been started. */
  readonly todo: boolean;
  /** What the call did: returned, threw, timed out, crashed … */
  readonly outcome: CallOutcome['kind'];
  readonly mistake?: Mistake;
  /** Lines explaining the failure, shown for the first failing case of a function. */
  readonly feedback: readonly string[];
  readonly notes: readonly string[];
  /** Set when a value came back where a value was expected: evidence for diagnosing the function. */
  readonly observation?: Observation;
}

const TODO_MESSAGE = /^TODO\b/;

/** `TypeError: x is undefined (at 01-euclidean/exercise.ts:3:5)`, or what was thrown instead of an Error. */
export function describeThrown(thrown: ThrownValue): string {
  const where = thrown.where ? ` (at ${thrown.where})` : '';
  return thrown.isError ? `${thrown.type}: ${thrown.message}${where}` : `a ${thrown.type} (${JSON.stringify(thrown.message)}) instead of an Error${where}`;
}

function sameValue(before: unknown, after: unknown): boolean {
  if (Array.isArray(before)) {
    return Array.isArray(after) && after.length === before.length && before.every((item, i) => sameValue(item, after[i]));
  }
  return Object.is(before, after);
}

function hasZeroRow(args: readonly unknown[]): boolean {
  const isZero = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => x === 0);
  return args.some((arg) => isZero(arg) || (Array.isArray(arg) && arg.some(isZero)));
}

function containsNaN(value: unknown): boolean {
  return Array.isArray(value) ? value.some(containsNaN) : Number.isNaN(value);
}

/** The L2 norm by a loop: a spread (Math.hypot(...row)) of a long row would overflow the stack. */
function lengthOf(row: readonly number[]): number {
  let sum = 0;
  for (const x of row) sum += x * x;
  return Math.sqrt(sum);
}

/**
 * A property of the returned value, checked before the values so the message names the property. Only
 * called once the value has the expected shape: rows are then exactly as many, and as long, as asked.
 */
function propertyProblem(property: Property, actual: unknown, args: readonly unknown[], spec: FunctionSpec): string | undefined {
  if (property === 'each-pair-once') return undefined; // checked from the distance calls
  const rows = actual as number[][];
  if (property === 'symmetric') {
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < i; j++) {
        if (rows[j]?.[i] === undefined || !isClose(rows[i][j], rows[j][i], spec.tolerance)) {
          return `the matrix is not symmetric: [${i}][${j}] is ${formatNumber(rows[i][j])} but [${j}][${i}] is ${formatNumber(rows[j]?.[i])}`;
        }
      }
    }
  }
  if (property === 'zero-diagonal') {
    const i = rows.findIndex((row, k) => !isClose(row[k], 0, spec.tolerance));
    if (i >= 0) return `the diagonal must be 0 (a vector is at distance 0 from itself), but [${i}][${i}] is ${formatNumber(rows[i][i])}`;
  }
  if (property === 'unit-rows') {
    const input = args[0] as number[][];
    const i = rows.findIndex((row, k) => input[k].some((x) => x !== 0) && !isClose(lengthOf(row), 1, spec.tolerance));
    if (i >= 0) return `row ${i} should have length 1 after normalizing, but its norm is ${formatNumber(lengthOf(rows[i]))}`;
  }
  return undefined;
}

/**
 * Checks the calls made to the counting distance: each unordered pair once, no vector with itself. Identity
 * catches a self-call; content, compared as a multiset of pairs, lets defensive copies of twin rows count.
 */
function distanceCallProblem(calls: readonly DistanceCall[], rows: readonly (readonly number[])[]): { message: string; mistake: Mistake } | undefined {
  const n = rows.length;
  const wanted = (n * (n - 1)) / 2;
  if (calls.length === 0 && wanted > 0) {
    return { message: 'distance was never called: the matrix must be computed with the distance you are given', mistake: BEHAVIOUR_MISTAKES.distanceIgnored };
  }
  const unknown = calls.filter(({ content }) => content[0] < 0 || content[1] < 0).length;
  if (unknown > 0) {
    const message = `distance was called with ${unknown === 1 ? 'a vector' : `${unknown} vectors`} that ${unknown === 1 ? 'is' : 'are'} not among the inputs; pass the input vectors themselves`;
    return { message, mistake: BEHAVIOUR_MISTAKES.distanceIgnored };
  }
  // A row array the caller passed twice is one array: a call with it twice may be the pair of its two places.
  const passedTwice = new Set(rows.flatMap((row, i) => (rows.indexOf(row) === i ? [] : [rows.indexOf(row)])));
  const self = calls.filter(({ identity: [i, j] }) => i >= 0 && i === j && !passedTwice.has(i)).length;
  const canonical = rows.map((row) => rows.findIndex((other) => sameValue(other, row)));
  const pairKey = (i: number, j: number) => `${Math.min(i, j)},${Math.max(i, j)}`;
  const expected = rows.flatMap((_, i) => rows.slice(i + 1).map((__, k) => pairKey(canonical[i], canonical[i + 1 + k]))).sort();
  const made = calls.map(({ content: [i, j] }) => pairKey(i, j)).sort();
  if (self === 0 && made.length === expected.length && made.every((key, i) => key === expected[i])) return undefined;
  const message = `distance was called ${calls.length} times (${self} with a vector and itself) for ${n} vectors; each of the ${wanted} pairs should be computed exactly once`;
  return { message, mistake: BEHAVIOUR_MISTAKES.allPairsComputed };
}

/** Whether `value` is the answer to the case before this one (see Case.previous): an answer kept between calls. */
const repeatsPrevious = (testCase: Case, value: unknown, spec: FunctionSpec) => testCase.previous !== undefined && compare(value, testCase.previous, spec.tolerance).ok;

/** `[2][0]`, or nothing for the value itself. */
const placeIn = (at: readonly number[]) => at.map((i) => `[${i}]`).join('');

/** A returned value that holds an array not its own: which one, and what a caller would see go wrong. */
function sharingProblem({ kind, at, other = [] }: SharedArray): { message: string; mistake: Mistake } {
  const here = at.length ? `result${placeIn(at)}` : 'the result';
  if (kind === 'argument') {
    const [argument, ...inside] = other;
    const given = `argument ${argument + 1}${inside.length ? `'s ${placeIn(inside)}` : ''}`;
    return { message: `${here} is the very array given as ${given}: writing into the result would change the input`, mistake: BEHAVIOUR_MISTAKES.aliasing };
  }
  if (kind === 'repeated') return { message: `${here} and result${placeIn(other)} are one array: writing into one changes the other`, mistake: BEHAVIOUR_MISTAKES.aliasing };
  return { message: `${here} is the very array an earlier call returned: it was kept between calls`, mistake: BEHAVIOUR_MISTAKES.staleCache };
}

interface Verdict {
  status: CaseResult['status'];
  message: string;
  mistake?: Mistake;
  expected?: unknown;
  actual?: unknown;
  detail?: string[];
  notes?: readonly string[];
  observation?: Observation;
}

/** Numbers, or arrays of them however nested: what a relation can carry over and compare. */
const isPlainAnswer = (value: unknown): boolean => (Array.isArray(value) ? value.every(isPlainAnswer) : typeof value === 'number');

/**
 * For a case derived from another by a relation (cases/relations.ts): the line saying which rule the learner's
 * own two answers break, or nothing when they agree with each other (both wrong the same way, say).
 */
function brokenRelation(name: FunctionName, spec: FunctionSpec, relation: CaseRelation, original: Original | undefined, actual: unknown): string | undefined {
  if (original?.outcome.kind !== 'returned' || !isPlainAnswer(original.outcome.value) || !isPlainAnswer(actual)) return undefined;
  const { value } = original.outcome;
  const carried = carryOver(name, relation, value);
  // Two NaN in the same place agree: the learner's answers are compared with each other, not with the truth.
  if (carried === undefined || compare(actual, carried as Expected, spec.tolerance, { equalNan: true }).ok) return undefined;
  return (
    // The learner sees this case's call, not the other's: say that this input is the other one changed by the rule.
    `Your own answers break a rule: ${describeRelation(name, relation)}. This input is that of "${relation.fromName}" changed by ` +
    `that rule; there your function answered ${formatValue(value)}, so here it should answer ${formatValue(carried)}, but it answered ${formatValue(actual)}.`
  );
}

/** For a case derived from another by a relation: what the call on that other case did, and whether it passed. */
export interface Original {
  readonly outcome: CallOutcome;
  readonly passed: boolean;
}

function verdictFor(name: FunctionName, spec: FunctionSpec, testCase: Case, outcome: CallOutcome, original?: Original): Verdict {
  switch (outcome.kind) {
    case 'not-run':
      return { status: 'skipped', message: outcome.reason };
    case 'timeout':
      if (outcome.scope === 'function') return { status: 'timeout', message: `the function's calls together took more than ${outcome.limitMs} ms (far too much work in each?)` };
      if (outcome.scope === 'file') return { status: 'timeout', message: `the lesson file used up its ${outcome.limitMs / 1000} s (its loading and its functions together)` };
      if (outcome.after) {
        return { status: 'timeout', message: `did not finish its first call within ${outcome.limitMs} ms: ${outcome.after} never returns, and this function probably calls it; fix that one first` };
      }
      return { status: 'timeout', message: `did not finish within ${outcome.limitMs} ms (an infinite loop, or far too much work?)` };
    case 'crashed':
      return { status: 'error', message: outcome.reason };
    case 'unsendable':
      return { status: 'error', message: outcome.reason };
    default:
      break;
  }
  // Read only where needed: a kept case's arguments are deserialized when first asked for (cases/index.ts).
  if (outcome.modified) {
    const { index, after } = outcome.modified;
    return { status: 'fail', message: `argument ${index + 1} was modified by the call`, mistake: BEHAVIOUR_MISTAKES.inputModified, expected: testCase.args[index], actual: after };
  }
  if (outcome.distanceCalls) {
    const problem = distanceCallProblem(outcome.distanceCalls, testCase.args[0] as readonly (readonly number[])[]);
    // Not calling the distance at all and giving the case before's answer: that answer was kept.
    const kept = problem && outcome.kind === 'returned' && repeatsPrevious(testCase, outcome.value, spec);
    if (kept) return { status: 'fail', message: `${problem.message}, and the answer is the one to the case before`, mistake: BEHAVIOUR_MISTAKES.staleCache };
    if (problem) return { status: 'fail', ...problem };
  }

  if ('throws' in testCase.expect) {
    const { mentions, because } = testCase.expect.throws;
    if (outcome.kind === 'returned') {
      const mistake = mentions.length > 0 ? BEHAVIOUR_MISTAKES.silentTruncation : BEHAVIOUR_MISTAKES.missingValidation;
      return { status: 'fail', message: `returned ${formatValue(outcome.value)} instead of throwing an Error: ${because}`, mistake, actual: outcome.value };
    }
    if (!outcome.thrown.isError) {
      return { status: 'fail', message: `threw ${describeThrown(outcome.thrown)}; throw an Error (throw new Error('…')) so callers get a message and a stack trace` };
    }
    const missing = mentions.filter((word) => !new RegExp(`(^|\\D)${word}(\\D|$)`).test(outcome.thrown.message));
    if (missing.length > 0) {
      return { status: 'fail', message: `threw "${outcome.thrown.message}", which does not mention ${missing.join(' and ')}: ${because}` };
    }
    return { status: 'pass', message: `threw as it should: ${outcome.thrown.message}` };
  }

  const expected = testCase.expect.returns;
  if (outcome.kind === 'threw') {
    return { status: 'error', message: `threw ${describeThrown(outcome.thrown)}` };
  }
  const actual = outcome.value;
  if (outcome.shared) return { status: 'fail', ...sharingProblem(outcome.shared), expected, actual };
  const comparison = compare(actual, expected, spec.tolerance);
  const rightShape = comparison.ok || comparison.kind === 'value';
  const property = testCase.property && rightShape ? propertyProblem(testCase.property, actual, testCase.args, spec) : undefined;
  const passed = comparison.ok && !property;
  let observed: unknown[] | undefined;
  // Its arguments are what diagnose.ts reads only for a function that fails.
  const observation = {
    get args() {
      return (observed ??= referenceArgs(testCase.args));
    },
    actual,
    passed,
  };
  // Shown with the function's notes, whichever case fails first: a finding about the function as a whole. Two
  // answers that each pass may still differ by up to twice the tolerance, so one of them must have failed.
  const broken = testCase.relation && !(passed && original?.passed) ? brokenRelation(name, spec, testCase.relation, original, actual) : undefined;
  const notes = broken ? [...comparison.notes, broken] : comparison.notes;
  if (passed) return { status: 'pass', message: 'correct', notes, observation };

  const detail: string[] = [];
  if (!comparison.ok && comparison.kind === 'value') {
    const where = comparison.index?.length ? `at [${comparison.index.join('][')}]` : 'in the value';
    const exact = spec.tolerance.atol === 0 && spec.tolerance.rtol === 0;
    // Near zero the allowance is all atol, and a relative error (147467680000000000 against -2.2e-16) says nothing.
    const nearZero = spec.tolerance.rtol * Math.abs(comparison.expectedValue!) < spec.tolerance.atol;
    const relative = nearZero ? '' : `, relative error ${formatNumber(comparison.relativeError!)}`;
    const error = exact ? '' : ` (absolute error ${formatNumber(comparison.absoluteError!)}${relative}; allowed: ${spec.tolerance.atol} + ${spec.tolerance.rtol}·|expected|)`;
    detail.push(`First difference ${where}: expected ${formatNumber(comparison.expectedValue!)}, got ${formatNumber(comparison.actualValue!)}${error}`);
    if ((comparison.mismatches ?? 0) > 1) detail.push(`${comparison.mismatches} values differ in all.`);
  }
  // A wrong formula is diagnosed later, from all of the function's observations; NaN and a repeated answer need no formula.
  const repeated = !comparison.ok && repeatsPrevious(testCase, actual, spec);
  if (repeated) detail.push(`That is the answer to the case before: ${testCase.inPlace ? 'the same arrays, holding other numbers now' : 'numbers that differ from these only far after the decimal point'}.`);
  const mistake = repeated ? BEHAVIOUR_MISTAKES.staleCache : containsNaN(actual) && hasZeroRow(testCase.args) ? BEHAVIOUR_MISTAKES.nanFromZeroVector : undefined;
  return {
    status: 'fail',
    message: property ?? (comparison.ok ? 'correct values' : comparison.message),
    mistake,
    expected,
    actual,
    detail,
    notes,
    observation,
  };
}

export function judgeCase(name: FunctionName, spec: FunctionSpec, testCase: Case, outcome: CallOutcome, original?: Original): Judgement {
  const verdict = verdictFor(name, spec, testCase, outcome, original);
  const todo = outcome.kind === 'threw' && outcome.thrown.isError && TODO_MESSAGE.test(outcome.thrown.message);
  const failed = verdict.status !== 'pass' && verdict.status !== 'skipped';
  const result: CaseResult = {
    name: testCase.name,
    status: verdict.status,
    message: verdict.message,
    ...(failed && 'returns' in testCase.expect ? { expected: jsonSafe(testCase.expect.returns as Expected) } : {}),
    ...(failed && verdict.actual !== undefined ? { actual: jsonSafe(verdict.actual) } : {}),
  };
  const feedback = failed
    ? [
        `Called: ${formatCall(spec.signature, name, testCase.args)}`,
        ...('returns' in testCase.expect ? [`Expected: ${formatValue(testCase.expect.returns)}`] : [`Expected: an Error (${testCase.expect.throws.because})`]),
        ...(outcome.kind === 'returned' ? [`Got: ${formatValue(outcome.value)}`] : []),
        ...(verdict.detail ?? []),
      ]
    : [];
  return {
    result,
    todo,
    outcome: outcome.kind,
    feedback,
    notes: verdict.notes ?? [],
    ...(verdict.mistake ? { mistake: verdict.mistake } : {}),
    ...(verdict.observation ? { observation: verdict.observation } : {}),
  };
}
