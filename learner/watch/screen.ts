// What the watch mode shows for a state (state.ts), as lines no wider than the terminal and no more than its
// rows: a header (the lesson, the function, the score), the view's body (scrolled), the hints asked for, then a
// line about what is happening and the keys. Pure: the lesson texts come from the caller.
import pc from 'picocolors';
import { lessonFolder, type Lesson } from '../../curriculum/index.ts';
import { visible } from '../../grader/report/escape.ts';
import { WHAT_NEXT, listLine, renderVerdict } from '../../grader/report/terminal.ts';
import { fit, widthOf, wrap } from '../../grader/report/layout.ts';
import { hintsFor } from '../hint.ts';
import { allPass, resultOf, type State } from './state.ts';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

/** A lesson's text laid out for `columns` (learner/lesson.ts), one string per line. */
export type LessonText = (lesson: Lesson, columns: number) => readonly string[];

const KEYS = {
  exercise: 'n/p next/prev · h hint · t lesson · l list · r re-run · x reset · q quit',
  lesson: '↑/↓ scroll · space page · t or Esc back to the exercise · q quit',
  list: '↑/↓ choose · Enter open · l or Esc back · q quit',
  'confirm-reset': 'y reset it (a backup is kept) · any other key cancels',
} as const;

/** `left` and `right` on one line `columns` wide, the right part flush right when both fit. */
function spread(left: string, right: string, columns: number): string {
  const gap = columns - widthOf(left) - widthOf(right);
  return gap >= 1 ? `${left}${' '.repeat(gap)}${right}` : fit(left, columns);
}

function score(state: State): string {
  if (!state.report) return '';
  const passing = state.functions.filter((_, i) => resultOf(state, i)?.status === 'pass').length;
  return `${passing}/${state.functions.length} pass`;
}

function header(state: State, columns: number): string[] {
  const { lesson, spec } = state.functions[state.current];
  const status = state.grading === 'idle' ? score(state) : 'grading…';
  return [
    pc.bold(spread(state.view === 'list' ? 'All exercises' : `Lesson ${lesson.number} · ${lesson.title}`, status, columns)),
    pc.dim(fit(`${spec.name} (${state.current + 1} of ${state.functions.length}) in ${state.folder}/${lessonFolder(lesson)}/exercise.ts`, columns)),
  ];
}

/** The current function's verdict, or why there is none yet. */
function exerciseBody(state: State, columns: number): string[] {
  const result = resultOf(state);
  if (!state.report) return ['', '  Grading your lesson files…'];
  if (!result) return ['', '  This function was not graded.'];
  const lines = renderVerdict(result, columns);
  if (result.status === 'not-started') lines.push('', ...wrap('Write it in the file above and save: it is graded again at once. Press t to read the lesson, h for a hint.', 2, columns).map((line) => `  ${line}`));
  const ownFile = `${result.lesson}/exercise.ts`;
  // A type error can quote the learner's text: its control characters are shown, not obeyed.
  const warnings = state.warnings.filter((warning) => warning.startsWith(ownFile)).map(visible);
  if (warnings.length > 0) {
    lines.push('', pc.yellow('  Type errors in this file (they do not change the verdict):'));
    for (const warning of warnings) lines.push(...wrap(warning, 4, columns, 3).map((line) => pc.yellow(`    ${line}`)));
  }
  return lines;
}

/** The closing screen, once every function passes. */
function doneBody(state: State, columns: number): string[] {
  const max = state.report?.maxScore ?? 0;
  return [
    '',
    pc.green(pc.bold(`  Every exercise passes: ${state.report?.score ?? 0} / ${max}. Well done!`)),
    '',
    '  What to try next:',
    ...WHAT_NEXT.flatMap((line) => wrap(line, 4, columns).map((part, i) => `${i === 0 ? '  • ' : '    '}${part}`)),
    '',
    ...wrap('Press l to look through the exercises, t to read a lesson again, q to quit.', 2, columns).map((line) => `  ${line}`),
  ];
}

/** Every function with its mark and its summary, the cursor's line marked; lessons as headings. */
function listBody(state: State, columns: number): { lines: string[]; cursorLine: number } {
  const nameWidth = Math.max(...state.functions.map(({ spec }) => spec.name.length));
  const lines: string[] = [];
  let cursorLine = 0;
  state.functions.forEach(({ lesson, spec }, i) => {
    if (i === 0 || state.functions[i - 1].lesson !== lesson) lines.push(pc.bold(fit(`Lesson ${lesson.number} · ${lesson.title}`, columns)));
    const result = resultOf(state, i);
    const line = result ? listLine(result, nameWidth, columns) : `    ${spec.name.padEnd(nameWidth)}  …`;
    if (i !== state.cursor) return void lines.push(line);
    cursorLine = lines.length;
    lines.push(pc.inverse(`>${line.slice(1)}`));
  });
  return { lines, cursorLine };
}

/** The hints of the current function asked for so far (`h`), the latest last. */
function hintLines(state: State, columns: number): string[] {
  if (state.view !== 'exercise' && state.view !== 'confirm-reset') return [];
  const located = state.functions[state.current];
  const { spec } = located;
  const result = resultOf(state);
  if (result?.status === 'pass') return [];
  const hints = hintsFor(located, result);
  const shown = Math.min(state.progress.hintsShown[spec.name] ?? 0, hints.length);
  return hints.slice(0, shown).flatMap((hint, i) => {
    const title = `Hint ${i + 1}/${hints.length}: `;
    return wrap(hint, widthOf(title), columns).map((line, j) => (j === 0 ? `${pc.cyan(title)}${line}` : `${' '.repeat(widthOf(title))}${line}`));
  });
}

