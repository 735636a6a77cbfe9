// The feedback and summary pages, read as text: what they say, and that nothing of a student's makes markup.
import { describe, expect, it } from 'vitest';
import { allFunctions } from '../curriculum/index.ts';
import type { GradeReport } from '../grader/types.ts';
import { reportWith } from '../learner/watch/reports.fixture.ts';
import { summary } from './cli.ts';
import { feedbackHtml } from './feedback.ts';
import type { Row } from './grade-all.ts';
import { codeBlock, literal } from '../grader/report/page.ts';
import { summaryHtml } from './summary.ts';

const names = allFunctions().map(({ spec }) => spec.name);
const HOSTILE = 'see [here](https://evil.example) ![x](https://evil.example/pixel.png) <script>alert(1)</script> **bold** `code` <img src=x onerror=alert(1)>';

const row = (label: string, report: GradeReport | undefined, extra: Partial<Row> = {}): Row => ({
  label,
  student: { id: label, name: `Student ${label}` },
  status: report ? 'graded' : 'refused',
  notes: [],
  ms: 1000,
  ...(report ? { report } : { reason: 'no lesson file in it' }),
  ...extra,
});

describe('literal and codeBlock', () => {
  it('keep any text as text in markdown, backticks and all', () => {
    expect(literal('a*b_[c](d)')).toBe('a\\*b\\_\\[c\\]\\(d\\)');
    expect(codeBlock('x ``` y')).toBe('````text\nx ``` y\n````');
  });
});

describe('feedbackHtml', () => {
  const report = reportWith(
    { [names[0]]: 'fail', [names[1]]: 'pass' },
    { [names[0]]: { summary: HOSTILE, feedback: [HOSTILE], output: `${HOSTILE}\n\`\`\`\n</code></pre><h1>fake</h1>`, mistake: { id: 'squared-distance', title: 'squared distance', explanation: 'no root' } } },
  );
  const html = feedbackHtml(row('ada', report));

  it('shows the score and each function’s verdict, the explanation, the mistake and a hint', () => {
    expect(html).toContain('<title>Feedback for Student ada (ada)</title>');
    expect(html).toContain('<strong>Score: 1 / 14</strong>');
    expect(html).toContain(`<h3>✘ ${names[0]}: fail</h3>`);
    expect(html).toContain(`<h3>✔ ${names[1]}: pass</h3>`);
    expect(html).toContain('<strong>Likely mistake:</strong> squared distance. no root');
    expect(html).toContain('<strong>Hint:</strong>');
  });

  it('gives a passing function’s notes and prints too, as Gradescope’s file does (one list of parts for both)', () => {
    const passing = feedbackHtml(row('bo', reportWith({ [names[1]]: 'pass' }, { [names[1]]: { notes: ['graded again alone'], output: 'hello from the pass' } })));
    const start = passing.indexOf(`<h3>✔ ${names[1]}: pass</h3>`);
    const section = passing.slice(start, passing.indexOf('<h', start + 4));
    expect(section).toMatch(/<em>Note:<\/em> graded again alone/);
    expect(section).toContain('hello from the pass');
    expect(section).not.toContain('<strong>Hint:</strong>');
  });

  it('turns nothing a student wrote into markup: no link, image, script or heading of theirs', () => {
    const main = html.slice(html.indexOf('<main>'));
    expect(main).not.toMatch(/<a |<img|<script|<h1>fake/);
    expect(main).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says why a submission was not graded', () => {
    expect(feedbackHtml(row('bo', undefined))).toMatch(/<strong>Not graded\.<\/strong><\/p>\s*<p>no lesson file in it<\/p>/);
  });
});

describe('summaryHtml', () => {
  it('draws the scores and the pass rates as inline SVG, with their figures in words and in tables', async () => {
    const all = Object.fromEntries(names.map((name) => [name, 'pass' as const]));
    const html = await summaryHtml([row('a', reportWith(all)), row('b', reportWith(all)), row('c', reportWith({ [names[0]]: 'pass' })), row('d', undefined)]);
    expect(html.match(/<figure><svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('4 submissions: 3 graded, 1 not graded. Mean score 9.7 / 14.');
    expect(html).toContain('Scores of the 3 graded submissions: 1 scored 1, 2 scored 14.');
    expect(html).toContain(`<td>${names[0]}</td>\n<td>3 / 3</td>\n<td>100%</td>`);
    expect(html).toContain(`<td>${names[1]}</td>\n<td>2 / 3</td>\n<td>67%</td>`);
    expect(html).toMatch(/<h2>Not graded<\/h2>[\s\S]*<td>d<\/td>/);
  });
});

describe('a student’s names and reasons, on one line wherever they are shown', () => {
  const tricky = row('evil\n| fake | row |\u001b[2J', undefined, { reason: 'bad\nzip \u001b]0;PWNED\u0007' });

  it('in the pages: no line break, table row or raw control of theirs', async () => {
    for (const html of [feedbackHtml(tricky), await summaryHtml([tricky])]) {
      expect(html).not.toMatch(/[\u001b\u0007]/);
      expect(html).not.toMatch(/<td>\s*fake\s*<\/td>/);
    }
    expect(feedbackHtml(tricky)).toContain('Submission: evil\\n| fake | row |\\x1b[2J');
  });

  it('in the terminal summary: controls shown as escapes, never sent to the terminal', () => {
    const text = summary([tricky], ['notes\u001b[31m.txt']);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('  evil\\n| fake | row |\\x1b[2J: bad\\nzip \\x1b]0;PWNED\\x07');
  });
});
