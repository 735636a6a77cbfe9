import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonReadme } from '../curriculum/index.ts';
import { widthOf } from '../grader/report/layout.ts';
import { renderLesson } from './lesson.ts';

const COLUMNS = 80;

/** The text as read, whether or not the run's terminal gets colours (CI may force them). */
const plain = (markdown: string, columns = COLUMNS) => stripVTControlCharacters(renderLesson(markdown, columns));

describe.each(LESSONS.map((lesson) => [`${lesson.number}-${lesson.slug}`, lesson] as const))('renderLesson: lessons/%s/README.md', (_, lesson) => {
  const markdown = readFileSync(lessonReadme(lesson), 'utf8');
  const text = plain(markdown);
  const lines = text.split('\n');
  // Code blocks (indented by four spaces) keep their lines as written, and tables (by two) their rows whole.
  const prose = lines.filter((line) => !line.startsWith('  '));

  it('has every formula in Unicode: no $ and no LaTeX command is left outside code', () => {
    expect(markdown).toMatch(/\$/);
    for (const line of prose) {
      expect(line).not.toMatch(/\$/);
      expect(line).not.toMatch(/\\[a-zA-Z]+/);
    }
  });

  it('starts with the lesson’s title, underlined', () => {
    expect(lines[0]).toBe(markdown.split('\n')[0].replace(/^#+\s*/, ''));
    expect(lines[1]).toMatch(/^=+$/);
  });

  it('wraps its paragraphs to the terminal’s width', () => {
    for (const line of prose) expect(widthOf(line), line).toBeLessThanOrEqual(COLUMNS);
  });
});

describe('renderLesson', () => {
  it('aligns a table’s columns under a rule', () => {
    const table = plain('| a | long header |\n| --- | --- |\n| 1 | 2 |\n| 333 | $x^2$ |\n', 80).trimEnd().split('\n');
    expect(table).toEqual(['  a   │ long header', '  ────┼────────────', '  1   │ 2', '  333 │ x²']);
  });

  it('sets a formula that stands alone apart, and never reads a formula’s backslashes or underscores as markdown', () => {
    expect(plain('Before:\n\n$$ a_i \\cdot b_i $$\n\nafter.\n')).toBe('Before:\n\n    aᵢ · bᵢ\n\nafter.\n');
  });
});
