// What the pictures show, and who computed it: the learner's own function once the grader passes it (run in the
// sandbox through grader/call.ts, as embeddings/rank.ts does), mathjs until then, and always mathjs in an exported
// site, where nothing is graded. The reference solution is never used: a student copy has none. Each value says
// which computed it and why, for the page to say so. Values come with the notebook's own printed figures where it
// printed them (curriculum/notebook.ts), shown as long as the value agrees with the figure by the grader's rule.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_TOLERANCE, LESSONS, exerciseFile, findFunction, type FunctionName, type Lesson } from '../curriculum/index.ts';
import { loadBugsData } from '../curriculum/data.ts';
import { PRINTED_COSINES, PRINTED_DOT_PRODUCTS, PRINTED_L2_DISTANCES, PRINTED_NORMS } from '../curriculum/notebook.ts';
import { QUERY_EMBEDDING_FILE } from '../embeddings/query-embedding.ts';
import { isClose } from '../grader/compare.ts';
import type { Argument, GradeReport } from '../grader/types.ts';
import { lessonFileDigests, type GradedFiles } from '../learner/watch/warm.ts';
import { resultOf } from './functions.ts';

type Matrix = number[][];

/** The learner's lessons folder and its last verdicts, which the pictures go by; none in an exported site. */
export interface Learner {
  readonly lessons: string;
  readonly report?: GradeReport;
  /** The lesson files as the verdicts' grade read them (learner/watch/warm.ts). */
  readonly graded?: GradedFiles;
}

export interface Drawn<T> {
  readonly value: T;
  /** Computed by the learner's function (it passes the grader), not by mathjs. */
  readonly yours: boolean;
  /** Which computed it, and why, in a sentence: `Computed by your euclideanMatrix (it passes the grader).` */
  readonly by: string;
}

/** Why the learner's function does not draw the picture, or undefined when it does. */
function notYours(learner: Learner | undefined, name: FunctionName): string | undefined {
  if (!learner) return 'nothing is graded in this copy of the lessons';
  if (!learner.report) return `your ${name} is not graded yet`;
  const status = resultOf(learner.report, name)?.status;
  if (status !== 'pass') return `your ${name} does not pass yet (${status ?? 'not graded'}); once it passes, it computes this`;
  // Passing as graded: the files saved since (the function's lesson, or an earlier one it may import) are not.
  const lesson = findFunction(name)!.lesson;
  const now = lessonFileDigests(learner.lessons);
  const changed = LESSONS.filter((other) => other.number <= lesson.number && now[other.number] !== learner.graded?.[other.number]);
  return changed.length === 0 ? undefined : `your latest changes to ${changed.map((other) => other.number).join(', ')} are not graded yet`;
}

const isNumbers = (value: unknown, length: number): value is number[] => Array.isArray(value) && value.length === length && value.every((x) => typeof x === 'number' && Number.isFinite(x));
const isMatrix = (value: unknown, rows: number, columns: number): value is Matrix => Array.isArray(value) && value.length === rows && value.every((row) => isNumbers(row, columns));

/**
 * `name` called once on `args` in the sandbox when the learner's function passes, and checked to be what the
 * picture needs (`valid`); mathjs's answer otherwise, with the reason.
 */
async function yoursOrMathjs<T>(learner: Learner | undefined, name: FunctionName, args: readonly Argument[], valid: (value: unknown) => value is T, mathjs: () => T): Promise<Drawn<T>> {
  let why = notYours(learner, name);
  if (why === undefined) {
    const { callLessonFunctions } = await import('../grader/call.ts');
    try {
      const called = await callLessonFunctions(learner!.lessons, findFunction(name)!.lesson, [{ name, calls: [args] }]);
      const [outcome] = called.ok ? (called.run.functions[name]?.outcomes ?? []) : [];
      if (outcome?.kind === 'returned' && valid(outcome.value)) return { value: outcome.value, yours: true, by: `Computed by your ${name} (it passes the grader).` };
      why = called.ok ? `your ${name} gave no usable answer for these vectors here` : `your lesson file did not run here: ${called.reason}`;
    } catch (error) {
      why = `your ${name} could not be run here: ${(error as Error).message}`;
    }
  }
  return { value: mathjs(), yours: false, by: `Computed by mathjs, because ${why}.` };
}

