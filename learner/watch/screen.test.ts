import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { allFunctions, type Lesson } from '../../curriculum/index.ts';
import { WHAT_NEXT } from '../../grader/report/terminal.ts';
import { widthOf } from '../../grader/report/layout.ts';
import type { GradeReport } from '../../grader/types.ts';
import { reportWith } from './reports.fixture.ts';
import { renderScreen, scrollLimit, type Size } from './screen.ts';
import { start, update, type Event, type State } from './state.ts';

const names = allFunctions().map(({ spec }) => spec.name);
const euclidean = allFunctions()[0].spec;
const FULL: Size = { columns: 80, rows: 24 };

/** A lesson text as long as a real one, each line naming its lesson and number. */
const lessonText = (lesson: Lesson) => Array.from({ length: 60 }, (_, i) => `lesson ${lesson.number} line ${i + 1}`);

function stateAfter(events: readonly Event[], manual = false): State {
  return events.reduce((state, event) => update(state, event).state, start({ hintsShown: {} }, manual).state);
}
const key = (name: Extract<Event, { type: 'key' }>['key']): Event => ({ type: 'key', key: name });
const graded = (report: GradeReport): Event => ({ type: 'graded', report, ms: 42.4 });

/** The screen as read on a terminal, without colours. */
const screenOf = (state: State, size = FULL) => renderScreen(state, size, lessonText).map((line) => stripVTControlCharacters(line));
const textOf = (state: State, size = FULL) => screenOf(state, size).join('\n');

const failing = reportWith(
  { [names[0]]: 'fail' },
  {
    [names[0]]: {
      summary: 'wrong value in "the four Bugs documents"',
      feedback: ['euclidean([1, 2], [4, 6]) returned 7, expected 5.'],
      mistake: { id: 'no-sqrt', title: 'the square root is missing', explanation: 'You return the sum of squares.' },
      hints: ['Take the square root of the sum at the end.', euclidean.hints[0], euclidean.hints[1]],
    },
  },
);

