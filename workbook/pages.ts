// The workbook's pages: each lesson rendered from lessons/NN-slug/README.md with markdown-it, its formulas typeset
// by KaTeX as the page is made (math.ts), its code highlighted by highlight.js (the grammars the terminal's lesson
// view already uses through emphasize, here as highlight.js's own HTML, escaped by it), its tables in a frame that
// scrolls on a phone; beside the text, the lesson's functions (functions.ts) and, within it, pictures of the Bugs
// data (charts.ts). The progress page (live) or the list of lessons (an export). Every page: one h1, headings in
// order, a language, stylesheets and a script as files (no <style> or inline script: the server's policy allows
// neither).
import { readFileSync } from 'node:fs';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import typescript from 'highlight.js/lib/languages/typescript';
import MarkdownIt from 'markdown-it';
import { LESSONS, allFunctions, findLesson, lessonFolder, lessonReadme, type Lesson } from '../curriculum/index.ts';
import { escapeHtml, htmlDocument } from '../grader/report/page.ts';
import { functionView, lessonWarnings, liveFunctionSection, nextStep, scoreText, stateText, staticFunctionSection, type Verdicts } from './functions.ts';
import { math } from './math.ts';
import type { Site } from './site.ts';

type Markdown = InstanceType<typeof MarkdownIt>;

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('bash', bash);

/** A code block highlighted when its language is known (`ts`, `sh`), escaped as it is otherwise (markdown-it does it). */
const highlight = (code: string, language: string): string => (language && hljs.getLanguage(language) ? hljs.highlight(code, { language, ignoreIllegals: true }).value : '');

/**
 * The lesson texts' markdown for `site`: no raw HTML (a `<` is text), formulas typeset, and a link between lessons
 * (`../02-dot-product/README.md`) going to that lesson's page on the site. A table as wide as its figures scrolls
 * inside its frame instead of widening the page on a phone.
 */
function markdownFor(site: Site): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false, highlight }).use(math);
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const href = String(tokens[i].attrGet('href') ?? '');
    const linked = /^\.\.\/(\d\d-[a-z-]+)\/README\.md(#.*)?$/.exec(href);
    const lesson = linked ? findLesson(linked[1]) : undefined;
    if (lesson) tokens[i].attrSet('href', `${site.lesson(lesson)}${linked![2] ?? ''}`);
    // Live, a link out of the workbook takes no Referer (the path holds the run's token), as the server's
    // Referrer-Policy already says for every page.
    if (site.live && /^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(href)) tokens[i].attrSet('rel', 'noreferrer');
    return defaultLink(tokens, i, options, env, self);
  };
  md.renderer.rules.table_open = () => '<div class="table-frame"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';
  return md;
}
const markdowns = new Map<Site, Markdown>();

/** Lesson texts rendered, by lesson, site and the text itself: a text edited while the workbook runs shows anew. */
const rendered = new Map<string, string>();

/** A lesson's text as HTML for `site`. */
function lessonHtml(lesson: Lesson, site: Site): string {
  const text = readFileSync(lessonReadme(lesson), 'utf8');
  const key = `${site.live}\0${lessonFolder(lesson)}\0${text}`;
  if (!markdowns.has(site)) markdowns.set(site, markdownFor(site));
  if (!rendered.has(key)) rendered.set(key, markdowns.get(site)!.render(text));
  return rendered.get(key)!;
}

/** Where each lesson's pictures go: before its rules (the worked example is just above), else at its end. */
const PICTURES_BEFORE = /<h2>What the grader checks<\/h2>/;

interface Shell {
  readonly title: string;
  /** The page the navigation marks as this one: a lesson's folder, or `home`. */
  readonly current: string;
  readonly main: string;
  readonly verdicts?: Verdicts;
}

/** The frame of every page: the navigation between lessons (and the score, live), then the page's own content. */
function shell(site: Site, { title, current, main, verdicts }: Shell): string {
  const link = (href: string, text: string, here: boolean) => `<li><a href="${href}"${here ? ' aria-current="page"' : ''}>${escapeHtml(text)}</a></li>`;
  const links = [
    link(site.home, site.live ? 'Progress' : 'Lessons', current === 'home'),
    ...LESSONS.map((lesson) => link(site.lesson(lesson), `${lesson.number} ${lesson.title}`, current === lessonFolder(lesson))),
  ];
  const live = verdicts
    ? `<p class="score" data-role="score">${escapeHtml(scoreText(verdicts))}</p><p class="regrade"><button type="button" data-regrade title="Where saves go unnoticed (some WSL setups, network drives)">Grade again</button></p><p class="state" data-role="state" role="status">${escapeHtml(stateText(verdicts))}</p>`
    : '';
  const head = `<link rel="icon" href="${site.asset('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${site.asset('katex/katex.min.css')}">
<link rel="stylesheet" href="${site.asset('workbook.css')}">
${site.live ? `<script src="${site.asset('workbook.js')}" defer></script>\n` : ''}`;
  const body = `<a class="skip" href="#main">Skip to the content</a>
<header class="top">
<nav aria-label="Lessons"><ul>${links.join('')}</ul></nav>
${live}
</header>
<main id="main">
${main}
</main>
`;
  return htmlDocument(title, head, body, site.live ? ' data-live' : '');
}

