// The cases each function is graded on: fixed cases from the lesson's data, seeded random cases of many
// sizes, edge cases and properties, then the random inputs fast-check draws (properties.ts). Expected values
// come from the trusted reference, never typed in here.
import type { FunctionName } from '../../curriculum/index.ts';
import type { Expected } from '../compare.ts';
import { REACH, REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import type { Argument, Case, CaseRelation, Property, RelationKind } from '../types.ts';
import { isCountingStandIn } from './counting-distance.ts';
import { MISMATCH, createInputs, unevenRows, type Inputs, type Rows } from './inputs.ts';
import { deserialize, serialize } from 'node:v8';
import { serializedCalls } from '../sandbox/protocol.ts';
import { keepCases, keptCases, type KeptCases } from './kept.ts';
import type { PropertyDraws } from './properties.ts';
import { RELATIONS, derive } from './relations.ts';

/** A case before its expected value is known. */
export interface Draft {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly property?: Property;
  /** Set when the call must throw; the Error message must mention each string. */
  readonly throws?: { readonly mentions: readonly string[]; readonly because: string };
  /**
   * The case follows the one before, whose answer it must not repeat: `in-place` hands the function the
   * previous case's very arrays with these numbers written into them, as a caller reusing its arrays does;
   * `nearly` gives numbers too close to the previous ones for a cache keyed by rounded numbers to tell apart.
   */
  readonly after?: 'in-place' | 'nearly';
}

/** Lengths beyond the model's 384, where a fixed-size scratch buffer (1024 slots, say) overflows. */
const LARGE_DIMENSIONS = [1536, 4096] as const;

const zeros = (length: number) => new Array<number>(length).fill(0);

const oneAgainstMany = {
  mentions: ['1', String(MISMATCH.long)],
  because: `a vector of 1 component cannot be compared with one of ${MISMATCH.long}; the Error must name both lengths`,
};

const mismatchedThrow = {
  mentions: [String(MISMATCH.short), String(MISMATCH.long)],
  because: `vectors of lengths ${MISMATCH.short} and ${MISMATCH.long} cannot be compared component by component; the Error must name both lengths`,
};

/** What the notebook printed for Bugs documents 0 and 1, by the function that computes it. */
const NOTEBOOK_PAIR = { euclidean: '5.96', dot: '18.54', cosine: '0.51' } as const;

/** The cases of a function of two vectors, titled for that function. */
const pairCases = (name: keyof typeof NOTEBOOK_PAIR) => ({ bugs, random, dimensions }: Inputs): Draft[] => [
    { name: `Bugs documents 0 and 1 (the notebook prints ${NOTEBOOK_PAIR[name]})`, args: [bugs[0], bugs[1]] },
    { name: 'Bugs documents 2 and 3', args: [bugs[2], bugs[3]] },
    { name: 'Bugs documents 1 and 0 (order swapped)', args: [bugs[1], bugs[0]] },
    { name: name === 'euclidean' ? 'a classic 3-4-5 triangle' : 'a zero vector and [3, 4]', args: [[0, 0], [3, 4]] },
    ...dimensions.map((d) => ({ name: `random ${d}-dimensional vectors`, args: [random.vector(d, -3, 3), random.vector(d, -3, 3)] })),
    { name: 'one component each', args: [[2], [-1]] },
    { name: 'a vector with itself', args: [bugs[2], bugs[2]] },
    { name: 'a zero vector and another vector', args: [[0, 0, 0], [1, -2, 2]] },
    // Both orders of every asymmetric case: a check made on one argument only must show.
    { name: 'another vector and a zero vector', args: [[1, -2, 2], [0, 0, 0]] },
    { name: 'parallel vectors of different lengths (norms)', args: [[1, 2, 3], [2, 4, 6]] },
    { name: 'opposite vectors', args: [[1, -1, 0.5], [-2, 2, -1]] },
    { name: 'two close vectors far from the origin', args: [[1000, 1000.001], [1000, 1000]] },
    { name: 'two nearly orthogonal vectors, neither along an axis', args: NEARLY_ORTHOGONAL },
    {
      name: `mismatched lengths (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [random.vector(MISMATCH.short), random.vector(MISMATCH.long)],
      throws: mismatchedThrow,
    },
    {
      name: `mismatched lengths, the longer first (${MISMATCH.long} and ${MISMATCH.short})`,
      args: [random.vector(MISMATCH.long), random.vector(MISMATCH.short)],
      throws: mismatchedThrow,
    },
    // One component against several: mathjs broadcasts it ([5] − [1, 2] is [4, 3]) instead of refusing.
    { name: `one component against ${MISMATCH.long}`, args: [[5], random.vector(MISMATCH.long)], throws: oneAgainstMany },
    { name: `${MISMATCH.long} components against one`, args: [random.vector(MISMATCH.long), [5]], throws: oneAgainstMany },
    // Checked before the zero-vector shortcut: a zero vector of another length is as wrong as any other.
    { name: `a zero vector of ${MISMATCH.short} components and a vector of ${MISMATCH.long}`, args: [zeros(MISMATCH.short), random.vector(MISMATCH.long)], throws: mismatchedThrow },
    { name: `a vector of ${MISMATCH.long} components and a zero vector of ${MISMATCH.short}`, args: [random.vector(MISMATCH.long), zeros(MISMATCH.short)], throws: mismatchedThrow },
    // Just past what the tolerance counts as 0: a cut-off that calls such answers 0 shows.
    { name: 'two vectors 1.2e-8 apart', args: [[1, 1], [1, 1 + 1.2e-8]] },
    { name: 'two tiny vectors (their dot product is 1.2e-8)', args: [[1.2e-4, 0], [1e-4, 0]] },
    ...LARGE_DIMENSIONS.map((d) => ({ name: `random ${d}-dimensional vectors`, args: [random.vector(d, -3, 3), random.vector(d, -3, 3)] })),
    ...NEARLY_THE_SAME,
    ...sameArraysAgain(
      [[1, 2, 2], [4, -4, 2]],
      ['the first', [[2, -1, 2], [4, -4, 2]]],
      ['the second', [[2, -1, 2], [0, 3, 4]]],
    ),
  ];

/**
 * Inputs that differ by less than a cache keyed by rounded numbers can tell apart, one call after the other,
 * with answers near 0 so that the difference shows: each answer must be its own, not the one before's.
 */
const NEARLY_THE_SAME: readonly Draft[] = [
  { name: 'two nearly orthogonal vectors', args: [[1, 1e-7, 0], [0, 1, 0]] },
  { name: 'the same, 3e-7 less orthogonal (just after)', args: [[1, 4e-7, 0], [0, 1, 0]], after: 'nearly' },
  { name: 'two nearly equal vectors', args: [[1, 0, 0], [1, 1e-7, 0]] },
  { name: 'the same, 3e-7 further apart (just after)', args: [[1, 0, 0], [1, 4e-7, 0]], after: 'nearly' },
  // Equal to five significant digits, with answers that differ from the fifth on.
  { name: 'two vectors whose components differ by 4e-5 in size', args: [[2, 2.00004], [1, -1]] },
  { name: 'the same, by 1e-5 (just after)', args: [[2, 2.00001], [1, -1]], after: 'nearly' },
];

/** Rows a rounding cache mixes up: nearly orthogonal rows, and a tiny row that grows, one call after the other. */
const NEARLY_THE_SAME_ROWS: readonly Rows[] = [
  [[1, 1e-7, 0], [0, 1, 0], [3e-5, 0, 0]],
  [[1, 4e-7, 0], [0, 1, 0], [7e-5, 0, 0]],
];

/**
 * A case, then the same arrays again after the caller wrote other numbers into them (`changes`: which argument
 * or row, and the arguments afterwards): a function that keeps answers between calls, keyed by the array
 * objects, gives the earlier answer.
 */
function sameArraysAgain(first: readonly Argument[], ...changes: readonly [string, readonly Argument[]][]): Draft[] {
  return [
    { name: 'arguments a caller will reuse', args: first },
    ...changes.map(([which, args]): Draft => ({ name: `the same arrays again, the caller having written new numbers into ${which}`, args, after: 'in-place' })),
  ];
}

function matrixCases({ bugs, random, dimensions }: Inputs, properties: readonly Property[], extra: readonly Argument[] = []): Draft[] {
  const withExtra = (rows: Rows): Argument[] => [rows, ...extra];
  return [
    { name: 'the four Bugs documents (4×384)', args: withExtra(bugs) },
    ...dimensions.map((d, i) => ({ name: `${i + 2} random ${d}-dimensional vectors`, args: withExtra(unevenRows(random, i + 2, d)) })),
    { name: 'a single vector', args: withExtra([[1, 2, 3]]) },
    { name: 'three vectors of one component', args: withExtra([[1], [-2], [0.5]]) },
    { name: 'a zero vector among others', args: withExtra([[0, 0, 0], [1, 2, 2], [-3, 0, 4]]) },
    { name: 'two identical vectors', args: withExtra([[1, 1], [1, 1], [2, -1]]) },
    { name: 'more vectors than components (5×2)', args: withExtra(unevenRows(random, 5, 2)) },
    ...properties.map((property) => ({
      name: `property: ${PROPERTY_NAMES[property]} (6 random vectors)`,
      args: withExtra(unevenRows(random, 6, 10)),
      property,
    })),
    { name: '40 vectors (more than 32)', args: withExtra(unevenRows(random, 40, 3)) },
    { name: '40 vectors, two of them close together far from the origin', args: withExtra([...CLOSE_AND_FAR, ...unevenRows(random, 38, 3)]) },
    { name: 'one 2048-dimensional vector and two more', args: withExtra(unevenRows(random, 3, 2048)) },
    ...commonRowCases(withExtra),
    {
      name: `rows of mismatched lengths (${MISMATCH.short} and ${MISMATCH.long})`,
      args: withExtra([random.vector(MISMATCH.short), random.vector(MISMATCH.long)]),
      throws: mismatchedThrow,
    },
    { name: `a row of one component among rows of ${MISMATCH.long}`, args: withExtra([random.vector(MISMATCH.long), [5], random.vector(MISMATCH.long)]), throws: oneAgainstMany },
    { name: `a zero row of ${MISMATCH.short} components among rows of ${MISMATCH.long}`, args: withExtra([random.vector(MISMATCH.long), zeros(MISMATCH.short)]), throws: mismatchedThrow },
  ];
}

/** Their cosine, −1.5e-7, is small enough for float32's errors of about 1e-7 to show. */
const NEARLY_ORTHOGONAL: Rows = [[1, 1], [1, -1.0000003]];

/** Two rows a thousandth apart, ten thousand from the origin: a formula through squared lengths loses their distance. */
const CLOSE_AND_FAR: Rows = [[10_000, 10_000.001, 1], [10_000, 10_000, 1]];

/**
 * Cases of every function of a list of vectors: none at all, one array in two places (a caller passing the same
 * vector twice), a row at the edge of the tolerance, the same arrays again after a change in place, and rows
 * nearly the same as the call before's.
 */
const commonRowCases = (withExtra: (rows: Rows) => Argument[]): Draft[] => [
  { name: 'no vectors at all', args: withExtra([]) },
  { name: 'the same array twice among the vectors', args: withExtra(((v) => [v, [2, -1, 0.5], v])([1, 2, 2])) },
  { name: 'a vector of length 1.2e-8 among others', args: withExtra([[1.2e-8, 0], [3, 4], [-1, 1]]) },
  { name: 'two nearly orthogonal vectors, neither along an axis, and a third', args: withExtra([...NEARLY_ORTHOGONAL, [2, 0.5]]) },
  ...sameArraysAgain(withExtra([[1, 2, 2], [4, -4, 2], [0, 3, 4]]), ['the second row', withExtra([[1, 2, 2], [2, -1, 2], [0, 3, 4]])]),
  { name: 'nearly orthogonal rows and a tiny one', args: withExtra(NEARLY_THE_SAME_ROWS[0]) },
  { name: 'the same, 3e-7 less orthogonal and the tiny row 4e-5 longer (just after)', args: withExtra(NEARLY_THE_SAME_ROWS[1]), after: 'nearly' },
];

function rowCases({ bugs, random, dimensions }: Inputs, properties: readonly Property[]): Draft[] {
  return [
    { name: 'the four Bugs documents (4×384)', args: [bugs] },
    ...dimensions.map((d, i) => ({ name: `${i + 2} random ${d}-dimensional vectors`, args: [unevenRows(random, i + 2, d)] })),
    { name: 'a single vector', args: [[[3, 4]]] },
    { name: 'a zero vector among others', args: [[[0, 0, 0], [1, 2, 2], [0, -5, 0]]] },
    { name: 'more vectors than components (5×2)', args: [unevenRows(random, 5, 2)] },
    { name: 'fewer vectors than components (2×5)', args: [unevenRows(random, 2, 5)] },
    { name: '40 vectors (more than 32)', args: [unevenRows(random, 40, 3)] },
    ...LARGE_DIMENSIONS.map((d) => ({ name: `2 random ${d}-dimensional vectors`, args: [unevenRows(random, 2, d)] })),
    ...properties.map((property) => ({ name: `property: ${PROPERTY_NAMES[property]} (6 random vectors)`, args: [unevenRows(random, 6, 10)], property })),
    ...commonRowCases((rows) => [rows]),
  ];
}

function vectorCases({ bugs, random, dimensions }: Inputs): Draft[] {
  return [
    ...bugs.map((row, i) => ({ name: `Bugs document ${i}`, args: [row] })),
    ...dimensions.map((d) => ({ name: `a random ${d}-dimensional vector`, args: [random.vector(d, -3, 3)] })),
    { name: 'a 3-4-5 vector', args: [[3, 4]] },
    { name: 'one negative component', args: [[-4]] },
    { name: 'a zero vector', args: [[0, 0, 0]] },
    ...LARGE_DIMENSIONS.map((d) => ({ name: `a random ${d}-dimensional vector`, args: [random.vector(d, -3, 3)] })),
    { name: 'a vector of length 1.2e-8', args: [[1.2e-8, 0]] },
    ...sameArraysAgain([[3, 4]], ['it', [[5, 12]]]),
    { name: 'a tiny vector', args: [[3e-5, 0]] },
    { name: 'a tiny vector 4e-5 longer (just after)', args: [[7e-5, 0]], after: 'nearly' },
  ];
}

function searchCases({ bugs, random }: Inputs, withK: (k: number) => Argument[]): Draft[] {
  const documents = unevenRows(random, 8, 16);
  return [
    ...bugs.map((row, i) => ({ name: `Bugs document ${i} as the query`, args: [row, bugs, ...withK(2)] })),
    { name: 'the query points like a short document, not like a long one', args: [[1, 0], [[10, 10], [1, 0.1]], ...withK(1)] },
    ...[2, 8, 50, 384].map((d) => ({
      name: `a random ${d}-dimensional query among 8 documents`,
      args: [random.vector(d), unevenRows(random, 8, d), ...withK(3)],
    })),
    { name: 'a random query among documents of uneven lengths', args: [random.vector(16), documents, ...withK(4)] },
    { name: 'a single document', args: [[1, 2], [[3, -1]], ...withK(1)] },
    // Tied documents are identical vectors: only then is the tie exact under every correct formula.
    // Not adjacent, so "the lower tie + 1" (a one-based index) is not "the higher tie".
    { name: 'ties: two identical best documents', args: [[1, 0.5], [[0, 1], [2, 0.5], [-1, 1], [2, 0.5]], ...withK(2)] },
    { name: 'ties: every document the same', args: [[1, 1], [[2, -1], [2, -1], [2, -1]], ...withK(2)] },
    { name: 'one-component vectors', args: [[1], [[-2], [3], [0.5]], ...withK(2)] },
    // A tie across the k-th place: the lower index stays in.
    { name: 'ties: two identical documents, only one of which makes the top 2', args: [[1, 0], [[1, 1], [1, 1], [1, 0]], ...withK(2)] },
    { name: 'ties: three identical documents behind the best, top 2', args: [[1, 0], [[1, 1], [2, 0], [1, 1], [1, 1]], ...withK(2)] },
    // Scores 5e-9 apart, which float32 cannot tell apart.
    { name: 'two scores that differ in the ninth digit', args: [[1, 0], [[1, 1e-4], [1, 0]], ...withK(2)] },
    // More documents than a 16-bit index can count: the best and the top ones are near the end.
    { name: `${MANY_DOCUMENTS.toLocaleString('en')} documents`, args: [[1, 0.5], manyDocuments(random), ...withK(3)] },
    // A zero query first: a length kept for the query array is then 0, and every later score with it.
    ...sameArraysAgain(
      [[0, 0], [[1, 1], [0, 1], [-1, 0]], ...withK(2)],
      ['the query', [[0, 1], [[1, 1], [0, 1], [-1, 0]], ...withK(2)]],
      ['a document', [[0, 1], [[1, 1], [1, -1], [-1, 0]], ...withK(2)]],
    ),
    { name: 'two documents nearly orthogonal to the query', args: [[0, 1], [[1, 1e-7], [1, -1e-7]], ...withK(1)] },
    { name: 'the same two documents swapped (just after)', args: [[0, 1], [[1, -1e-7], [1, 1e-7]], ...withK(1)], after: 'nearly' },
    {
      name: `a query and documents of mismatched lengths (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [random.vector(MISMATCH.short), [random.vector(MISMATCH.long), random.vector(MISMATCH.long)], ...withK(1)],
      throws: mismatchedThrow,
    },
    { name: `a query of one component and documents of ${MISMATCH.long}`, args: [[5], [random.vector(MISMATCH.long), random.vector(MISMATCH.long)], ...withK(1)], throws: oneAgainstMany },
    // Every document is checked, before any shortcut: a zero query, a single document.
    { name: `a zero query of ${MISMATCH.short} components and documents of ${MISMATCH.long}`, args: [zeros(MISMATCH.short), [random.vector(MISMATCH.long)], ...withK(1)], throws: mismatchedThrow },
    { name: `a single document, of another length than the query (${MISMATCH.short} and ${MISMATCH.long})`, args: [random.vector(MISMATCH.short), [random.vector(MISMATCH.long)], ...withK(1)], throws: mismatchedThrow },
    {
      name: `a document of another length after one of the right length (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [random.vector(MISMATCH.short), [random.vector(MISMATCH.short), random.vector(MISMATCH.long)], ...withK(1)],
      throws: mismatchedThrow,
    },
  ];
}

/** Past what a 16-bit index holds (65,535). */
const MANY_DOCUMENTS = 70_000;

/**
 * Documents of two components pointing away from [1, 0.5] (none scores above 0.45), then the three closest to it
 * at the end, past what a 16-bit index holds. The first ones are 1,000 arrays, each passed 70 times as a caller
 * may pass one vector several times: the sandbox copies and checks each array once, so the case costs the
 * grader little while the function still sees 70,000 documents.
 */
function manyDocuments(random: Inputs['random']): Rows {
  const distinct = Array.from({ length: 1000 }, () => [random.uniform(-1, 0), random.uniform(-1, 1)]);
  const documents = Array.from({ length: MANY_DOCUMENTS - 3 }, (_, i) => distinct[i % distinct.length]);
  return [...documents, [1, 0.45], [1, 0.5], [1, 0.55]];
}

const PROPERTY_NAMES: Record<Property, string> = {
  symmetric: 'the matrix is symmetric',
  'zero-diagonal': 'the diagonal is zero',
  'unit-rows': 'every non-zero row has length 1',
  'each-pair-once': 'distance is called once per pair, never for a vector with itself',
};

const DRAFTS: Record<FunctionName, (inputs: Inputs, countingKey: string) => Draft[]> = {
  euclidean: pairCases('euclidean'),
  dot: pairCases('dot'),
  cosine: pairCases('cosine'),
  euclideanMatrix: (inputs) => matrixCases(inputs, ['symmetric', 'zero-diagonal']),
  euclideanMatrixSymmetric: (inputs, countingKey) => [
    ...matrixCases(inputs, ['symmetric', 'zero-diagonal', 'each-pair-once'], [{ $sandbox: 'counting-distance', key: countingKey }]).filter((draft) => !draft.throws),
    { name: 'without a distance argument (the default is euclidean)', args: [inputs.bugs] },
    {
      name: `rows of mismatched lengths with the default distance (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [[inputs.random.vector(MISMATCH.short), inputs.random.vector(MISMATCH.long)]],
      throws: mismatchedThrow,
    },
  ],
  dotMatrix: (inputs) => matrixCases(inputs, ['symmetric']),
  dotDistanceMatrix: (inputs) => matrixCases(inputs, ['symmetric']),
  cosineMatrix: (inputs) => matrixCases(inputs, ['symmetric']),
  cosineDistanceMatrix: (inputs) => matrixCases(inputs, ['symmetric']),
  norm: vectorCases,
  norms: (inputs) => rowCases(inputs, []),
  normalize: (inputs) => rowCases(inputs, ['unit-rows']),
  querySearch: (inputs) => [
    ...searchCases(inputs, () => []),
    { name: 'no documents at all', args: [[1, 2], []], throws: { mentions: [], because: 'there is no best document among none' } },
  ],
  topK: (inputs) => [
    ...searchCases(inputs, (k) => [k]),
    { name: 'k larger than the number of documents', args: [[1, 0], [[0, 1], [1, 0], [1, 1]], 10] },
    { name: 'k = 0', args: [[1, 0], [[0, 1], [1, 0]], 0] },
    { name: 'k equal to the number of documents', args: [inputs.bugs[1], inputs.bugs, 4] },
    { name: 'k = −1', args: [[1, 0], [[0, 1], [1, 0]], -1], throws: { mentions: [], because: 'a negative k is a mistake by the caller' } },
    { name: 'k = 1.5', args: [[1, 0], [[0, 1], [1, 0]], 1.5], throws: { mentions: [], because: 'k must be a whole number' } },
    { name: 'k = Infinity', args: [[1, 0], [[0, 1], [1, 0]], Infinity], throws: { mentions: [], because: 'Infinity is not a whole number' } },
    {
      name: `k = 0 with documents of another length than the query (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [inputs.random.vector(MISMATCH.short), [inputs.random.vector(MISMATCH.long)], 0],
      throws: { ...mismatchedThrow, because: `${mismatchedThrow.because}, even when k = 0 asks for nothing` },
    },
    // Invalid k behind every shortcut a function may take first: no documents, k at least the number of documents.
    { name: 'k = 2.5 and no documents', args: [[1, 0], [], 2.5], throws: { mentions: [], because: 'k must be a whole number, checked before any shortcut' } },
    { name: 'k = −1 and no documents', args: [[1, 0], [], -1], throws: { mentions: [], because: 'a negative k is a mistake, checked before any shortcut' } },
    { name: 'k = 2.5 with 2 documents (k ≥ n)', args: [[1, 0], [[0, 1], [1, 0]], 2.5], throws: { mentions: [], because: 'k must be a whole number, even when it is at least the number of documents' } },
    { name: 'k = 3 with 2 documents', args: [[1, 0], [[0, 1], [1, 0]], 3] },
    { name: 'k = 0 and no documents', args: [[1, 0], [], 0] },
  ],
};

/**
 * A case with its expected value from the reference: it throws where the draft says, or returns what the
 * reference does. A case that follows another (`after`) carries the previous case's answer: `before`.
 */
export function caseFor(name: FunctionName, { throws, after, ...draft }: Draft, before?: Case): Case {
  frozen(draft.args);
  const reference = REFERENCE[name] as (...args: unknown[]) => unknown;
  if (throws) return { ...draft, expect: { throws } };
  const follows = after && before && 'returns' in before.expect ? { previous: before.expect.returns, ...(after === 'in-place' ? { inPlace: true } : {}) } : {};
  return { ...draft, expect: { returns: reference(...referenceArgs(draft.args)) as Expected }, ...follows };
}

/** The cases, each knowing the one before it. */
function casesFor(name: FunctionName, drafts: readonly Draft[]): Case[] {
  const cases: Case[] = [];
  for (const draft of drafts) cases.push(caseFor(name, draft, cases.at(-1)));
  return cases;
}

export interface CaseTable {
  /** The fixed cases, then the random ones, then those derived from the random ones. */
  readonly cases: readonly Case[];
  /** Each case's arguments serialized, as a job hands them to the sandbox (`SandboxJob.calls`). */
  readonly calls: readonly Uint8Array[];
  /** How many numbers each case's arguments hold. */
  readonly numbers: readonly number[];
  readonly random: {
    /** Where the random cases begin among the cases: the n-th draw is case `first + n`. */
    readonly first: number;
    readonly count: number;
    /** The draws again, the same for the seed, with the context fast-check shrinks one from when it fails. */
    readonly draw: () => Promise<PropertyDraws>;
  };
}

/** What to keep between runs: the cases of a seed are kept unless asked not to (a fresh secret seed every run). */
export interface BuildOptions {
  /** `memory`: kept by this process only, never written (class grading's secret seed, the same for every student). */
  readonly keep?: boolean | 'memory';
}

/** How many numbers a value holds, in arrays at any depth. */
export const numbersIn = (value: unknown): number => (Array.isArray(value) ? value.reduce((sum: number, item) => sum + numbersIn(item), 0) : typeof value === 'number' ? 1 : 0);

/**
 * The cases of one function. The seed decides the inputs; `countingKey` (hex, fresh for every grading run)
 * decides the values of the counting distance euclideanMatrixSymmetric is given. fast-check is loaded only when
 * the cases are drawn, not when they were kept (kept.ts); the arguments of kept cases are read only where asked.
 */
export async function buildCases(name: FunctionName, seed: number, countingKey: string, { keep = false }: BuildOptions = {}): Promise<CaseTable> {
  // Each function gets its own streams, so adding a case to one function never changes another's inputs.
  const ownSeed = seed + ([...name].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 0) % 1_000_003);
  const drawn = async () => (await import('./properties.ts')).drawProperty(name, ownSeed, countingKey);
  let draws: Promise<PropertyDraws> | undefined;
  const draw = () => (draws ??= drawn());
  // A student copy has no reference to draw new cases with: only the public ones it ships, for its one seed.
  if (REACH.kind === 'public' && seed !== REACH.seed) throw new Error(`this copy of the grader holds the cases of seed ${REACH.seed} only, not ${seed}`);
  const kept = REACH.kind === 'public' ? REACH.cases(name) : keep ? keptCases(name, seed, keep === true) : undefined;
  if (kept) {
    const cases = kept.cases.map((meta, i) => withArgsFrom(meta, kept.calls[i]));
    return { ...withCountingKey(name, cases, kept.calls, new Set(kept.counted), countingKey), numbers: kept.numbers, random: { first: kept.firstRandom, count: kept.randomCount, draw } };
  }
  const fixed = casesFor(name, DRAFTS[name](createInputs(ownSeed), countingKey));
  const properties = await draw();
  const random = properties.draws.map((value, i) => caseFor(name, { name: `random input ${i + 1} of ${properties.draws.length}`, args: value.value }));
  const cases = [...fixed, ...random, ...relatedCases(name, random, fixed.length)];
  const table = { cases, calls: serializedCalls(cases.map((testCase) => testCase.args)), numbers: cases.map((testCase) => numbersIn(testCase.args)), random: { first: fixed.length, count: random.length, draw } };
  if (keep) keepCases(name, seed, keptForm(table), keep === true);
  return table;
}

/** A table as it is kept: the arguments as bytes only, and which cases are given a counting distance. */
export function keptForm({ cases, calls, numbers, random }: CaseTable): KeptCases {
  const counted = cases.flatMap((testCase, i) => (testCase.args.some(isCountingStandIn) ? [i] : []));
  return { cases: cases.map(({ args: _, ...meta }) => meta), calls, numbers, counted, firstRandom: random.first, randomCount: random.count };
}

/**
 * Arguments made unchangeable, all the way down: the grader remembers answers and digests by the arrays
 * themselves (diagnose.ts, public-answers.ts), which is right only while no array changes after it was read.
 */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) frozen(item);
    Object.freeze(value);
  }
  return value;
}

/** A kept case whose arguments are read from their bytes the first time something asks for them. */
function withArgsFrom(meta: Omit<Case, 'args'>, bytes: Uint8Array): Case {
  let args: readonly Argument[] | undefined;
  return Object.defineProperty({ ...meta }, 'args', { enumerable: true, get: () => (args ??= frozen(deserialize(bytes) as Argument[])) }) as Case;
}

/**
 * Kept cases for this run's counting key: the counting distance's values change with it, so the cases given one
 * (`counted`) get its new key and their answers again from the reference, as does a case that must not repeat
 * one of theirs.
 */
function withCountingKey(name: FunctionName, cases: readonly Case[], calls: readonly Uint8Array[], counted: ReadonlySet<number>, key: string): Pick<CaseTable, 'cases' | 'calls'> {
  const reference = REFERENCE[name] as (...args: unknown[]) => unknown;
  const rekeyed: Case[] = [];
  const rekeyedCalls: Uint8Array[] = [];
  cases.forEach((testCase, i) => {
    const before = rekeyed[i - 1];
    const follows = testCase.previous !== undefined && i > 0 && before !== cases[i - 1];
    // Answered for this very key already (a student copy's cases, whose key is fixed). Only a counted case's
    // arguments are read here: the others stay bytes until something asks for them.
    const answered = !counted.has(i) || testCase.args.every((arg) => !isCountingStandIn(arg) || arg.key === key);
    if (answered && !follows) {
      rekeyed.push(testCase);
      rekeyedCalls.push(calls[i]);
      return;
    }
    const args = counted.has(i) ? testCase.args.map((arg) => (isCountingStandIn(arg) ? { ...arg, key } : arg)) : testCase.args;
    const expect = counted.has(i) && 'returns' in testCase.expect ? { returns: reference(...referenceArgs(args)) as Expected } : testCase.expect;
    const previous = follows && 'returns' in before.expect ? { previous: before.expect.returns } : {};
    rekeyed.push({ ...testCase, args, expect, ...previous });
    rekeyedCalls.push(counted.has(i) ? serialize(args) : calls[i]);
  });
  return { cases: rekeyed, calls: rekeyedCalls };
}

/** Random inputs each relation is tried on: the first ones that lend themselves to it. */
const RELATED_PER_KIND = 5;

const RELATION_NAMES: Record<RelationKind, (relation: Omit<CaseRelation, 'from' | 'fromName'>, name: FunctionName) => string> = {
  swapped: () => 'the vectors swapped',
  scaled: ({ factor }, name) => `${name === 'normalize' ? 'every vector' : 'the first vector'} scaled by 2^${Math.log2(factor!)}`,
  permuted: (_, name) => `the ${name === 'querySearch' || name === 'topK' ? 'documents' : 'vectors'} in reverse order`,
};

/** Cases derived from random ones by each relation of the function (see relations.ts). */
function relatedCases(name: FunctionName, random: readonly Case[], offset: number): Case[] {
  const cases: Case[] = [];
  for (const kind of RELATIONS[name] ?? []) {
    let found = 0;
    for (let i = 0; i < random.length && found < RELATED_PER_KIND; i++) {
      const base = random[i];
      const derived = derive(name, kind, base.args);
      if (!derived) continue;
      const relation: CaseRelation = { ...derived.relation, from: offset + i, fromName: base.name };
      cases.push({ ...caseFor(name, { name: `${base.name}, ${RELATION_NAMES[kind](derived.relation, name)}`, args: derived.args }), relation });
      found++;
    }
  }
  return cases;
}
