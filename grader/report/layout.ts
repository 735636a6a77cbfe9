// Internal to the terminal report: lays text out in lines no wider than the terminal. Learner text in the report
// must never start a line at the margin, nor wrap into one (a line the terminal wraps starts at column 0), so
// every line is laid out here, against a conservative count of columns.

/** Tab stops, as terminals set them. */
const TAB = 8;

/** Columns a character may take: printable ASCII one, anything else two (East Asian wide characters do). */
const columnsOf = (char: string) => (char >= ' ' && char < '\x7f' ? 1 : 2);

/** Columns `text` takes, tabs excepted (they are expanded first). */
export const widthOf = (text: string) => [...text].reduce((sum, char) => sum + columnsOf(char), 0);

/** Tabs as the spaces a terminal would move over, for text starting at column `start`. */
export function expandTabs(text: string, start: number): string {
  let column = start;
  let out = '';
  for (const char of text) {
    const piece = char === '\t' ? ' '.repeat(TAB - (column % TAB)) : char;
    out += piece;
    column += char === '\t' ? piece.length : columnsOf(char);
  }
  return out;
}

const ELLIPSIS = '…';

/** The longest start of `text` that fits in `room` columns. */
function cut(text: string, room: number): string {
  let used = 0;
  let kept = '';
  for (const char of text) {
    used += columnsOf(char);
    if (used > room) break;
    kept += char;
  }
  return kept;
}

/** The text if it fits in `room` columns, else as much as fits followed by `…`. */
export const fit = (text: string, room: number) => (widthOf(text) <= room ? text : `${cut(text, room - widthOf(ELLIPSIS))}${ELLIPSIS}`);

/** Splits one line of text into pieces of at most `room` columns, at a space where there is one. */
function pieces(text: string, room: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (widthOf(rest) > room) {
    let cut = 0;
    let used = 0;
    for (const char of rest) {
      if (used + columnsOf(char) > room) break;
      used += columnsOf(char);
      cut += char.length;
    }
    const space = rest.lastIndexOf(' ', cut);
    const at = space > cut / 2 ? space + 1 : Math.max(cut, 1);
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at);
  }
  out.push(rest);
  return out;
}

/**
 * One line of `text` wrapped into lines for a terminal `columns` wide, each to follow a lead (`  note: `, or
 * spaces under it) `leadWidth` columns wide; at most `maxLines`, the last ending with `…` when there is more.
 */
export function wrap(text: string, leadWidth: number, columns: number, maxLines = Infinity): string[] {
  const room = Math.max(columns - leadWidth, 8);
  const all = pieces(expandTabs(text, leadWidth), room);
  const shown = all.slice(0, maxLines);
  if (all.length > shown.length) shown[shown.length - 1] = `${cut(shown[shown.length - 1], room - widthOf(` ${ELLIPSIS}`))} ${ELLIPSIS}`;
  return shown;
}
