// The report in Gradescope's results.json format (its autograder's documented fields: score, output, tests
// with name, score, max_score, status, output, visibility), for `npm run grade -- --format gradescope`, which
// a Gradescope autograder's run_autograder writes to /autograder/results/results.json. The file is built from
// the result model alone: what the student's code printed is a string inside a test's output, escaped as JSON
// escapes it, so no print can break the file or add a test.
import type { ExerciseResult, GradeReport } from '../types.ts';
import { jsonWithoutRawControls } from './escape.ts';

/** A function's verdict in words: why, the first failing case, the mistake named, its notes, a hint, what it printed. */
export function verdictText(exercise: ExerciseResult): string {
  const parts = [`${exercise.status}: ${exercise.summary}`];
  if (exercise.feedback?.length) parts.push(exercise.feedback.join('\n'));
  if (exercise.mistake) parts.push(`Likely mistake: ${exercise.mistake.title}. ${exercise.mistake.explanation}`);
  for (const note of exercise.notes ?? []) parts.push(`Note: ${note}`);
  if (exercise.status !== 'pass' && exercise.hints?.length) parts.push(`Hint: ${exercise.hints[0]}`);
  if (exercise.output) parts.push(`What ${exercise.function} printed:\n${exercise.output}`);
  return parts.join('\n\n');
}

export function renderGradescope(report: GradeReport): string {
  const results = {
    score: report.score,
    output: [`Score: ${report.score} / ${report.maxScore}`, ...report.warnings.map((warning) => `Warning: ${warning}`)].join('\n'),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: report.exercises.map((exercise) => ({
      name: `${exercise.lesson}: ${exercise.function}`,
      score: exercise.score,
      max_score: exercise.maxScore,
      status: exercise.status === 'pass' ? 'passed' : 'failed',
      output: verdictText(exercise),
      visibility: 'visible',
    })),
  };
  return `${jsonWithoutRawControls(JSON.stringify(results, null, 2))}\n`;
}
