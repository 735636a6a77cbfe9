// RESULTS/feedback/<student>.html: what a student gets back, one self-contained page: the score, then each
// lesson's functions with their verdicts and, for those that do not pass, the explanation of the first
// failing case, the mistake the grader named, the first hint and what the code printed.
import type { ExerciseResult } from '../grader/types.ts';
import type { Row } from './grade-all.ts';
import { visibleLine } from '../grader/report/escape.ts';
import { verdictParts } from '../grader/report/verdict.ts';
import { codeBlock, literal, literalLine, page } from './page.ts';

/** A mark for each status, in plain text (the workbook's pages show them too). */
export const MARKS: Record<ExerciseResult['status'], string> = { pass: '✔', fail: '✘', error: '!', timeout: '⧗', missing: '?', 'not-started': '○' };

/**
 * A function's verdict below its heading, as literal markdown: its summary, the first failing case, the mistake
 * named, the notes, the first hint, what it printed. Shared with the browser workbook (workbook/functions.ts),
 * which shows the summary on its own and gives the hints one at a time, on request.
 */
export function verdictDetails(exercise: ExerciseResult, { summary = true, hint: withHint = true } = {}): string[] {
  const { feedback, mistake, notes, hint, output } = verdictParts(exercise);
  // A pass's summary is one plain line; a failure's is read beside the case below it, in the same type.
  const lines = summary ? [exercise.status === 'pass' ? literal(exercise.summary) : codeBlock(exercise.summary), ''] : [];
  if (feedback) lines.push(codeBlock(feedback), '');
  if (mistake) lines.push(`**Likely mistake:** ${literal(mistake.title)}. ${literal(mistake.explanation)}`, '');
  for (const note of notes) lines.push(`*Note:* ${literal(note)}`, '');
  if (hint && withHint) lines.push(`**Hint:** ${literal(hint)}`, '');
  if (output) lines.push(`What ${exercise.function} printed:`, '', codeBlock(output), '');
  return lines;
}

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
