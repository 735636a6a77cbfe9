// The class at a glance, computed once from the rows for every place that shows it (the terminal summary,
// summary.html): how many were graded, the spread of scores, each function's pass rate, the mistakes the
// grader named most often, and the submissions that took longest.
import { allFunctions } from '../curriculum/index.ts';
import type { Row } from './grade-all.ts';

export interface ClassStats {
  readonly total: number;
  readonly graded: number;
  readonly maxScore: number;
  readonly meanScore: number;
  /** How many graded submissions have each score, from 0 to maxScore. */
  readonly histogram: readonly number[];
  readonly passRates: readonly { readonly name: string; readonly passing: number; readonly rate: number }[];
  /** The named mistakes, most frequent first: in how many submissions, and in which functions. */
  readonly mistakes: readonly { readonly title: string; readonly count: number; readonly functions: readonly string[] }[];
  readonly slowest: readonly { readonly label: string; readonly ms: number }[];
}

const SLOWEST = 5;
const MISTAKES = 8;

export function classStats(rows: readonly Row[]): ClassStats {
  const graded = rows.filter((row) => row.status === 'graded' && row.report);
  const maxScore = graded[0]?.report?.maxScore ?? allFunctions().length;
  const histogram = Array.from({ length: maxScore + 1 }, () => 0);
  for (const row of graded) histogram[Math.max(0, Math.min(maxScore, row.report!.score))]++;
  const passRates = allFunctions().map(({ spec }) => {
    const passing = graded.filter((row) => row.report!.exercises.some((exercise) => exercise.function === spec.name && exercise.status === 'pass')).length;
    return { name: spec.name, passing, rate: graded.length ? passing / graded.length : 0 };
  });
  const mistakes = new Map<string, { title: string; submissions: Set<string>; functions: Set<string> }>();
  for (const row of graded) {
    for (const exercise of row.report!.exercises) {
      if (!exercise.mistake) continue;
      const entry = mistakes.get(exercise.mistake.id) ?? { title: exercise.mistake.title, submissions: new Set(), functions: new Set() };
      entry.submissions.add(row.label);
      entry.functions.add(exercise.function);
      mistakes.set(exercise.mistake.id, entry);
    }
  }
  return {
    total: rows.length,
    graded: graded.length,
    maxScore,
    meanScore: graded.length ? graded.reduce((sum, row) => sum + row.report!.score, 0) / graded.length : 0,
    histogram,
    passRates,
    mistakes: [...mistakes.values()]
      .map(({ title, submissions, functions }) => ({ title, count: submissions.size, functions: [...functions] }))
      .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title))
      .slice(0, MISTAKES),
    slowest: graded
      .filter((row) => !row.kept)
      .map(({ label, ms }) => ({ label, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST),
  };
}
