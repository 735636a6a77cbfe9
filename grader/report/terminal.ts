import pc from 'picocolors';
import { allFunctions } from '../../curriculum/index.ts';
import type { ExerciseResult, ExerciseStatus, GradeReport } from '../types.ts';
import { mapStrings } from '../sanitize.ts';
import { visible, visibleLine } from './escape.ts';
import { expandTabs, fit, widthOf, wrap } from './layout.ts';

export interface TerminalOptions {
  /** Show every hint of a failing function, not just the first. */
  readonly allHints?: boolean;
  /** The terminal's width (80 by default): no line of the report is wider, so none can wrap into a line of its own. */
  readonly columns?: number;
}

const DEFAULT_COLUMNS = 80;

/** What a learner who passes the whole course can try next, on the closing screen. */
export const WHAT_NEXT = [
  'Ask your own question: npm run search -- "your question" embeds it with the lesson\'s model and ranks the Bugs documents with your topK (npm run model:download fetches the model once).',
  'Grade again on inputs nobody has seen: npm run grade -- --seed random draws new random cases every time.',
  'Compare with the reference solutions in solutions/, and read each lesson again in the terminal: npm run lesson -- 01.',
];

const MARKS: Record<ExerciseStatus, string> = {
  pass: pc.green('✔'),
  fail: pc.red('✘'),
  error: pc.red('!'),
  timeout: pc.red('⧗'),
  missing: pc.yellow('?'),
  'not-started': pc.dim('○'),
};

const LABELS: Record<ExerciseStatus, (text: string) => string> = {
  pass: pc.green,
  fail: pc.red,
  error: pc.red,
  timeout: pc.red,
  missing: pc.yellow,
  'not-started': pc.dim,
};

/**
 * Learner text (a thrown message in a summary, what a function printed, a source line quoted with a syntax
 * error) can neither start a line nor reach the end of one: a newline inside a one-line field shows as `\n`,
 * printed output keeps its lines behind a gutter, and every line of the report is laid out within the
 * terminal's width (wrapped behind an indent, or cut when it is printed output), so none can wrap into what
 * looks like a line of the report's own. The JSON report keeps it all.
 */
const oneLine = (text: string) => text.replace(/\n/g, '\\n');

/** The longest summary or note, in lines: a thrown message can be long. */
const MAX_LINES = 8;

/**
 * `text` after `lead` (plain, as wide as it looks), wrapped; the lines after the first are indented `under` the
 * lead (aligned with the text by default).
 */
function paragraph(lead: string, text: string, columns: number, colour: (line: string) => string = String, maxLines = MAX_LINES, under = ' '.repeat(widthOf(lead))): string[] {
  return wrap(text, Math.max(widthOf(lead), widthOf(under)), columns, maxLines).map((line, i) => `${i === 0 ? lead : under}${colour(line)}`);
}

/** Printed output: each line behind the gutter, cut to the width (the JSON report has it whole). */
function printed(output: string, columns: number): string[] {
  const gutter = '      │ ';
  return output
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => pc.dim(`${gutter}${fit(expandTabs(line, widthOf(gutter)), columns - widthOf(gutter))}`));
}

function renderExercise(exercise: ExerciseResult, options: TerminalOptions, nameWidth: number): string[] {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const label = exercise.status === 'pass' ? '' : `${exercise.status}: `;
  // Laid out with a stand-in for the coloured mark, counted as two columns like any non-ASCII character; the lines
  // after the first align with the text where the mark takes one, as it does in most terminals.
  const lead = `  ## ${exercise.function.padEnd(nameWidth)}  `;
  const [first, ...more] = paragraph(lead, `${label}${oneLine(exercise.summary)}`, columns, LABELS[exercise.status], MAX_LINES, ' '.repeat(widthOf(lead) - 1));
  const lines = [first.replace('##', MARKS[exercise.status]), ...more];
  const notes = (exercise.notes ?? []).flatMap((text) => paragraph('      note: ', oneLine(text), columns, pc.dim));
  if (exercise.status === 'pass' || exercise.status === 'not-started') return [...lines, ...notes];
  for (const line of exercise.feedback ?? []) for (const part of line.split('\n')) lines.push(...paragraph('      ', part, columns, String, MAX_LINES, '        '));
  if (exercise.mistake) {
    lines.push(...paragraph(`      Likely mistake: `, exercise.mistake.title, columns).map((line) => line.replace('Likely mistake:', pc.yellow('Likely mistake:'))));
    lines.push(...paragraph('        ', exercise.mistake.explanation, columns, pc.dim));
  }
  lines.push(...notes);
  const hints = exercise.hints ?? [];
  const shown = options.allHints ? hints : hints.slice(0, 1);
  shown.forEach((hint, i) => {
    const title = `Hint ${i + 1}/${hints.length}:`;
    lines.push(...paragraph(`      ${title} `, hint, columns, String, Infinity).map((line) => line.replace(title, pc.cyan(title))));
  });
  if (!options.allHints && hints.length > 1) lines.push(pc.dim('      (more hints: add --hints)'));
  if (exercise.output) {
    lines.push(...paragraph('      ', `What ${exercise.function} printed:`, columns, pc.dim));
    lines.push(...printed(exercise.output, columns));
  }
  return lines;
}