/** The lines above the keys: what just happened (whole: a backup's path must be read), or what the loop is doing. */
function statusLines(state: State, columns: number): string[] {
  const wrapped = (text: string, colour: (line: string) => string = String) => wrap(text, 0, columns, 3).map(colour);
  if (state.view === 'confirm-reset') {
    return wrapped(`Reset ${state.functions[state.current].spec.name} to the version handed out? Yours is kept in a backup file.`, pc.yellow);
  }
  if (state.failure) return wrapped(visible(state.failure), pc.red);
  if (state.notice) return wrapped(visible(state.notice.text));
  if (state.grading !== 'idle') return [pc.dim('Grading…')];
  const took = state.gradeMs === undefined ? '' : ` (last verdict in ${Math.round(state.gradeMs)} ms)`;
  return wrapped(state.manual ? `Press r to grade your files again${took}.` : `Watching your lesson files: save to grade again${took}.`, pc.dim);
}

/** The first line shown of `lines` in `rows`, from `scroll`: never past the point where the last line shows. */
const firstShown = (length: number, scroll: number, rows: number) => Math.max(0, Math.min(scroll, length - rows));

/** The visible window of `lines`: `rows` of them from `scroll`, with a note where more lie above or below. */
function window(lines: readonly string[], scroll: number, rows: number, columns: number): string[] {
  if (rows <= 0) return [];
  const first = firstShown(lines.length, scroll, rows);
  const shown = lines.slice(first, first + rows);
  const below = lines.length - (first + rows);
  if (below > 0) shown[rows - 1] = pc.dim(fit(`  … ${below + 1} more lines below: ↓ or space to scroll`, columns));
  if (first > 0 && rows > 1) shown[0] = pc.dim(fit(`  … ${first + 1} more lines above: ↑ to scroll back`, columns));
  return shown;
}

/** The scrolled part of the screen: its lines, the room it has, and the hints kept in view below it. */
function scrolled(state: State, lessonText: LessonText, columns: number, room: number): { lines: readonly string[]; rows: number; hintBlock: string[] } {
  if (state.view === 'lesson') return { lines: lessonText(state.functions[state.current].lesson, columns), rows: room, hintBlock: [] };
  const hints = hintLines(state, columns);
  const verdict = state.report && allPass(state) && state.view === 'exercise' ? doneBody(state, columns) : exerciseBody(state, columns);
  // The hints asked for follow the verdict; when both do not fit, they stay in view below it, in up to half
  // the room, and the verdict scrolls above them.
  const together = hints.length === 0 ? verdict : [...verdict, '', ...hints];
  const hintRows = together.length <= room ? 0 : Math.min(hints.length, Math.floor(room / 2));
  return { lines: hintRows > 0 ? verdict : together, rows: room - hintRows, hintBlock: hints.slice(hints.length - hintRows) };
}

/** The screen's frame around the view: the header and the lines about what is happening, with the keys. */
function frame(state: State, columns: number): { top: string[]; bottom: string[] } {
  // In ASCII: a box-drawing line takes two columns in some terminals (East Asian ambiguous width).
  const rule = pc.dim('-'.repeat(columns));
  // The list names every function itself: its header is the lesson line alone, so that all fit in 24 rows.
  const top = [...header(state, columns).slice(0, state.view === 'list' ? 1 : 2), rule];
  // The keys wrap rather than lose the last ones (quit) on a narrow terminal.
  const keys = wrap(KEYS[state.view], 0, columns, 2).map((line) => pc.dim(line));
  return { top, bottom: [rule, ...statusLines(state, columns), ...keys] };
}

/** The screen for `state`: exactly `size.rows` lines, none wider than `size.columns`. */
export function renderScreen(state: State, size: Size, lessonText: LessonText): string[] {
  const columns = Math.max(20, size.columns);
  const { top, bottom } = frame(state, columns);
  const room = Math.max(1, size.rows - top.length - bottom.length);
  let body: string[];
  let hintBlock: string[] = [];
  if (state.view === 'list') {
    const { lines, cursorLine } = listBody(state, columns);
    body = window(lines, cursorLine - room + 2, room, columns);
  } else {
    const part = scrolled(state, lessonText, columns, room);
    body = window(part.lines, state.scroll, part.rows, columns);
    hintBlock = part.hintBlock;
  }
  const filler = Array.from({ length: Math.max(0, room - hintBlock.length - body.length) }, () => '');
  return [...top, ...body, ...filler, ...hintBlock, ...bottom].slice(0, Math.max(1, size.rows));
}

/** How far the current view can scroll at this size: the loop keeps `scroll` within it, so ↑ answers at once. */
export function scrollLimit(state: State, size: Size, lessonText: LessonText): number {
  if (state.view === 'list') return 0;
  const columns = Math.max(20, size.columns);
  const { top, bottom } = frame(state, columns);
  const { lines, rows } = scrolled(state, lessonText, columns, Math.max(1, size.rows - top.length - bottom.length));
  return firstShown(lines.length, Infinity, rows);
}
