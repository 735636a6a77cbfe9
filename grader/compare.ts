import type { Tolerance } from '../curriculum/index.ts';
import { formatNumber } from './format.ts';
import { Opaque } from './types.ts';

/** What the reference returns: a number, a vector or a matrix. */
export type Expected = number | readonly number[] | readonly (readonly number[])[];

export type Comparison =
  | { readonly ok: true; readonly notes: readonly string[] }
  | {
      readonly ok: false;
      readonly kind: 'type' | 'shape' | 'value';
      readonly message: string;
      readonly notes: readonly string[];
      /** Where the first mismatch is: [] for a number, [i] in a vector, [i, j] in a matrix. */
      readonly index?: readonly number[];
      readonly actualValue?: number;
      readonly expectedValue?: number;
      readonly absoluteError?: number;
      readonly relativeError?: number;
      /** How many components are out of tolerance. */
      readonly mismatches?: number;
    };

/**
 * numpy's `allclose` for one pair: |actual − expected| ≤ atol + rtol·|expected|. Not symmetric, as in numpy:
 * the tolerance scales with the expected value. NaN matches nothing; an infinity matches only itself.
 */
export function isClose(actual: number, expected: number, { rtol, atol }: Tolerance): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** Typed arrays are read as the numbers they hold, with a note: the contract asks for plain arrays. */
function asNumberList(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return undefined;
}

function describeType(value: unknown): string {
  if (value instanceof Opaque) return value.description;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function shapeName(expected: Expected): string {
  if (typeof expected === 'number') return 'a number';
  const rows = expected as readonly unknown[];
  if (rows.length > 0 && Array.isArray(rows[0])) return `a ${rows.length}×${(rows[0] as unknown[]).length} matrix`;
  return `an array of ${rows.length} numbers`;
}

interface Walk {
  notes: Set<string>;
  problem?: Extract<Comparison, { ok: false }>;
}

/** Checks types and lengths everywhere before any value, so a wrong shape is never reported as wrong numbers. */
function checkShape(actual: unknown, expected: Expected, path: number[], walk: Walk): void {
  if (walk.problem) return;
  const where = path.length === 0 ? '' : ` at [${path.join('][')}]`;
  const mismatch = (kind: 'type' | 'shape', wanted: string) => {
    walk.problem = { ok: false, kind, message: `expected ${wanted}${where}, got ${describeType(actual)}`, notes: [], index: path };
  };
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') mismatch('type', 'a number');
    return;
  }
  const list = asNumberList(actual);
  if (list === undefined) return mismatch('type', shapeName(expected));
  if (!Array.isArray(actual)) {
    walk.notes.add(`returned a ${actual?.constructor.name} where a plain array was asked; its numbers were graded as they are`);
  }
  if (list.length !== expected.length) return mismatch('shape', shapeName(expected));
  expected.forEach((item, i) => checkShape(list[i], item, [...path, i], walk));
}

function* leaves(actual: unknown, expected: Expected, path: number[] = []): Generator<[number, number, number[]]> {
  if (typeof expected === 'number') {
    yield [actual as number, expected, path];
    return;
  }
  const list = asNumberList(actual) as readonly unknown[];
  for (let i = 0; i < expected.length; i++) yield* leaves(list[i], expected[i], [...path, i]);
}

/**
 * Compares a learner's value with the reference's: type, then shape, then every number within tolerance.
 * `equalNan` (numpy's option of that name) lets NaN match NaN: never in grading, but when the learner's answers
 * are compared with each other, or with a known wrong formula, a NaN in the same place is agreement.
 */
export function compare(actual: unknown, expected: Expected, tolerance: Tolerance, { equalNan = false } = {}): Comparison {
  const walk: Walk = { notes: new Set() };
  checkShape(actual, expected, [], walk);
  const notes = [...walk.notes];
  if (walk.problem) return { ...walk.problem, notes };

  let first: [number, number, number[]] | undefined;
  let mismatches = 0;
  for (const leaf of leaves(actual, expected)) {
    if (isClose(leaf[0], leaf[1], tolerance) || (equalNan && Number.isNaN(leaf[0]) && Number.isNaN(leaf[1]))) continue;
    mismatches++;
    first ??= leaf;
  }
  if (!first) return { ok: true, notes };
  const [actualValue, expectedValue, index] = first;
  const absoluteError = Math.abs(actualValue - expectedValue);
  const relativeError = expectedValue === 0 ? Infinity : absoluteError / Math.abs(expectedValue);
  const where = index.length === 0 ? '' : ` at [${index.join('][')}]`;
  return {
    ok: false,
    kind: 'value',
    message: `expected ${formatNumber(expectedValue)}${where}, got ${formatNumber(actualValue)}`,
    notes,
    index,
    actualValue,
    expectedValue,
    absoluteError,
    relativeError,
    mismatches,
  };
}