/** One function's verdict as renderTerminal shows it, but without its hints: the watch mode shows those on request. */
export function renderVerdict(untrusted: ExerciseResult, columns = DEFAULT_COLUMNS): string[] {
  const exercise = mapStrings({ ...untrusted, hints: [] }, visible);
  return renderExercise(exercise, { columns }, exercise.function.length);
}

function tally(report: GradeReport): string {
  const counts = new Map<ExerciseStatus, number>();
  for (const exercise of report.exercises) counts.set(exercise.status, (counts.get(exercise.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

/**
 * The report with every string made visible (control characters in learner output, thrown messages or quoted
 * source are shown, not obeyed), and its exercises rendered by `each` under a heading per lesson.
 */
function byLesson(untrusted: GradeReport, gap: string[], each: (exercise: ExerciseResult, nameWidth: number) => string[]): { report: GradeReport; lines: string[] } {
  const report = mapStrings(untrusted, visible);
  const nameWidth = Math.max(...report.exercises.map((exercise) => exercise.function.length), 8);
  const lines: string[] = [];
  let lesson = '';
  for (const exercise of report.exercises) {
    if (exercise.lesson !== lesson) {
      lesson = exercise.lesson;
      lines.push(...gap, pc.bold(lesson));
    }
    lines.push(...each(exercise, nameWidth));
  }
  return { report, lines };
}

export function renderTerminal(untrusted: GradeReport, options: TerminalOptions = {}): string {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const { report, lines } = byLesson(untrusted, [''], (exercise, nameWidth) => renderExercise(exercise, options, nameWidth));
  if (report.warnings.length > 0) {
    lines.push('', pc.yellow(pc.bold('Warnings (they do not change the score):')));
    for (const warning of report.warnings) lines.push(...paragraph('  ', oneLine(warning), columns, pc.yellow, MAX_LINES, '    '));
  }
  const allPass = report.score === report.maxScore;
  lines.push('', pc.bold(`Score: ${report.score} / ${report.maxScore}`) + pc.dim(`  (${tally(report)})`));
  const next = report.exercises.find((exercise) => exercise.status !== 'pass');
  // Said of the whole course only when the whole course was graded.
  const notGraded = allFunctions().length - report.exercises.length;
  if (allPass && notGraded <= 0) lines.push(pc.green('Everything passes. Well done!'), ...WHAT_NEXT.flatMap((line) => paragraph('  • ', line, columns, String, Infinity, '    ')));
  else if (allPass) {
    const graded = report.exercises.length === 1 ? 'The 1 graded function passes' : `All ${report.exercises.length} graded functions pass`;
    lines.push(...paragraph('', `${graded}; ${notGraded} other${notGraded === 1 ? ' was' : 's were'} not graded this time (npm run grade grades them all).`, columns, pc.green, Infinity));
  }
  else if (next) {
    lines.push(...paragraph('Next: ', `${next.function} in ${next.lesson}/exercise.ts (the lesson text is lessons/${next.lesson}/README.md)`, columns, String, Infinity));
    if (next.status === 'not-started' && next.hints?.length) lines.push(...paragraph('Hint: ', next.hints[0], columns, String, Infinity).map((line) => line.replace(/^Hint:/, pc.cyan('Hint:'))));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One function on one line, as `npm run list` and the watch mode's list show it: its mark, its name, and its
 * status and summary (made visible, on one line) cut to the terminal's width.
 */
export function listLine(exercise: ExerciseResult, nameWidth: number, columns: number): string {
  const lead = `  ## ${exercise.function.padEnd(nameWidth)}  `;
  const label = exercise.status === 'pass' ? 'pass' : `${exercise.status}: ${visibleLine(exercise.summary)}`;
  return `${lead.replace('##', MARKS[exercise.status])}${LABELS[exercise.status](fit(label, columns - widthOf(lead)))}`;
}

/**
 * The short form, one line per function (`npm run list`): its mark, its name and its summary, cut to the
 * terminal's width; then the score and the next function to work on.
 */
export function renderList(untrusted: GradeReport, options: Pick<TerminalOptions, 'columns'> = {}): string {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const { report, lines } = byLesson(untrusted, [], (exercise, nameWidth) => [listLine(exercise, nameWidth, columns)]);
  const next = report.exercises.find((exercise) => exercise.status !== 'pass');
  lines.push('', `${pc.bold(`Score: ${report.score} / ${report.maxScore}`)}${next ? `  Next: ${next.function} (npm run hint -- ${next.function})` : ''}`);
  return `${lines.join('\n')}\n`;
}
