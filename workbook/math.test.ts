// The formula rules: what is typeset, and what stays text.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { math, typeset } from './math.ts';

const render = (text: string) => new MarkdownIt({ html: false }).use(math).render(text);
const formulas = (html: string) => html.match(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)?.map((tag) => tag.replace(/<[^>]+>/g, '')) ?? [];

describe('the formula rules', () => {
  it('typeset inline and display formulas, with MathML for screen readers', () => {
    const html = render('The norm $\\lVert a \\rVert$ of $a$ is\n\n$$ \\sqrt{\\sum_{i=1}^{n} a_i^2} $$\n\nand so on.');
    expect(formulas(html)).toEqual(['\\lVert a \\rVert', 'a', '\\sqrt{\\sum_{i=1}^{n} a_i^2}']);
    expect(html.match(/<div class="math-display"><span class="katex-display">/g)).toHaveLength(1);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(html).not.toContain('$');
  });

  it('read a display formula over several lines', () => {
    const html = render('$$\na + b\n= c\n$$');
    expect(formulas(html)).toEqual(['a + b\n= c']);
    expect(html).toContain('katex-display');
  });

  it('leave dollars alone in code, in prices, before a space, and escaped', () => {
    const html = render('Run `echo $HOME $PATH` or\n\n```sh\nx=$1 $2\n```\n\nIt costs $5 and $6. A $ sign alone, \\$x\\$.');
    expect(formulas(html)).toEqual([]);
    expect(html).toContain('<code>echo $HOME $PATH</code>');
    expect(html).toContain('x=$1 $2');
    expect(html).toContain('It costs $5 and $6. A $ sign alone, $x$.');
  });

  it('keep an unclosed display formula as text', () => {
    expect(formulas(render('$$ a + b\n\nmore'))).toEqual([]);
  });

  it('show a formula KaTeX cannot read as its source, marked, instead of failing the page', () => {
    expect(typeset('\\frac{1}{', false)).toContain('katex-error');
    expect(typeset('\\frac{1}{2}', false)).not.toContain('katex-error');
  });
});
