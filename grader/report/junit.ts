// The report as JUnit XML, for CI servers and the LMS plugins that read it (`--format junit`): a test suite per
// lesson, a test case per function. A function that does not pass is a failure, or an error when it crashed,
// timed out or is missing. Written with xmlbuilder2, which escapes every value; characters XML cannot hold at
// all (most control characters, which a student's code can print) are replaced, not written raw.
import { create } from 'xmlbuilder2';
import type { ExerciseResult, GradeReport } from '../types.ts';
import { verdictText } from './gradescope.ts';

const ERRORS = new Set<ExerciseResult['status']>(['error', 'timeout', 'missing']);

export function renderJunit(report: GradeReport): string {
  const lessons = [...new Set(report.exercises.map((exercise) => exercise.lesson))];
  const count = (exercises: readonly ExerciseResult[], test: (exercise: ExerciseResult) => boolean) => String(exercises.filter(test).length);
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('testsuites', {
    name: 'vector-similarity-workbook',
    tests: String(report.exercises.length),
    failures: count(report.exercises, (exercise) => exercise.status !== 'pass' && !ERRORS.has(exercise.status)),
    errors: count(report.exercises, (exercise) => ERRORS.has(exercise.status)),
  });
  for (const lesson of lessons) {
    const exercises = report.exercises.filter((exercise) => exercise.lesson === lesson);
    const suite = root.ele('testsuite', {
      name: lesson,
      tests: String(exercises.length),
      failures: count(exercises, (exercise) => exercise.status !== 'pass' && !ERRORS.has(exercise.status)),
      errors: count(exercises, (exercise) => ERRORS.has(exercise.status)),
    });
    for (const exercise of exercises) {
      const testCase = suite.ele('testcase', { classname: lesson, name: exercise.function });
      if (exercise.status === 'pass') continue;
      testCase.ele(ERRORS.has(exercise.status) ? 'error' : 'failure', { message: `${exercise.status}: ${exercise.summary}`, type: exercise.status }).txt(verdictText(exercise));
    }
  }
  return `${root.end({ prettyPrint: true })}\n`;
}
