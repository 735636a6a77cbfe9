// The report in Gradescope's results.json format (its autograder's documented fields: score, output, tests
// with name, score, max_score, status, output, visibility), for `npm run grade -- --format gradescope`, which
// a Gradescope autograder's run_autograder writes to /autograder/results/results.json. The file is built from
// the result model alone: what the student's code printed is a string inside a test's output, escaped as JSON
// escapes it, so no print can break the file or add a test.
import type { ExerciseResult, GradeReport } from '../types.ts';
import { jsonWithoutRawControls } from './escape.ts';
import { verdictParts } from './verdict.ts';

/** A function's verdict in words: why, the first failing case, the mistake named, its notes, a hint, what it printed. */
export function verdictText(exercise: ExerciseResult): string {
  const { headline, feedback, mistake, notes, hint, output } = verdictParts(exercise);
  return [
    headline,
    feedback,
    mistake && `Likely mistake: ${mistake.title}. ${mistake.explanation}`,
    ...notes.map((note) => `Note: ${note}`),
    hint && `Hint: ${hint}`,
    output && `What ${exercise.function} printed:\n${output}`,
  ]
    .filter((part) => part !== undefined)
    .join('\n\n');
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