describe('the watch loop’s screens', () => {
  it('says it is grading before the first verdict', () => {
    const text = textOf(stateAfter([]));
    expect(text).toMatch(/Grading your lesson files…/);
    expect(text).toMatch(/^Lesson 01 · .*grading…$/m);
  });

  it('shows the lesson, the function, its file, its status and the feedback of its first failing case', () => {
    const text = textOf(stateAfter([graded(failing)]));
    expect(text).toMatch(/^Lesson 01 · /);
    expect(text).toMatch(/euclidean \(1 of 14\) in lessons\/01-euclidean\/exercise\.ts/);
    expect(text).toMatch(/0\/14 pass/);
    expect(text).toMatch(/✘ euclidean {2}fail: wrong value in "the four Bugs documents"/);
    expect(text).toMatch(/returned 7, expected 5/);
    expect(text).toMatch(/Likely mistake: the square root is missing/);
    expect(text).toMatch(/last verdict in 42 ms/);
    // No hint until one is asked for.
    expect(text).not.toMatch(/Hint \d/);
  });

  it('shows one more hint per h, the one that fits the mistake first', () => {
    const once = textOf(stateAfter([graded(failing), key('h')]));
    expect(once).toMatch(/Hint 1\/3: Take the square root of the sum at the end\./);
    expect(once).not.toMatch(/Hint 2\/3/);
    const twice = textOf(stateAfter([graded(failing), key('h'), key('h')]));
    expect(twice).toMatch(/Hint 1\/3: Take the square root/);
    expect(twice).toMatch(/Hint 2\/3: /);
  });

  it('lists every function with its status, the cursor’s line marked', () => {
    // Opened at the first function that does not pass: the list's cursor starts there.
    const lines = screenOf(stateAfter([graded(reportWith({ [names[0]]: 'pass', [names[1]]: 'timeout' })), key('l')]));
    expect(lines.filter((line) => /^[> ] \S+ \S+/.test(line))).toHaveLength(names.length);
    expect(lines.find((line) => line.startsWith('> '))).toMatch(new RegExp(`^> ⧗ ${names[1]} +timeout: `));
    expect(lines.some((line) => new RegExp(`^  ✔ ${names[0]} +pass$`).test(line))).toBe(true);
  });

  it('asks before a reset, naming the function', () => {
    const text = textOf(stateAfter([graded(failing), key('x')]));
    expect(text).toMatch(/Reset euclidean to the version handed out\? Yours is kept in a backup file\./);
    expect(text).toMatch(/y reset it .* any other key cancels/);
  });

  it('shows the lesson text, scrolled', () => {
    const top = textOf(stateAfter([graded(failing), key('t')]));
    expect(top).toMatch(/lesson 01 line 1$/m);
    const scrolled = screenOf(stateAfter([graded(failing), key('t'), key('pagedown')]));
    expect(scrolled[3]).toBe('  … 11 more lines above: ↑ to scroll back');
    expect(scrolled[4]).toBe('lesson 01 line 12');
    expect(scrolled.join('\n')).toMatch(/… \d+ more lines below: ↓ or space to scroll/);
  });

  it('scrolls no further than the last line: the limit the loop keeps the scroll within', () => {
    const lesson = stateAfter([graded(failing), key('t')]);
    // 60 lines in 24 rows less the header (3) and the bottom (3).
    expect(scrollLimit(lesson, FULL, lessonText)).toBe(60 - 18);
    const atEnd = screenOf({ ...lesson, scroll: 60 - 18 });
    expect(atEnd[FULL.rows - 4]).toBe('lesson 01 line 60');
    expect(scrollLimit(stateAfter([graded(failing)]), FULL, lessonText)).toBe(0);
  });

  it('wraps the keys rather than cut them on a narrow terminal', () => {
    const narrow = screenOf(stateAfter([graded(failing)]), { columns: 50, rows: 20 });
    expect(narrow.slice(-2).join(' ')).toMatch(/q quit$/);
  });

  it('closes with the score and what to try next once everything passes', () => {
    const text = textOf(stateAfter([graded(reportWith(Object.fromEntries(names.map((name) => [name, 'pass' as const]))))]));
    expect(text).toMatch(/Every exercise passes: 14 \/ 14\. Well done!/);
    expect(text.replace(/\s+/g, ' ')).toContain(WHAT_NEXT[0].slice(0, 40));
  });

  it('shows the type errors of the current file only, with control characters made visible', () => {
    const warnings = ['01-euclidean/exercise.ts:3:5: type error TS2322: Type \'string\' is not assignable\u001b[2J', '02-dot-product/exercise.ts:1:1: type error TS1: elsewhere'];
    const text = textOf(stateAfter([graded(failing), { type: 'typechecked', warnings }]));
    expect(text).toMatch(/Type errors in this file/);
    expect(text).toMatch(/01-euclidean\/exercise\.ts:3:5/);
    expect(text).not.toMatch(/02-dot-product/);
    expect(renderScreen(stateAfter([graded(failing), { type: 'typechecked', warnings }]), FULL, lessonText).join('')).not.toContain('\u001b[2J');
  });

  it('tells a --manual learner to press r', () => {
    expect(textOf(stateAfter([graded(failing)], true))).toMatch(/Press r to grade your files again/);
  });

  it.each([FULL, { columns: 40, rows: 12 }, { columns: 120, rows: 40 }])('fits %o in every view', (size) => {
    const views = [[], [graded(failing)], [graded(failing), key('h'), key('h'), key('h')], [graded(failing), key('l')], [graded(failing), key('t')], [graded(failing), key('x')]];
    for (const events of views) {
      const lines = screenOf(stateAfter(events), size);
      expect(lines.length).toBe(size.rows);
      for (const line of lines) expect(widthOf(line), line).toBeLessThanOrEqual(size.columns);
    }
  });
});
