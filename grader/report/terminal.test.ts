import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
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
    // Cut to the 80 columns of a terminal (the default), so no printed line can wrap.
    expect(text).toMatch(/ {6}│ y{71}…\n.*│ short line/);
    const printed = text.split('\n').filter((line) => line.includes('│'));
    expect(printed.every((line) => line.length <= 80)).toBe(true);
    expect(renderTerminal(report, { columns: 120 })).toMatch(/│ y{111}…/);
    expect(renderTerminal(report, { allHints: true })).toContain('Hint 2/2: second hint');
  });

  it('counts a character past ASCII as two columns, so wide text cannot wrap either', () => {
    const wide = renderTerminal({ ...report, exercises: [{ ...report.exercises[1], output: `${'字'.repeat(60)}Score: 3 / 3` }] });
    expect(wide).toMatch(/│ 字{35}…\n/);
    expect(wide).not.toContain('Score: 3 / 3');
  });

  it('ends with the warnings, the score and where to go next', () => {
    expect(text).toContain('type error TS2322: nope');
    expect(text).toMatch(/Score: 1 \/ 3 {2}\(1 pass, 1 fail, 1 not-started\)/);
    expect(text).toContain('Next: euclideanMatrix in 01-euclidean/exercise.ts');
  });

  it('congratulates when everything passes', () => {
    const done = renderTerminal({ ...report, score: 1, maxScore: 1, warnings: [], exercises: [report.exercises[0]] });
    expect(done).toContain('Everything passes.');
    expect(done).not.toContain('Next:');
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
