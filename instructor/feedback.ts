// RESULTS/feedback/<student>.html: what a student gets back, one self-contained page: the score, then each
// lesson's functions with their verdicts and, for those that do not pass, the explanation of the first
// failing case, the mistake the grader named, the first hint and what the code printed.
import type { ExerciseResult } from '../grader/types.ts';
import type { Row } from './grade-all.ts';
import { visibleLine } from '../grader/report/escape.ts';
import { codeBlock, literal, literalLine, page } from '../grader/report/page.ts';
import { MARKS, verdictDetails } from '../grader/report/verdict-markdown.ts';

const exerciseSection = (exercise: ExerciseResult): string[] => [`### ${MARKS[exercise.status]} ${exercise.function}: ${exercise.status}`, '', ...verdictDetails(exercise)];

/** The page for one row: graded, or why it was not. */
export function feedbackHtml(row: Row): string {
  const who = row.student.name ? `${row.student.name} (${row.student.id})` : row.student.id;
  const lines = [`# Feedback for ${literalLine(who)}`, '', `Submission: ${literalLine(row.label)}`, ''];
  if (row.status !== 'graded' || !row.report) {
    lines.push('**Not graded.**', '', literalLine(row.reason ?? ''), '');
    return page(`Feedback for ${visibleLine(who)}`, lines.join('\n'));
  }
  const { report } = row;
  lines.push(`**Score: ${report.score} / ${report.maxScore}**`, '');
  for (const note of row.notes) lines.push(`*Note:* ${literal(note)}`, '');
  let lesson = '';
  for (const exercise of report.exercises) {
    if (exercise.lesson !== lesson) {
      lesson = exercise.lesson;
      lines.push(`## Lesson ${literal(lesson)}`, '');
    }
    lines.push(...exerciseSection(exercise));
  }
  if (report.warnings.length > 0) lines.push('## Warnings (they do not change the score)', '', codeBlock(report.warnings.join('\n')), '');
  return page(`Feedback for ${visibleLine(who)}`, lines.join('\n'));
}
