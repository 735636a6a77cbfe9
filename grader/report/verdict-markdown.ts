// A function's verdict as markdown, for the HTML pages: the instructor's feedback page and the browser workbook.
import type { ExerciseResult } from '../types.ts';
import { codeBlock, literal } from './page.ts';
import { verdictParts } from './verdict.ts';

/** A mark for each status, in plain text (the workbook's pages show them too). */
export const MARKS: Record<ExerciseResult['status'], string> = { pass: '✔', fail: '✘', error: '!', timeout: '⧗', missing: '?', 'not-started': '○' };

/**
 * A function's verdict below its heading, as literal markdown: its summary, the first failing case, the mistake
 * named, the notes, the first hint, what it printed. For the feedback page (instructor/feedback.ts) and the
 * browser workbook (workbook/functions.ts), which shows the summary on its own and gives the hints one at a time.
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
