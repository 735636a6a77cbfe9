// Metamorphic relations: inputs changed in a way whose effect on the answer is known (vectors swapped, scaled
// by a power of two, rows or documents reordered). Each derived input is a case like any other, compared with
// the reference; when it fails, the grader also sets the learner's answer against their own answer to the
// original input, so the feedback can say which rule their function breaks ("swapping the vectors changed
// the answer"), which is often clearer than a number that is off.
import type { FunctionName } from '../../curriculum/index.ts';
import type { Argument, CaseRelation, RelationKind } from '../types.ts';

type Vector = readonly number[];
type Rows = readonly Vector[];

/** The relations each function is held to. */
export const RELATIONS: Readonly<Partial<Record<FunctionName, readonly RelationKind[]>>> = {
  euclidean: ['swapped'],
  dot: ['swapped'],
  cosine: ['swapped', 'scaled'],
  euclideanMatrix: ['permuted'],
  euclideanMatrixSymmetric: ['permuted'],
  dotMatrix: ['permuted'],
  dotDistanceMatrix: ['permuted'],
  cosineMatrix: ['permuted'],
  cosineDistanceMatrix: ['permuted'],
  norms: ['permuted'],
  normalize: ['permuted', 'scaled'],
  querySearch: ['permuted'],
  topK: ['permuted'],
};

/** A power of two: scaling by it is exact, so every correct formula gives the same answer before and after. */
const SCALE_POWER = 20;

/** 2^20 or 2^-20, whichever keeps every number within the range the rules promise; undefined if neither does. */
function scaleFor(numbers: readonly number[]): number | undefined {
  const sizes = numbers.filter((x) => x !== 0).map(Math.abs);
  if (sizes.length === 0) return undefined;
  const [least, most] = [Math.min(...sizes), Math.max(...sizes)];
  for (const factor of [2 ** SCALE_POWER, 2 ** -SCALE_POWER]) if (least * factor >= 1e-150 && most * factor <= 1e150) return factor;
  return undefined;
}

/** Rows in reverse order: row k of the new list is row `order[k]` of the old one. */
const reversed = (count: number) => Array.from({ length: count }, (_, k) => count - 1 - k);

const distinct = (rows: Rows) => new Set(rows.map((row) => row.join())).size === rows.length;

/** The input changed by `kind`, and how, or undefined when this input does not lend itself to it. */
export function derive(name: FunctionName, kind: RelationKind, args: readonly Argument[]): { args: Argument[]; relation: Omit<CaseRelation, 'from' | 'fromName'> } | undefined {
  const [first, second, ...rest] = args;
  if (kind === 'swapped') return { args: [second, first, ...rest], relation: { kind } };
  if (kind === 'scaled') {
    // cosine: the first vector only; normalize: every row.
    const rows = name === 'normalize' ? (first as Rows) : [first as Vector];
    const factor = scaleFor(rows.flat());
    if (factor === undefined) return undefined;
    const scaled = rows.map((row) => row.map((x) => x * factor));
    return { args: name === 'normalize' ? [scaled] : [scaled[0], second, ...rest], relation: { kind, factor } };
  }
  // Permuted: the rows of a matrix function, or the documents of a search (whose ranking must have no ties,
  // or the lower index would win differently).
  const search = name === 'querySearch' || name === 'topK';
  const rows = (search ? second : first) as Rows;
  if (rows.length < 2 || (search && !distinct(rows))) return undefined;
  const order = reversed(rows.length);
  const moved = order.map((k) => rows[k]);
  return { args: search ? [first, moved, ...rest] : [moved, ...(second === undefined ? [] : [second]), ...rest], relation: { kind, order } };
}

/** What the relation says of the answer: the learner's answer to the original input, carried over. */
export function carryOver(name: FunctionName, relation: CaseRelation, before: unknown): unknown {
  if (relation.kind !== 'permuted') return before;
  const order = relation.order!;
  const isIndex = (i: unknown): i is number => Number.isInteger(i) && (i as number) >= 0 && (i as number) < order.length;
  const newPlace = (i: number) => order.indexOf(i);
  if (name === 'querySearch') return isIndex(before) ? newPlace(before) : undefined;
  if (name === 'topK') return Array.isArray(before) && before.every(isIndex) ? before.map(newPlace) : undefined;
  if (!Array.isArray(before) || before.length !== order.length) return undefined;
  const rows = order.map((k) => before[k] as unknown);
  // A matrix: its columns move with its rows.
  if (name === 'norms' || name === 'normalize') return rows;
  return rows.every((row) => Array.isArray(row) && row.length === order.length) ? rows.map((row) => order.map((k) => (row as unknown[])[k])) : undefined;
}

/** The rule, in words, for the feedback. */
export function describeRelation(name: FunctionName, relation: CaseRelation): string {
  if (relation.kind === 'swapped') return 'swapping the two vectors must not change the answer';
  if (relation.kind === 'scaled') {
    const by = `2^${Math.log2(relation.factor!)}`;
    return name === 'normalize' ? `scaling every vector by ${by} must not change its direction` : `scaling the first vector by ${by} must not change the cosine`;
  }
  if (name === 'querySearch' || name === 'topK') return 'putting the documents in reverse order must move each answer with its document, and change nothing else';
  if (name === 'norms' || name === 'normalize') return 'putting the vectors in reverse order must reverse the results, and change nothing else';
  return 'putting the vectors in reverse order must reverse the rows and columns of the matrix, and change nothing else';
}
