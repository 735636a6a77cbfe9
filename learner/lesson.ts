// `npm run lesson -- 03`: a lesson text (lessons/NN-slug/README.md) for the terminal, parsed with markdown-it:
// headings underlined, paragraphs and lists wrapped to the terminal's width, code blocks indented and
// highlighted (emphasize: highlight.js's grammars, in terminal colours), tables aligned, and every formula in
// readable Unicode (tex.ts). Formulas are set aside before markdown-it reads the
// text, so that their backslashes and underscores are never taken for markdown.
import { common, createEmphasize } from 'emphasize';
import MarkdownIt from 'markdown-it';
import pc from 'picocolors';
import { widthOf, wrap } from '../grader/report/layout.ts';
import { texToUnicode } from './tex.ts';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/** The languages of the lessons' code blocks (`ts`, `sh`), by the names and aliases highlight.js gives them. */
const highlighter = createEmphasize({ typescript: common.typescript!, bash: common.bash! });

/** A colour for each line of a token on its own: the watch mode redraws lines one by one. */
const perLine = (colour: (text: string) => string) => (text: string) => text.split('\n').map(colour).join('\n');

/**
 * highlight.js's classes in picocolors' colours, which the rest of the workbook uses: they follow NO_COLOR,
 * FORCE_COLOR and whether the output is a terminal (emphasize's own sheet is always in colour).
 */
const SHEET = Object.fromEntries(
  Object.entries({
    comment: pc.gray,
    keyword: pc.green,
    literal: pc.cyan,
    number: pc.cyan,
    string: pc.cyan,
    regexp: pc.cyan,
    title: pc.blue,
    'title function_': pc.blue,
    'title class_': pc.yellow,
    type: pc.yellow,
    variable: pc.yellow,
    attr: pc.yellow,
    params: String,
    subst: pc.magenta,
    meta: pc.magenta,
    built_in: pc.red,
  }).map(([name, colour]) => [name, perLine(colour)]),
);

/** A code block's lines, highlighted when its language is known, dimmed otherwise. */
function codeLines(code: string, language: string): string[] {
  const text = code.replace(/\n$/, '');
  const known = language !== '' && highlighter.registered(language);
  return (known ? highlighter.highlight(language, text, SHEET).value : perLine(pc.dim)(text)).split('\n');
}

/** Private-use characters around a formula's number while markdown-it reads the text. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The text with each formula replaced by a numbered stand-in, and the formulas in Unicode by number. */
function setFormulasAside(markdown: string): { text: string; formulas: string[] } {
  const formulas: string[] = [];
  const text = markdown.replace(/\$\$([\s\S]+?)\$\$|\$([^$\n]+)\$/g, (_, display: string | undefined, inline: string | undefined) => {
    formulas.push(texToUnicode(display ?? inline ?? ''));
    return `${OPEN}${formulas.length - 1}${CLOSE}`;
  });
  return { text, formulas };
}

/** An inline token's text, plain: code keeps its backticks, links keep their address, formulas come back. */
function inlineText(token: Token | undefined, formulas: readonly string[]): string {
  const text = (token?.children ?? [])
    .map((child) => {
      if (child.type === 'code_inline') return `\`${child.content}\``;
      if (child.type === 'softbreak') return ' ';
      if (child.type === 'hardbreak') return '\n';
      if (child.type === 'link_close') return '';
      if (child.type === 'link_open') return '';
      return child.content;
    })
    .join('');
  return text.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, n: string) => formulas[Number(n)]);
}

/** Cells of a table, by row, as text: the header row first. */
function tableRows(tokens: readonly Token[], start: number, formulas: readonly string[]): { rows: string[][]; end: number } {
  const rows: string[][] = [];
  let i = start;
  for (; tokens[i].type !== 'table_close'; i++) {
    if (tokens[i].type === 'tr_open') rows.push([]);
    if (tokens[i].type === 'inline') rows[rows.length - 1].push(inlineText(tokens[i], formulas));
  }
  return { rows, end: i };
}

/** A table with its columns aligned, a rule under the header. */
function renderTable(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => widthOf(row[column] ?? ''))));
  const line = (row: readonly string[]) => `  ${row.map((cell, column) => cell + ' '.repeat(widths[column] - widthOf(cell))).join(' │ ')}`.trimEnd();
  return [pc.bold(line(rows[0])), `  ${widths.map((width) => '─'.repeat(width)).join('─┼─')}`, ...rows.slice(1).map(line)];
}

/** The lesson text for a terminal `columns` wide. */
export function renderLesson(markdown: string, columns = 80): string {
  const { text, formulas } = setFormulasAside(markdown);
  const tokens = new MarkdownIt({ html: false }).parse(text, {});
  const lines: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const indent = '  '.repeat(lists.length) + '│ '.repeat(quote);
    switch (token.type) {
      case 'heading_open': {
        const title = inlineText(tokens[i + 1], formulas);
        // Underlined in ASCII, one column a character in every terminal.
        lines.push('', pc.bold(title), pc.dim((token.tag === 'h1' ? '=' : '-').repeat(Math.min(widthOf(title), columns))));
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) lines.push('');
        break;
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const content = inlineText(inline, formulas);
        const list = lists[lists.length - 1];
        const item = list && tokens[i - 1]?.type === 'list_item_open' ? (list.ordered ? `${list.next++}. ` : '• ') : '';
        const lead = `${'  '.repeat(Math.max(0, lists.length - 1))}${'│ '.repeat(quote)}${item}`;
        // Under the item's mark, as wide as a terminal shows it (one column for •, whatever widthOf assumes).
        const under = `${'  '.repeat(Math.max(0, lists.length - 1))}${'│ '.repeat(quote)}${' '.repeat(item.length)}`;
        // A paragraph that is one formula alone is set apart, indented.
        const display = /^\uE000\d+\uE001$/.test((inline.content ?? '').trim());
        if (display) lines.push(`${lead}    ${content.trim()}`);
        else for (const [n, part] of content.split('\n').entries()) lines.push(...wrap(part, widthOf(lead), columns).map((line, k) => `${n === 0 && k === 0 ? lead : under}${line}`));
        if (!list) lines.push('');
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block':
        lines.push(...codeLines(token.content, token.info.trim()).map((line) => `${indent}    ${line}`), '');
        break;
      case 'table_open': {
        const { rows, end } = tableRows(tokens, i, formulas);
        lines.push(...renderTable(rows), '');
        i = end;
        break;
      }
      case 'hr':
        lines.push(pc.dim('-'.repeat(columns)), '');
        break;
      default:
        break;
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').trimEnd()}\n`;
}
