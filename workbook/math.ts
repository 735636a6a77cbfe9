// The lessons' formulas typeset by KaTeX as the page is made, so that a page needs neither a script nor the network
// to show them: a markdown-it rule for `$…$` inside a paragraph and one for a `$$…$$` block (on one line, as every
// lesson writes it, or over several). A rule of markdown-it's own rather than a plugin: the two maintained plugins
// pin KaTeX 0.16, a second copy beside the current one whose stylesheet the pages load. Code spans and blocks are
// read by markdown-it's own rules first, so a `$` in code stays code. Inline math follows pandoc's rule: the
// opening `$` is followed by a non-space, the closing one preceded by a non-space and not followed by a digit
// (so "costs $5 and $6" stays text).
import katex from 'katex';
import type MarkdownIt from 'markdown-it';
import type { StateBlock, StateInline } from 'markdown-it';

type Markdown = InstanceType<typeof MarkdownIt>;

/**
 * A formula as HTML and MathML: KaTeX's HTML is what shows (and is hidden from screen readers), its MathML is what
 * screen readers read. A formula KaTeX cannot read shows as its source, in red, with the reason as a tooltip.
 */
export const typeset = (tex: string, display: boolean): string => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });

const isSpace = (char: string | undefined) => char === undefined || /\s/.test(char);

/** Where the inline formula opened at `open` closes, or -1. */
function closingDollar(src: string, open: number): number {
  for (let end = src.indexOf('$', open + 1); end !== -1; end = src.indexOf('$', end + 1)) {
    if (src[end - 1] === '\\') continue; // `\$` is a dollar sign inside the formula
    if (isSpace(src[end - 1]) || /\d/.test(src[end + 1] ?? '')) return -1;
    return end;
  }
  return -1;
}

function inlineMath(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src[pos] !== '$' || src[pos + 1] === '$' || isSpace(src[pos + 1])) return false;
  const end = closingDollar(src, pos);
  if (end === -1) return false;
  if (!silent) state.push('math_inline', 'math', 0).content = src.slice(pos + 1, end);
  state.pos = end + 1;
  return true;
}

function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  // Indented four spaces, it is a code block.
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const first = lineText(startLine).trimEnd();
  if (!first.startsWith('$$')) return false;
  let content: string;
  let last = startLine;
  if (first.length >= 4 && first.endsWith('$$')) {
    content = first.slice(2, -2);
  } else {
    const lines = [first.slice(2)];
    for (last = startLine + 1; last < endLine; last++) {
      const text = lineText(last).trimEnd();
      if (text.endsWith('$$')) break;
      lines.push(text);
    }
    if (last >= endLine) return false; // never closed: not a formula
    lines.push(lineText(last).trimEnd().slice(0, -2));
    content = lines.join('\n');
  }
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** The markdown-it plugin. */
export function math(md: Markdown): void {
  md.inline.ruler.after('escape', 'math_inline', inlineMath);
  md.block.ruler.before('paragraph', 'math_block', blockMath, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, i) => typeset(tokens[i].content, false);
  // Wrapped so that a formula wider than a phone scrolls on its own instead of widening the page.
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-display">${typeset(tokens[i].content.trim(), true)}</div>\n`;
}
