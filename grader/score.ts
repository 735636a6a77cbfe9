// Step 5 of grading: a function's case verdicts become its status, score and feedback.
import { lessonFolder, type FunctionName, type FunctionSpec, type LessonSpec } from '../curriculum/index.ts';
import { diagnose } from './diagnose.ts';
import type { Judgement } from './judge.ts';
import type { ExerciseResult, ExerciseStatus } from './types.ts';

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

/**
 * @param aftermath set when every call returned but the function's leftovers then broke the sandbox: it
 *   counts as an error even if every value was right.
 */
export function scoreFunction({ lesson, spec }: Base, judgements: readonly Judgement[], output: string, aftermath?: string): ExerciseResult {
  const cases = judgements.map((judgement) => judgement.result);
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
  const mistake = firstFailure.mistake ?? (firstFailure.observation ? diagnose(spec.name as FunctionName, observations, spec.tolerance) : undefined);
  const status = result.status === 'skipped' ? 'error' : result.status;
  return {
    ...base,
    status,
    score: 0,
    summary: `${passed} of ${cases.length} cases pass; first problem in "${result.name}": ${result.message}`,
    feedback,
    ...(mistake ? { mistake } : {}),
    hints: spec.hints,
  };
}
