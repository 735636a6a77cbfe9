import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { allFunctions } from '../../curriculum/index.ts';
import type { ExerciseResult, GradeReport } from '../types.ts';
import { renderJson } from './json.ts';
import { renderTerminal as renderColoured, type TerminalOptions } from './terminal.ts';

// Colours depend on the environment (CI turns them on); the words are what is tested.
const renderTerminal = (r: GradeReport, options?: TerminalOptions) => stripVTControlCharacters(renderColoured(r, options));

const base = { maxScore: 1, cases: [] };
const report: GradeReport = {
  version: 1,
  score: 1,
  maxScore: 3,
  warnings: ['02-dot-product/exercise.ts:1:1: type error TS2322: nope'],
  sandbox: { layers: [{ id: 'separate-process', active: true }] },
  exercises: [
    { ...base, lesson: '01-euclidean', function: 'euclidean', status: 'pass', score: 1, summary: 'all 16 cases pass' },
    {
      ...base,
      lesson: '01-euclidean',
      function: 'euclideanMatrix',
      status: 'fail',
      score: 0,
      summary: '0 of 15 cases pass',
      feedback: ['Called: euclideanMatrix(…)', 'Expected: 5', 'Got: 25'],
      mistake: { id: 'squared-distance', title: 'squared distance: the square root is missing', explanation: 'Take the root.' },
      hints: ['first hint', 'second hint'],
      output: `${'y'.repeat(500)}\nshort line`,
    },
    { ...base, lesson: '02-dot-product', function: 'dot', status: 'not-started', score: 0, summary: 'the stub still throws its TODO', hints: ['dot hint'] },
  ] satisfies ExerciseResult[],
};

describe('renderTerminal', () => {
  const text = renderTerminal(report);

  it('groups by lesson and shows every function with its status', () => {
    expect(text).toMatch(/01-euclidean\n.*✔ euclidean .*all 16 cases pass/);
    expect(text).toMatch(/✘ euclideanMatrix .*fail: 0 of 15 cases pass/);
    expect(text).toMatch(/02-dot-product\n.*○ dot .*not-started/);
  });

  it('explains a failure: feedback, the mistake, the first hint only, and what was printed', () => {
    expect(text).toContain('      Got: 25');
    expect(text).toContain('Likely mistake: squared distance: the square root is missing');
    expect(text).toContain('Hint 1/2: first hint');
    expect(text).not.toContain('second hint');
    expect(text).toContain('(more hints: add --hints)');
    // Printed lines are cut to the 80 columns of a terminal (the default): the gutter takes 9 (│ counts two).
    expect(text).toMatch(/ {6}│ y{69}…\n.*│ short line/);
    expect(renderTerminal(report, { columns: 120 })).toMatch(/│ y{109}…/);
    expect(renderTerminal(report, { allHints: true })).toContain('Hint 2/2: second hint');
  });

  it('counts a character past ASCII as two columns, so wide text cannot wrap either', () => {
    const wide = renderTerminal({ ...report, exercises: [{ ...report.exercises[1], output: `${'字'.repeat(60)}Score: 3 / 3` }] });
    expect(wide).toMatch(/│ 字{34}…\n/);
    expect(wide).not.toContain('Score: 3 / 3');
  });

  const long = (what: string) => `${what}: ${'lorem ipsum '.repeat(30)}END`;
  const wordy: GradeReport = {
    ...report,
    warnings: [long('warning')],
    exercises: [
      { ...report.exercises[1], summary: long('threw Error'), notes: [long('note')], feedback: [long('Got')], output: `${'\t'.repeat(8)}${'x'.repeat(8)}Score: 14 / 14\n${'z'.repeat(300)}` },
      { ...report.exercises[2], hints: [long('hint')] },
    ],
  };

  it('lays every line out within the terminal, at any width, tabs expanded as a terminal would', () => {
    // Columns as a terminal may draw them at most: printable ASCII one, anything else two.
    const drawn = (line: string) => [...line].reduce((sum, char) => sum + (char >= ' ' && char < '\x7f' ? 1 : 2), 0);
    for (const columns of [40, 80, 132]) {
      const lines = renderTerminal(wordy, { columns }).split('\n');
      expect(lines.filter((line) => drawn(line) > columns), `at ${columns} columns`).toEqual([]);
      expect(lines.join('\n')).not.toContain('\t');
      // Nothing learner-made reaches the margin: only the report's own lines start there.
      expect(lines.filter((line) => /^\S/.test(line)).every((line) => /^(\d\d-|Warnings|Score:|Next:|Hint:|euclidean|in |lessons)/.test(line)), lines.join('\n')).toBe(true);
    }
  });

  it('wraps the grader’s own words (summaries, notes, warnings, feedback) rather than cutting them, each behind its indent', () => {
    const text = renderTerminal(wordy);
    for (const what of ['threw Error', 'note', 'warning', 'Got']) {
      const start = text.indexOf(`${what}: lorem`);
      expect(start, what).toBeGreaterThan(0);
      const rest = text.slice(start);
      expect(rest.slice(0, rest.indexOf('END') + 3).replace(/\s+/g, ' '), what).toBe(long(what).replace(/\s+/g, ' '));
    }
    expect(text).toMatch(/\n {6}note: note: lorem.*\n {12}\S/);
    expect(text).toMatch(/\n {6}Got: lorem.*\n {8}\S/);
    expect(text).toMatch(/\n {2}warning: lorem.*\n {4}\S/);
  });

  it('ends with the warnings, the score and where to go next', () => {
    expect(text).toContain('type error TS2322: nope');
    expect(text).toMatch(/Score: 1 \/ 3 {2}\(1 pass, 1 fail, 1 not-started\)/);
    expect(text).toContain('Next: euclideanMatrix in 01-euclidean/exercise.ts');
  });

  it('congratulates when the whole course passes, and says how much was graded when only part of it was', () => {
    const everything = allFunctions().map(({ lesson, spec }) => ({ ...report.exercises[0], lesson: `${lesson.number}-${lesson.slug}`, function: spec.name }));
    const done = renderTerminal({ ...report, score: everything.length, maxScore: everything.length, warnings: [], exercises: everything });
    expect(done).toContain('Everything passes.');
    expect(done).not.toContain('Next:');
    // The closing screen says what to try next.
    expect(done.replaceAll('\n   ', '')).toMatch(/• Ask your own question: npm run search -- "your question"/);
    expect(done).toContain('--seed random');
    const part = renderTerminal({ ...report, score: 1, maxScore: 1, warnings: [], exercises: [report.exercises[0]] });
    expect(part).not.toContain('Everything passes');
    expect(part.replaceAll('\n', ' ')).toContain(`The 1 graded function passes; ${everything.length - 1} others were not graded this time (npm run grade grades them all).`);
  });
});

