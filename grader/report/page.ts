// What the HTML pages share, the instructor's and the browser workbook's (workbook/): the document around them,
// markdown (rendered by markdown-it with raw HTML off), the styles (inside the instructor's self-contained pages,
// readable offline and on a phone), and Vega-Lite's charts drawn as inline SVG. Text that comes from a student's code (a thrown message,
// printed output, a value) is made literal before it meets markdown: no link, image or emphasis of theirs can
// appear on the page.
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import type { TopLevelSpec } from 'vega-lite';
import { visibleLine } from './escape.ts';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Markdown as HTML, raw HTML in it shown as text. */
export const renderMarkdown = (text: string): string => markdown.render(text);

/** `text` as markdown that reads exactly as the text: every ASCII punctuation character escaped (CommonMark allows it). */
export const literal = (text: string): string => text.replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`).replace(/\n/g, '  \n');

/** A name or a reason (a student's text) as one line of literal markdown: a line break shows as `\n`, controls as escapes. */
export const literalLine = (text: string): string => literal(visibleLine(text));

/** `text` as a fenced code block, whatever backticks it holds. */
export function codeBlock(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** HTML text, escaped for an element or an attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The pages' styles: inline in the instructor's pages, the workbook's stylesheet begins with them. */
export const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --pass: #116329; --fail: #a40e26; --line: #d0d7de; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; } h3 { font-size: 1.1rem; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; font-size: .9rem; }
code { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
.pass { color: var(--pass); } .fail { color: var(--fail); }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: var(--muted); font-size: .9rem; }
`;

/**
 * A Vega-Lite chart as SVG, in a figure whose caption says what it shows in words too. Vega names only the marks
 * inside, so the SVG is named for screen readers by the spec's description. Its ids (a legend's gradient) are
 * prefixed with a hash of the spec, so that two charts on one page never share one.
 */
export async function chartFigure(spec: TopLevelSpec, caption: string): Promise<string> {
  const idPrefix = `c${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 8)}`;
  // Loaded only here: Vega is large, and only the pages with charts draw.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = (await view.toSVG())
      .replace(/( id="|url\(#)/g, `$1${idPrefix}-`)
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(spec.description ?? caption)}" `);
    return `<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  } finally {
    view.finalize();
  }
}

/** Part of a page: markdown, or HTML made by the workbook itself (a chart). */
export type Part = string | { readonly html: string };

/**
 * An HTML document in English, sized for phones: its title (plain text), the rest of its head and its body (HTML,
 * each ending with a line break), and the body's attributes (` data-live`, say).
 */
export function htmlDocument(title: string, head: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}</head>
<body${bodyAttributes}>
${body}</body>
</html>
`;
}

/** A whole page, its styles inside: `title` (plain text), then its parts in order. */
export function page(title: string, ...parts: readonly Part[]): string {
  const body = parts.map((part) => (typeof part === 'string' ? renderMarkdown(part) : part.html)).join('\n');
  return htmlDocument(title, `<style>${STYLE}</style>\n`, `<main>\n${body}\n</main>\n`);
}
