// Ranks documents for a query with the learner's own querySearch and topK when the grader passes them, and
// with mathjs's cosine similarities otherwise (as lesson 04 computes them), saying which and why. Learner code
// runs in the grader's sandbox. No reference solution is needed: a student copy (npm run release) has none.
import { dot, norm } from 'mathjs';
import { findLesson } from '../curriculum/index.ts';
import { callLessonFunctions } from '../grader/call.ts';
import { grade } from '../grader/grade.ts';

export interface Ranking {
  readonly by: 'yours' | 'mathjs';
  /** One sentence: which implementation ranked the documents, and why. */
  readonly reason: string;
  readonly best: number;
  readonly top: readonly number[];
  /** Cosine similarity of the query with each document, from mathjs, for display. */
  readonly scores: readonly number[];
}

/** The cosine similarity, 0 where a vector has no direction, as the lessons define it. */
export function cosineOf(a: readonly number[], b: readonly number[]): number {
  const lengths = (norm([...a]) as number) * (norm([...b]) as number);
  return lengths === 0 ? 0 : dot([...a], [...b]) / lengths;
}

const isIndexIn = (documents: readonly unknown[]) => (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < documents.length;

/** Why the learner's querySearch and topK do not rank, from a grade of lesson 05 now; undefined when both pass. */
async function whyNotTheirs(submission: string): Promise<string | undefined> {
  // Kept results are given back for files graded before as they are now.
  const report = await grade({ submission, functions: ['querySearch', 'topK'], typecheck: false, cache: true });
  const notPassing = report.exercises.filter((exercise) => exercise.status !== 'pass');
  return notPassing.length > 0 ? `your ${notPassing.map((exercise) => `${exercise.function} is ${exercise.status}`).join(' and ')} (npm run grade -- 05)` : undefined;
}

async function learnersRanking(query: readonly number[], documents: readonly (readonly number[])[], k: number, submission: string, why: string | undefined) {
  if (why !== undefined) return { reason: why };
  const calls = [
    { name: 'querySearch', calls: [[query, documents]] },
    { name: 'topK', calls: [[query, documents, k]] },
  ];
  return judgeCalls(await callLessonFunctions(submission, findLesson('05')!, calls), documents);
}

/** The learner's answers, if they are indices of these documents. */
function judgeCalls(called: Awaited<ReturnType<typeof callLessonFunctions>>, documents: readonly unknown[]): { reason: string } | { best: number; top: number[] } {
  if (!called.ok) return { reason: `your lesson file did not run here: ${called.reason}` };
  const [best] = called.run.functions.querySearch?.outcomes ?? [];
  const [top] = called.run.functions.topK?.outcomes ?? [];
  const valid = isIndexIn(documents);
  if (best?.kind !== 'returned' || top?.kind !== 'returned' || !valid(best.value) || !Array.isArray(top.value) || !top.value.every(valid)) {
    return { reason: 'your functions did not return indices for these vectors' };
  }
  return { best: best.value as number, top: top.value as number[] };
}

/** The ranking by mathjs's cosine similarities alone: best first, ties to the lower index (a stable sort of the indices). */
export function mathjsRanking(query: readonly number[], documents: readonly (readonly number[])[], k: number): Omit<Ranking, 'by' | 'reason'> {
  const scores = documents.map((document) => cosineOf(query, document));
  const ranked = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i]);
  return { best: ranked[0], top: ranked.slice(0, k), scores };
}

/**
 * The documents ranked for `query`: by the learner's querySearch and topK when they pass the grader, by mathjs
 * otherwise. `verdict`: why theirs do not rank (undefined: they pass), where the caller knows it already (the
 * workbook, from the verdicts on its page); else lesson 05 is graded now.
 */
export async function rankDocuments(
  query: readonly number[],
  documents: readonly (readonly number[])[],
  k: number,
  submission: string,
  verdict?: { readonly why: string | undefined },
): Promise<Ranking> {
  const byMathjs = mathjsRanking(query, documents, k);
  const yours = await learnersRanking(query, documents, k, submission, verdict ? verdict.why : await whyNotTheirs(submission));
  if ('best' in yours) {
    return { by: 'yours', reason: 'Ranked by your querySearch and topK (they pass the grader).', best: yours.best, top: yours.top, scores: byMathjs.scores };
  }
  return { by: 'mathjs', reason: `Ranked by mathjs's cosine similarities, because ${yours.reason}.`, ...byMathjs };
}