/** Text from learner code that would clear the screen, draw a fake report, rewrite a line, or reverse text. */
const TERMINAL_TRICKS = '\x1b[2J\x1b[HScore: 14 / 14\rall pass\u009b31m\x1b]52;c;Y2xpcA==\x07\u202egnirts\x00\x7f';

describe('escaping learner text', () => {
  const hostile: GradeReport = {
    ...report,
    warnings: [`01-euclidean/exercise.ts:1:1: ${TERMINAL_TRICKS}`],
    exercises: [{ ...report.exercises[1], summary: `threw Error: ${TERMINAL_TRICKS}`, output: `${TERMINAL_TRICKS}\nsecond line` }],
  };

  it('shows every control character as an inert escape in the terminal report, keeping newlines', () => {
    const raw = renderColoured(hostile, { columns: 1000 });
    // The report's own colours are SGR sequences (ESC [ … m); nothing else may reach the terminal.
    const foreign = raw.replace(/\x1b\[[0-9;]*m/g, '');
    expect(foreign).not.toMatch(/(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(foreign).toContain('\\x1b[2J\\x1b[HScore: 14 / 14\\rall pass\\x9b31m\\x1b]52;c;Y2xpcA==\\x07\\u202egnirts\\x00\\x7f');
    expect(foreign).toMatch(/│ .*\n.*│ second line/);
  });

  it('carries the text unchanged in JSON, with nothing raw a terminal would obey', () => {
    const json = renderJson(hostile);
    expect(json).not.toMatch(/(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect((JSON.parse(json) as GradeReport).exercises[0].output).toBe(`${TERMINAL_TRICKS}\nsecond line`);
  });
});

describe('renderJson', () => {
  it('is the report itself, as one JSON document', () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });
});
