// The lesson texts: each is complete (title, math, every function it asks for, the grade command) and every
// TypeScript snippet in it runs. Snippets import `./lessons/NN-slug/exercise.ts`; since solutions/ mirrors
// lessons/ path for path, they are run against the reference solutions.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LESSONS, ROOT, RULES, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, lessonReadme } from '../curriculum/index.ts';

const markdown = new MarkdownIt();
const SNIPPET_DIR = join(ROOT, '.cache', 'lesson-snippets');

function tsSnippets(text: string): string[] {
  return markdown
    .parse(text, {})
    .filter((token) => token.type === 'fence' && /^(ts|typescript)\b/.test(token.info))
    .map((token) => token.content);
}

// Lesson 01 has the reader write `allclose`; later snippets use it "in the same file", as the texts say.
const ALLCLOSE = /^function allclose\([\s\S]*?^}$/m.exec(tsSnippets(readFileSync(lessonReadme(LESSONS[0]), 'utf8')).join('\n'))?.[0];
const withAllclose = (code: string) => (/\ballclose\(/.test(code) && !/function allclose\(/.test(code) ? `${code}\n${ALLCLOSE}\n` : code);

afterAll(() => rmSync(SNIPPET_DIR, { recursive: true, force: true }));

describe.each(LESSONS.map((lesson) => [`${lesson.number}-${lesson.slug}`, lesson] as const))('lessons/%s/README.md', (folder, lesson) => {
  const text = readFileSync(lessonReadme(lesson), 'utf8');
  const tokens = markdown.parse(text, {});
  const snippets = tsSnippets(text).map(withAllclose);

  it('has TypeScript snippets, and lesson 01 defines the allclose the others reuse', () => {
    expect(snippets.length).toBeGreaterThan(0);
    expect(ALLCLOSE).toBeDefined();
  });

  it('starts with the lesson title from the registry', () => {
    const heading = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1');
    expect(tokens[heading + 1].content).toBe(`Lesson ${lesson.number}: ${lesson.title}`);
  });

  it('shows its formulas as display math, names every function it asks for, and how to grade them', () => {
    expect(text).toMatch(/\$\$[\s\S]+?\$\$/);
    for (const { name } of lesson.functions) expect(text).toContain(name);
    expect(text).toContain(`npm run grade -- ${lesson.number}`);
    expect(tokens.filter((token) => token.type === 'heading_open' && token.tag === 'h2').length).toBeGreaterThanOrEqual(3);
  });

  it('states every rule the grader checks, and the lesson file’s header repeats them word for word', () => {
    const flat = (lines: string) => lines.replace(/\s+/g, ' ');
    const section = /## What the grader checks\n([\s\S]*?)\n## /.exec(text)?.[1] ?? '';
    const header = readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8').split('\n/**')[0].replace(/^\/\/ ?(- | {2})?/gm, '');
    for (const rule of RULES[lesson.number]) {
      expect(flat(section), rule.id).toContain(rule.text);
      expect(flat(header), rule.id).toContain(rule.text);
    }
  });

  it.each(snippets.map((code, i) => [i + 1, code] as const))('snippet %i runs', async (index, code) => {
    mkdirSync(SNIPPET_DIR, { recursive: true });
    const file = join(SNIPPET_DIR, `${folder}-${index}.ts`);
    writeFileSync(file, code.replaceAll("'./lessons/", `'${pathToFileURL(SOLUTIONS_DIR).href}/`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
    }
  });
});
