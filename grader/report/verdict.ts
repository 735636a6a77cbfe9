// What a report says of one function, part by part, for the reporters that show a verdict as text (Gradescope's
// results.json, JUnit's failure text, the feedback page): one list of parts, so that none of them drops one.
import type { ExerciseResult, Mistake } from '../types.ts';

export interface VerdictParts {
  /** `status: summary`. */
  readonly headline: string;
  /** The first failing case: the call, expected against actual, where they differ. */
  readonly feedback?: string;
  readonly mistake?: Mistake;
  readonly notes: readonly string[];
  /** The first hint, for a function that does not pass. */
  readonly hint?: string;
  /** What the function printed. */
  readonly output?: string;
}

export function verdictParts(exercise: ExerciseResult): VerdictParts {
  return {
    headline: `${exercise.status}: ${exercise.summary}`,
    ...(exercise.feedback?.length ? { feedback: exercise.feedback.join('\n') } : {}),
    ...(exercise.mistake ? { mistake: exercise.mistake } : {}),
    notes: exercise.notes ?? [],
    ...(exercise.status !== 'pass' && exercise.hints?.length ? { hint: exercise.hints[0] } : {}),
    ...(exercise.output ? { output: exercise.output } : {}),
  };
}