/** What a lesson page holds beside its text; the pictures are drawn by the caller (charts.ts). */
export interface LessonParts {
  readonly pictures: string;
  /** Lesson 05's query box, or how to get the model for it. */
  readonly ask?: string;
  readonly verdicts?: Verdicts;
}

/** The lesson's functions beside its text: live verdicts, or (an export) what each function is. */
function functionsPanel(lesson: Lesson, verdicts: Verdicts | undefined): string {
  const located = allFunctions().filter((fn) => fn.lesson === lesson);
  const folder = lessonFolder(lesson);
  if (!verdicts) return `<aside class="panel" aria-labelledby="functions-title"><h2 id="functions-title">Your functions</h2>\n${located.map(staticFunctionSection).join('\n')}\n</aside>`;
  const warnings = lessonWarnings(lesson, verdicts)
    .map((warning) => `<li>${escapeHtml(warning)}</li>`)
    .join('');
  return `<aside class="panel" aria-labelledby="functions-title"><h2 id="functions-title">Your functions</h2>
<p class="where">In <code>${escapeHtml(`${verdicts.folder}/${folder}/exercise.ts`)}</code>: save it and the verdicts change here.</p>
<div class="warnings" data-warnings="${folder}"${warnings ? '' : ' hidden'}><p>Type errors in this file (they do not change the verdicts):</p><ul>${warnings}</ul></div>
${located.map((fn) => liveFunctionSection(functionView(fn, verdicts), fn.spec.signature)).join('\n')}
</aside>`;
}

/** Under the lesson's title, live: each function's status, a link to its section (first on a phone's screen). */
function statusStrip(lesson: Lesson, verdicts: Verdicts): string {
  const items = lesson.functions.map((spec) => {
    const view = functionView({ lesson, spec }, verdicts);
    return `<li data-function="${spec.name}"><a href="#fn-${spec.name}"><code>${spec.name}</code></a> <span class="status status-${view.status}" data-role="status">${escapeHtml(view.label)}</span></li>`;
  });
  return `<ul class="strip" aria-label="Your functions in this lesson">${items.join('')}</ul>`;
}

export function lessonPage(site: Site, lesson: Lesson, { pictures, ask, verdicts }: LessonParts): string {
  let text = lessonHtml(lesson, site);
  if (verdicts) text = text.replace('</h1>', `</h1>\n${statusStrip(lesson, verdicts)}`);
  const before = PICTURES_BEFORE.exec(text)?.index ?? text.length;
  const extra = `${pictures}${ask ?? ''}`;
  const main = `<div class="lesson-layout">
<article class="lesson">
${text.slice(0, before)}${extra}${text.slice(before)}
</article>
${functionsPanel(lesson, verdicts)}
</div>`;
  return shell(site, { title: `Lesson ${lesson.number}: ${lesson.title}`, current: lessonFolder(lesson), main, verdicts });
}

/** The progress page (live): the score, what to do next, and every function with its status. */
export function progressPage(site: Site, verdicts: Verdicts): string {
  const lessons = LESSONS.map((lesson) => {
    const rows = lesson.functions.map((spec) => {
      const view = functionView({ lesson, spec }, verdicts);
      return `<tr data-function="${spec.name}"><td><a href="${site.lesson(lesson)}#fn-${spec.name}"><code>${spec.name}</code></a></td><td class="status status-${view.status}" data-role="status">${escapeHtml(view.label)}</td><td data-role="summary">${escapeHtml(view.summary)}</td></tr>`;
    });
    return `<h3><a href="${site.lesson(lesson)}">Lesson ${lesson.number}: ${escapeHtml(lesson.title)}</a></h3>
<div class="table-frame"><table class="progress"><thead><tr><th scope="col">Function</th><th scope="col">Status</th><th scope="col">Why</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  });
  const main = `<h1>Your progress</h1>
<p class="big-score" data-role="score">${escapeHtml(scoreText(verdicts))}</p>
<section aria-labelledby="next-title"><h2 id="next-title">What to do next</h2><div data-role="next">${nextStep(verdicts, site)}</div></section>
<section aria-labelledby="all-title"><h2 id="all-title">Every function</h2>
${lessons.join('\n')}
</section>`;
  return shell(site, { title: 'Your progress: vector similarity workbook', current: 'home', main, verdicts });
}

/** The first page of an exported site: the lessons, what each asks for, and how to get the live workbook. */
export function indexPage(site: Site): string {
  const items = LESSONS.map(
    (lesson) => `<li><a href="${site.lesson(lesson)}">Lesson ${lesson.number}: ${escapeHtml(lesson.title)}</a>: ${lesson.functions.map((spec) => `<code>${spec.name}</code>`).join(', ')}</li>`,
  );
  const main = `<h1>Vector similarity workbook</h1>
<p>Five lessons on comparing the meaning of sentences (Euclidean distance, the dot product, normalization, cosine similarity and query search) on four sentences about "Bugs" and their embeddings.</p>
<ol class="lessons">${items.join('')}</ol>
<p>These pages are a copy of the lesson texts: nothing is graded here. To write the functions and see your verdicts live beside each lesson, get the workbook, then run <code>npm install</code> and <code>npm run workbook</code>.</p>`;
  return shell(site, { title: 'Vector similarity workbook', current: 'home', main });
}

