import pc from 'picocolors';
import type { ExerciseResult, ExerciseStatus, GradeReport } from '../types.ts';
import { mapStrings } from '../sanitize.ts';
import { visible } from './escape.ts';

export interface TerminalOptions {
  /** Show every hint of a failing function, not just the first. */
  readonly allHints?: boolean;
  /** The terminal's width: no line of learner text is longer, so none can wrap into a line of its own. */
  readonly columns?: number;
}

const DEFAULT_COLUMNS = 80;

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
 * printed output keeps its lines behind a gutter, and every such line is cut to the terminal's width, so a
 * long one cannot wrap into what looks like a line of the report's own. The JSON report keeps it all.
 */
const oneLine = (text: string) => text.replace(/\n/g, '\\n');
/** Columns a character may take: anything past ASCII counts as two (East Asian wide characters do), so a cut line never wraps. */
const columnsOf = (char: string) => (char.charCodeAt(0) < 0x7f ? 1 : 2);

const width = (text: string) => [...text].reduce((sum, char) => sum + columnsOf(char), 0);

/** The text if it fits in `room` columns, else as much as fits followed by `…`. */
function fit(text: string, room: number): string {
  if (width(text) <= room) return text;
  let used = 1;
  let kept = '';
  for (const char of text) {
    used += columnsOf(char);
    if (used > room) break;
    kept += char;
  }
  return `${kept}…`;
}

const indent = (text: string, by: string, columns: number) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${by}${fit(line, columns - by.length)}`)
    .join('\n');

function renderExercise(exercise: ExerciseResult, options: TerminalOptions, nameWidth: number): string[] {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const label = exercise.status === 'pass' ? '' : `${exercise.status}: `;
  const summary = fit(`${label}${oneLine(exercise.summary)}`, columns - nameWidth - 6);
  const head = `  ${MARKS[exercise.status]} ${exercise.function.padEnd(nameWidth)}  ${LABELS[exercise.status](summary)}`;
  const lines = [head];
  const note = (text: string) => pc.dim(`      note: ${fit(oneLine(text), columns - 12)}`);
  if (exercise.status === 'pass' || exercise.status === 'not-started') {
    for (const text of exercise.notes ?? []) lines.push(note(text));
    return lines;
  }
  for (const line of exercise.feedback ?? []) lines.push(indent(line, '      ', columns));
  if (exercise.mistake) {
    lines.push(`      ${pc.yellow('Likely mistake:')} ${exercise.mistake.title}`);
    lines.push(pc.dim(`        ${exercise.mistake.explanation}`));
  }
  for (const text of exercise.notes ?? []) lines.push(note(text));
  const hints = exercise.hints ?? [];
  const shown = options.allHints ? hints : hints.slice(0, 1);
  shown.forEach((hint, i) => lines.push(`      ${pc.cyan(`Hint ${i + 1}/${hints.length}:`)} ${hint}`));
  if (!options.allHints && hints.length > 1) lines.push(pc.dim('      (more hints: add --hints)'));
  if (exercise.output) {
    lines.push(pc.dim(`      What ${exercise.function} printed:`));
    lines.push(pc.dim(indent(exercise.output, '      │ ', columns)));
  }
  return lines;
}

function tally(report: GradeReport): string {
  const counts = new Map<ExerciseStatus, number>();
  for (const exercise of report.exercises) counts.set(exercise.status, (counts.get(exercise.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

export function renderTerminal(untrusted: GradeReport, options: TerminalOptions = {}): string {
  // Control characters in any text (learner output, thrown messages, quoted source) are shown, not obeyed.
  const report = mapStrings(untrusted, visible);
  const width = Math.max(...report.exercises.map((exercise) => exercise.function.length), 8);
  const lines: string[] = [];
  let lesson = '';
  for (const exercise of report.exercises) {
    if (exercise.lesson !== lesson) {
      lesson = exercise.lesson;
      lines.push('', pc.bold(lesson));
    }
    lines.push(...renderExercise(exercise, options, width));
  }
  if (report.warnings.length > 0) {
    lines.push('', pc.yellow(pc.bold('Warnings (they do not change the score):')));
    for (const warning of report.warnings) lines.push(pc.yellow(`  ${fit(oneLine(warning), (options.columns ?? DEFAULT_COLUMNS) - 2)}`));
  }
  const allPass = report.score === report.maxScore;
  lines.push('', pc.bold(`Score: ${report.score} / ${report.maxScore}`) + pc.dim(`  (${tally(report)})`));
  const next = report.exercises.find((exercise) => exercise.status !== 'pass');
  if (allPass) lines.push(pc.green('Everything passes. Well done!'));
  else if (next) {
    lines.push(`Next: ${next.function} in ${next.lesson}/exercise.ts (the lesson text is lessons/${next.lesson}/README.md)`);
    if (next.status === 'not-started' && next.hints?.length) lines.push(`${pc.cyan('Hint:')} ${next.hints[0]}`);
  }
  return `${lines.join('\n')}\n`;
}
