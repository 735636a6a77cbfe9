// Whether a model is the notebook's: its vectors of the four lesson documents must give back every figure the
// notebook printed about them (curriculum/notebook.ts): their first and last three components, lengths, dot
// products, distances and cosine similarities. A figure agrees within float32 arithmetic done by another
// runtime (ONNX here, PyTorch there, on whatever CPU): 1e-5 relative, 1e-5 absolute. Any other model misses by
// about 1e-1, in nearly every figure. The figures are computed with mathjs, not with any solution of the lessons.
import { distance, dot, norm } from 'mathjs';
import { loadBugsData } from '../curriculum/data.ts';
import { EDGE_COLUMNS, PRINTED_COSINES, PRINTED_DOT_PRODUCTS, PRINTED_EDGE_COMPONENTS, PRINTED_L2_DISTANCES, PRINTED_NORMS } from '../curriculum/notebook.ts';
import type { Embedder } from './embedder.ts';

export const AGREEMENT = { rtol: 1e-5, atol: 1e-5 } as const;

export interface Figure {
  /** What the notebook printed, in words: "the dot product of documents 1 and 2". */
  readonly what: string;
  readonly printed: number;
  /** This model's value; NaN where the vectors do not have the notebook's shape. */
  readonly got: number;
}

export interface Verification {
  /** Every printed figure agrees. */
  readonly verified: boolean;
  readonly figures: readonly Figure[];
  /** Those that do not agree, largest difference first. */
  readonly differing: readonly Figure[];
  /** The largest difference among those that agree. */
  readonly largestAgreeing: number;
}

const agrees = ({ printed, got }: Figure) => Math.abs(got - printed) <= AGREEMENT.atol + AGREEMENT.rtol * Math.abs(printed);

/** The printed figures, each with this model's value. Documents are counted from 0, as the notebook does. */
function figuresOf(vectors: readonly (readonly number[])[]): Figure[] {
  const row = (i: number) => [...vectors[i]];
  const pairs = [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].filter((j) => j >= i).map((j) => [i, j] as const));
  const distinct = pairs.filter(([i, j]) => i !== j);
  return [
    ...PRINTED_EDGE_COMPONENTS.flatMap((printed, i) => EDGE_COLUMNS.map((column, c) => ({ what: `component ${column} of document ${i}`, printed: printed[c], got: vectors[i][column] }))),
    ...PRINTED_NORMS.map((printed, i) => ({ what: `the length of document ${i}`, printed, got: norm(row(i)) as number })),
    ...pairs.map(([i, j]) => ({ what: `the dot product of documents ${i} and ${j}`, printed: PRINTED_DOT_PRODUCTS[i][j], got: dot(row(i), row(j)) })),
    ...distinct.map(([i, j]) => ({ what: `the distance between documents ${i} and ${j}`, printed: PRINTED_L2_DISTANCES[i][j], got: distance(row(i), row(j)) as number })),
    ...distinct.map(([i, j]) => ({ what: `the cosine similarity of documents ${i} and ${j}`, printed: PRINTED_COSINES[i][j], got: dot(row(i), row(j)) / ((norm(row(i)) as number) * (norm(row(j)) as number)) })),
  ];
}

/** The vectors of the four lesson documents, checked against the notebook's figures. */
export function checkAgainstNotebook(vectors: readonly (readonly number[])[]): Verification {
  const shaped = vectors.length === PRINTED_NORMS.length && vectors.every((vector) => vector.length === vectors[0].length && vector.length > Math.max(...EDGE_COLUMNS));
  const figures = shaped
    ? figuresOf(vectors)
    : figuresOf(PRINTED_NORMS.map(() => new Array<number>(Math.max(...EDGE_COLUMNS) + 1).fill(0))).map((figure) => ({ ...figure, got: Number.NaN }));
  const differing = figures.filter((figure) => !agrees(figure)).sort((a, b) => (Math.abs(b.got - b.printed) || Infinity) - (Math.abs(a.got - a.printed) || Infinity));
  const largestAgreeing = Math.max(0, ...figures.filter(agrees).map(({ printed, got }) => Math.abs(got - printed)));
  return { verified: differing.length === 0, figures, differing, largestAgreeing };
}

/** Embeds the lesson's four documents with `embedder` and checks them against the notebook. */
export async function verifyModel(embedder: Embedder): Promise<Verification> {
  return checkAgainstNotebook(await embedder.embed([...loadBugsData().documents]));
}

/** The verification in a few lines: the verdict, then the figures that differ (the first `shown`). */
export function describeVerification({ verified, figures, differing, largestAgreeing }: Verification, shown = 8): string {
  if (verified) {
    return `This is the notebook's model: all ${figures.length} figures the notebook printed about the four documents agree (largest difference ${largestAgreeing.toExponential(1)}; allowed: ${AGREEMENT.rtol} relative, ${AGREEMENT.atol} absolute).`;
  }
  const lines = differing.slice(0, shown).map(({ what, printed, got }) =>
    Number.isNaN(got) ? `  ${what}: printed ${printed}, none here` : `  ${what}: printed ${printed}, this model ${Number(got.toPrecision(8))} (off by ${Math.abs(got - printed).toExponential(1)})`,
  );
  const more = differing.length > shown ? [`  … and ${differing.length - shown} more`] : [];
  return [`This is not the notebook's model: ${differing.length} of the ${figures.length} figures the notebook printed about the four documents differ.`, ...lines, ...more].join('\n');
}