/** The document vectors, as the lessons use them. */
const documents = () => loadBugsData().vectors.map((row) => [...row]);

export interface MatrixPicture {
  readonly fn: FunctionName;
  readonly matrix: Drawn<Matrix>;
  readonly printed: readonly (readonly number[])[];
}

/** The lessons whose picture is one 4×4 table of the documents, the function that makes it, and mathjs's way. */
const MATRICES = {
  '01': { fn: 'euclideanMatrix', printed: PRINTED_L2_DISTANCES },
  '02': { fn: 'dotMatrix', printed: PRINTED_DOT_PRODUCTS },
  '04': { fn: 'cosineMatrix', printed: PRINTED_COSINES },
} as const satisfies Record<string, { fn: FunctionName; printed: readonly (readonly number[])[] }>;

export type MatrixLesson = keyof typeof MATRICES;
export const isMatrixLesson = (number: string): number is MatrixLesson => number in MATRICES;

export async function matrixPicture(number: MatrixLesson, learner: Learner | undefined): Promise<MatrixPicture> {
  const { fn, printed } = MATRICES[number];
  const vectors = documents();
  const mathjs = await import('mathjs');
  const { cosineOf } = await import('../embeddings/rank.ts');
  const byMathjs: Record<MatrixLesson, () => Matrix> = {
    '01': () => vectors.map((a) => vectors.map((b) => mathjs.norm(mathjs.subtract(a, b)) as number)),
    '02': () => mathjs.multiply(vectors, mathjs.transpose(vectors)),
    '04': () => vectors.map((a) => vectors.map((b) => cosineOf(a, b))),
  };
  const n = vectors.length;
  const matrix = await yoursOrMathjs(learner, fn, [vectors], (value): value is Matrix => isMatrix(value, n, n), byMathjs[number]);
  return { fn, matrix, printed };
}

export interface NormsPicture {
  /** Each document's length, before normalization. */
  readonly before: Drawn<number[]>;
  /** The rows as normalize makes them, and their lengths after. */
  readonly unit: Drawn<Matrix>;
  readonly after: Drawn<number[]>;
  readonly printed: readonly number[];
}

/** Lesson 03: the norms of the documents, then the norms of the documents normalized (all 1). */
export async function normsPicture(learner: Learner | undefined): Promise<NormsPicture> {
  const vectors = documents();
  const mathjs = await import('mathjs');
  const normsOf = (rows: Matrix) => () => rows.map((row) => mathjs.norm(row) as number);
  const areNorms = (value: unknown): value is number[] => isNumbers(value, vectors.length);
  const before = await yoursOrMathjs(learner, 'norms', [vectors], areNorms, normsOf(vectors));
  const unit = await yoursOrMathjs(learner, 'normalize', [vectors], (value): value is Matrix => isMatrix(value, vectors.length, vectors[0].length), () =>
    vectors.map((row) => mathjs.divide(row, mathjs.norm(row) as number) as number[]),
  );
  const after = await yoursOrMathjs(learner, 'norms', [unit.value], areNorms, normsOf(unit.value));
  return { before, unit, after, printed: PRINTED_NORMS };
}

/**
 * Lesson 05's worked example searches with a document's own vector while the query's is unknown: document 2's,
 * whose scores are row 2 of the notebook's cosine table.
 */
const STAND_IN = 2;

export interface Query {
  readonly text: string;
  readonly vector: readonly number[];
  /** The notebook's figures for these scores, where it printed them. */
  readonly printed?: readonly number[];
  /** Where the vector comes from, in a sentence. */
  readonly source: string;
}

