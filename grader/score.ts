// Step 5 of grading: a function's case verdicts become its status, score and feedback.
import { MISTAKE_HINTS, lessonFolder, type FunctionName, type FunctionSpec, type LessonSpec } from '../curriculum/index.ts';
import { BEHAVIOUR_MISTAKES, diagnose } from './diagnose.ts';
import type { Judgement } from './judge.ts';
import type { CaseResult, ExerciseResult, ExerciseStatus } from './types.ts';

/** Every function is worth the same; partial credit for a wrong function would hide that it is wrong. */
export const POINTS_PER_FUNCTION = 1;

interface Base {
  readonly lesson: Pick<LessonSpec, 'number' | 'slug'>;
  readonly spec: FunctionSpec;
}

/** A function that could not be run at all: missing file or export, or a file that does not load. */
export function unrunnable(
  { lesson, spec }: Base,
  status: Extract<ExerciseStatus, 'missing' | 'error' | 'timeout'>,
  summary: string,
  feedback: readonly string[] = [],
): ExerciseResult {
  return {
    lesson: lessonFolder(lesson),
    function: spec.name,
    status,
    score: 0,
    maxScore: POINTS_PER_FUNCTION,
    summary,
    ...(feedback.length ? { feedback } : {}),
    cases: [],
  };
}

/** Characters of expected and actual values a function's failing cases may keep in the report, in case order. */
const VALUES_BUDGET = 16 * 1024;

/** The case results: failing cases keep their values while they fit the budget, then only their message. */
function caseResults(judgements: readonly Judgement[]): CaseResult[] {
  let spent = 0;
  return judgements.map(({ result }) => {
    if (!('expected' in result || 'actual' in result)) return result;
    const { expected: _expected, actual: _actual, ...rest } = result;
    spent += JSON.stringify([result.expected, result.actual]).length;
    return spent <= VALUES_BUDGET ? result : rest;
  });
}

/**
 * @param aftermath set when every call returned but the function's leftovers then broke the sandbox: it
 *   counts as an error even if every value was right.
 */
export function scoreFunction({ lesson, spec }: Base, judgements: readonly Judgement[], output: string, aftermath?: string): ExerciseResult {
  const cases = caseResults(judgements);
  const passed = cases.filter((result) => result.status === 'pass').length;
  // A case that was not run is not a pass: a function passes only when every one of its cases ran and passed.
  const firstFailure = judgements.find(({ result }) => result.status !== 'pass');
  const notes = [...new Set(judgements.flatMap((judgement) => judgement.notes))];
  const base = {
    lesson: lessonFolder(lesson),
    function: spec.name,
    maxScore: POINTS_PER_FUNCTION,
    cases,
    ...(notes.length ? { notes } : {}),
    ...(output ? { output } : {}),
  };
  if (judgements.some((judgement) => judgement.todo)) {
    return { ...base, status: 'not-started', score: 0, summary: 'the stub still throws its TODO', hints: spec.hints };
  }
  if (aftermath && !firstFailure) {
    return { ...base, status: 'error', score: 0, summary: aftermath, hints: spec.hints };
  }
  if (!firstFailure) {
    return { ...base, status: 'pass', score: POINTS_PER_FUNCTION, summary: `all ${cases.length} cases pass` };
  }
  const { result, feedback } = firstFailure;
  const observations = judgements.flatMap((judgement) => (judgement.observation ? [judgement.observation] : []));
  const diagnosed = () => (firstFailure.observation ? diagnose(spec.name as FunctionName, observations, spec.tolerance) : undefined);
  // A NaN from a zero vector may have a more exact explanation (only one of two vectors checked for zero).
  const mistake = firstFailure.mistake?.id === BEHAVIOUR_MISTAKES.nanFromZeroVector.id ? (diagnosed() ?? firstFailure.mistake) : (firstFailure.mistake ?? diagnosed());
  const status = result.status === 'skipped' ? 'error' : result.status;
  return {
    ...base,
    status,
    score: 0,
    summary: `${passed} of ${cases.length} cases pass; first problem in "${result.name}": ${result.message}`,
    feedback,
    ...(mistake ? { mistake } : {}),
    // The hint that fits the mistake the grader names comes first (curriculum/mistake-hints.ts).
    hints: mistake && MISTAKE_HINTS[mistake.id] ? [MISTAKE_HINTS[mistake.id], ...spec.hints] : spec.hints,
  };
}
