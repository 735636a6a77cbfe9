// The cases each function is graded on: fixed cases from the lesson's data, seeded random cases of many
// sizes, edge cases, and properties. Expected values come from the trusted reference, never typed in here.
import type { FunctionName } from '../../curriculum/index.ts';
import type { Expected } from '../compare.ts';
import { REFERENCE, referenceArgs } from '../reference.ts';
import type { Argument, Case, Property } from '../types.ts';
import { MISMATCH, createInputs, unevenRows, type Inputs, type Rows } from './inputs.ts';

/** A case before its expected value is known. */
interface Draft {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly property?: Property;
  /** Set when the call must throw; the Error message must mention each string. */
  readonly throws?: { readonly mentions: readonly string[]; readonly because: string };
}

const mismatchedThrow = {
  mentions: [String(MISMATCH.short), String(MISMATCH.long)],
  because: `vectors of lengths ${MISMATCH.short} and ${MISMATCH.long} cannot be compared component by component; the Error must name both lengths`,
};

function pairCases({ bugs, random, dimensions }: Inputs): Draft[] {
  return [
    { name: 'Bugs documents 0 and 1 (the notebook prints 5.96 / 18.54 / 0.51)', args: [bugs[0], bugs[1]] },
    { name: 'Bugs documents 2 and 3', args: [bugs[2], bugs[3]] },
    { name: 'Bugs documents 1 and 0 (order swapped)', args: [bugs[1], bugs[0]] },
    { name: 'a classic 3-4-5 triangle', args: [[0, 0], [3, 4]] },
    ...dimensions.map((d) => ({ name: `random ${d}-dimensional vectors`, args: [random.vector(d, -3, 3), random.vector(d, -3, 3)] })),
    { name: 'one component each', args: [[2], [-1]] },
    { name: 'a vector with itself', args: [bugs[2], bugs[2]] },
    { name: 'a zero vector and another vector', args: [[0, 0, 0], [1, -2, 2]] },
    // Both orders of every asymmetric case: a check made on one argument only must show.
    { name: 'another vector and a zero vector', args: [[1, -2, 2], [0, 0, 0]] },
    { name: 'parallel vectors of different lengths (norms)', args: [[1, 2, 3], [2, 4, 6]] },
    { name: 'opposite vectors', args: [[1, -1, 0.5], [-2, 2, -1]] },
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
    {
      name: `rows of mismatched lengths (${MISMATCH.short} and ${MISMATCH.long})`,
      args: withExtra([random.vector(MISMATCH.short), random.vector(MISMATCH.long)]),
      throws: mismatchedThrow,
    },
  ];
}

function rowCases({ bugs, random, dimensions }: Inputs, properties: readonly Property[]): Draft[] {
  return [
    { name: 'the four Bugs documents (4×384)', args: [bugs] },
    ...dimensions.map((d, i) => ({ name: `${i + 2} random ${d}-dimensional vectors`, args: [unevenRows(random, i + 2, d)] })),
    { name: 'a single vector', args: [[[3, 4]]] },
    { name: 'a zero vector among others', args: [[[0, 0, 0], [1, 2, 2], [0, -5, 0]]] },
    { name: 'more vectors than components (5×2)', args: [unevenRows(random, 5, 2)] },
    { name: 'fewer vectors than components (2×5)', args: [unevenRows(random, 2, 5)] },
    ...properties.map((property) => ({ name: `property: ${PROPERTY_NAMES[property]} (6 random vectors)`, args: [unevenRows(random, 6, 10)], property })),
  ];
}

function vectorCases({ bugs, random, dimensions }: Inputs): Draft[] {
  return [
    ...bugs.map((row, i) => ({ name: `Bugs document ${i}`, args: [row] })),
    ...dimensions.map((d) => ({ name: `a random ${d}-dimensional vector`, args: [random.vector(d, -3, 3)] })),
    { name: 'a 3-4-5 vector', args: [[3, 4]] },
    { name: 'one negative component', args: [[-4]] },
    { name: 'a zero vector', args: [[0, 0, 0]] },
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
    {
      name: `a query and documents of mismatched lengths (${MISMATCH.short} and ${MISMATCH.long})`,
      args: [random.vector(MISMATCH.short), [random.vector(MISMATCH.long), random.vector(MISMATCH.long)], ...withK(1)],
      throws: mismatchedThrow,
    },
  ];
}

const PROPERTY_NAMES: Record<Property, string> = {
  symmetric: 'the matrix is symmetric',
  'zero-diagonal': 'the diagonal is zero',
  'unit-rows': 'every non-zero row has length 1',
  'each-pair-once': 'distance is called once per pair, never for a vector with itself',
};

const DRAFTS: Record<FunctionName, (inputs: Inputs, countingKey: string) => Draft[]> = {
  euclidean: pairCases,
  dot: pairCases,
  cosine: pairCases,
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
  ],
};

/**
 * The cases of one function. The seed decides the inputs; `countingKey` (hex, fresh for every grading run)
 * decides the values of the counting distance euclideanMatrixSymmetric is given.
 */
export function buildCases(name: FunctionName, seed: number, countingKey: string): Case[] {
  const reference = REFERENCE[name] as (...args: unknown[]) => unknown;
  // Each function gets its own stream, so adding a case to one function never changes another's inputs.
  const inputs = createInputs(seed + [...name].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 0) % 1_000_003);
  return DRAFTS[name](inputs, countingKey).map(({ throws, ...draft }) =>
    throws
      ? { ...draft, expect: { throws } }
      : { ...draft, expect: { returns: reference(...referenceArgs(draft.args)) as Expected } },
  );
}