/** The lesson's query, embedded by the notebook's model (`npm run search` saves it), or the lesson's stand-in. */
export function lessonQuery(): Query {
  const bugs = loadBugsData();
  try {
    const saved = JSON.parse(readFileSync(QUERY_EMBEDDING_FILE, 'utf8')) as { query?: unknown; vector?: unknown };
    if (saved.query === bugs.query && isNumbers(saved.vector, bugs.vectors[0].length)) {
      return { text: bugs.query, vector: saved.vector, source: "the lesson's query, as the notebook's model embeds it (lessons/data/query-embedding.json, saved by npm run search)" };
    }
  } catch {
    // not saved yet: the stand-in below
  }
  return {
    text: `document ${STAND_IN}'s own vector`,
    vector: bugs.vectors[STAND_IN],
    printed: PRINTED_COSINES[STAND_IN],
    source: `document ${STAND_IN}'s own vector, the lesson's stand-in for a query until the real model embeds the lesson's question (npm run search saves it)`,
  };
}

export interface Scores {
  /** The documents, best first. */
  readonly order: readonly number[];
  /** Each document's cosine similarity with the query (mathjs's, as embeddings/rank.ts shows them). */
  readonly scores: readonly number[];
  /** Which ranked them, and why. */
  readonly by: string;
  readonly yours: boolean;
}

/** The documents ranked for `query` by the learner's querySearch and topK once they pass (embeddings/rank.ts). */
export async function rankedScores(query: readonly number[], vectors: readonly (readonly number[])[], learner: Learner | undefined): Promise<Scores> {
  const { mathjsRanking, rankDocuments } = await import('../embeddings/rank.ts');
  if (!learner) {
    const { top, scores } = mathjsRanking(query, vectors, vectors.length);
    return { order: top, scores, by: `Ranked by mathjs's cosine similarities, because ${notYours(undefined, 'topK')}.`, yours: false };
  }
  // The verdicts on the page decide, as for every picture (no grade of lesson 05 of its own); before the first
  // verdicts, lesson 05 is graded for the ranking.
  const verdict = learner.report ? { why: notYours(learner, 'querySearch') ?? notYours(learner, 'topK') } : undefined;
  const ranking = await rankDocuments(query, vectors, vectors.length, learner.lessons, verdict);
  return { order: ranking.top, scores: ranking.scores, by: ranking.reason, yours: ranking.by === 'yours' };
}

/** The figure the notebook printed for `value`, where it agrees by the grader's rule (numpy's allclose); else the value. */
export function figureLabel(value: number, printed?: number): string {
  if (printed !== undefined && isClose(value, printed, DEFAULT_TOLERANCE)) return String(printed);
  return String(Number(value.toPrecision(6)));
}

/** The functions each lesson's pictures are drawn by, once they pass. */
const DRAWN_BY: Record<string, readonly FunctionName[]> = { '01': ['euclideanMatrix'], '02': ['dotMatrix'], '03': ['norms', 'normalize'], '04': ['cosineMatrix'], '05': ['querySearch', 'topK'] };

/**
 * What a lesson's pictures depend on, as a short key: which of its functions pass and, once one does, the lesson
 * files it may import (its own and the earlier lessons'); for lesson 05 the saved query too. A page whose key is
 * not the current one fetches its pictures again.
 */
export function picturesKey(lesson: Lesson, learner: Learner | undefined): string {
  const hash = createHash('sha256');
  const names = DRAWN_BY[lesson.number] ?? [];
  const statuses = names.map((name) => (learner?.report ? (resultOf(learner.report, name)?.status ?? 'none') : learner ? 'pending' : 'static'));
  hash.update(statuses.join(','));
  if (learner && statuses.includes('pass')) {
    for (const earlier of LESSONS.filter((other) => other.number <= lesson.number)) {
      const file = exerciseFile(earlier, learner.lessons);
      hash.update(`\0${existsSync(file) ? readFileSync(file) : 'none'}`);
    }
  }
  if (lesson.number === '05' && existsSync(QUERY_EMBEDDING_FILE)) hash.update(readFileSync(QUERY_EMBEDDING_FILE));
  return hash.digest('hex').slice(0, 16);
}
