import pc from 'picocolors';
import type { ExerciseResult, ExerciseStatus, GradeReport } from '../types.ts';
import { mapStrings } from '../sanitize.ts';
import { visible } from './escape.ts';

export interface TerminalOptions {
  /** Show every hint of a failing function, not just the first. */
  readonly allHints?: boolean;
}

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

const MAX_LINE = 160;
/** Long printed lines are clipped on screen (the JSON report keeps the captured text as it is). */
const clipLines = (text: string) =>
  text.split('\n').map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters)` : line)).join('\n');

/**
 * Lines that carry learner text (a thrown message in a summary, say) stay one line: a newline inside shows as
 * `\n`, so nothing printed can start a line that looks like the report's own. Printed output keeps its lines,
 * each behind a gutter.
 */
const oneLine = (text: string) => text.replace(/\n/g, '\\n');

const indent = (text: string, by: string) => text.replace(/\n$/, '').split('\n').map((line) => `${by}${line}`).join('\n');

function renderExercise(exercise: ExerciseResult, options: TerminalOptions, width: number): string[] {
  const summary = oneLine(exercise.summary);
  const head = `  ${MARKS[exercise.status]} ${exercise.function.padEnd(width)}  ${LABELS[exercise.status](exercise.status === 'pass' ? summary : `${exercise.status}: ${summary}`)}`;
  const lines = [head];
  if (exercise.status === 'pass' || exercise.status === 'not-started') {
    for (const note of exercise.notes ?? []) lines.push(pc.dim(`      note: ${oneLine(note)}`));
    return lines;
  }
  for (const line of exercise.feedback ?? []) lines.push(indent(line, '      '));
  if (exercise.mistake) {
    lines.push(`      ${pc.yellow('Likely mistake:')} ${exercise.mistake.title}`);
    lines.push(pc.dim(`        ${exercise.mistake.explanation}`));
  }
  for (const note of exercise.notes ?? []) lines.push(pc.dim(`      note: ${oneLine(note)}`));
  const hints = exercise.hints ?? [];
  const shown = options.allHints ? hints : hints.slice(0, 1);
  shown.forEach((hint, i) => lines.push(`      ${pc.cyan(`Hint ${i + 1}/${hints.length}:`)} ${hint}`));
  if (!options.allHints && hints.length > 1) lines.push(pc.dim('      (more hints: add --hints)'));
  if (exercise.output) {
    lines.push(pc.dim(`      What ${exercise.function} printed:`));
    lines.push(pc.dim(indent(clipLines(exercise.output), '      │ ')));
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
    for (const warning of report.warnings) lines.push(pc.yellow(`  ${oneLine(warning)}`));
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
