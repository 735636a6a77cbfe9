// Learner code controls much of a report's text: what it printed, what it threw, the source lines quoted with
// a syntax error. None of it may steer the reader's terminal (clear the screen, move the cursor, redraw a
// fake report, write the clipboard), reorder text with bidirectional controls, or hide text from a reader
// (zero-width and tag characters carry words no one sees).

/**
 * Controls but newline and tab (C0, DEL, C1), every invisible formatting character (Unicode's Cf: the
 * bidirectional controls, zero-width characters, the byte-order mark, tag characters), the line and paragraph
 * separators, the fillers that draw as blanks (Hangul fillers, the blank Braille pattern), and runs of
 * variation selectors: a single U+FE0E or U+FE0F chooses how the character before it is drawn (❤️), while
 * any other selector, or several, carry data no reader sees.
 */
const UNSAFE = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029\u115f\u1160\u3164\uffa0\u2800]|[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]+/gu;

const harmless = (match: string) => match === '\ufe0e' || match === '\ufe0f';

const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

const escapeOf = (char: string) => {
  if (NAMED[char]) return NAMED[char];
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 0)}}`;
};

/** Every unsafe character in `text` replaced by what `escape` makes of it. */
const escapeUnsafe = (text: string, escape: (char: string) => string) =>
  text.replace(UNSAFE, (match) => (harmless(match) ? match : [...match].map(escape).join('')));

/** The text with every unsafe character written out as an escape (`\x1b`, `\u202e`, `\u{e0041}`), visible and inert. */
export function visible(text: string): string {
  return escapeUnsafe(text, escapeOf);
}

/** `visible`, on one line: a newline shows as `\n` and a tab as a space, for a name or a reason printed in a line. */
export const visibleLine = (text: string): string => visible(text).replace(/\n/g, '\\n').replace(/\t/g, ' ');

/** JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, format characters, separators…) escaped. */
export function jsonWithoutRawControls(json: string): string {
  return escapeUnsafe(json, (char) => [...Array(char.length).keys()].map((i) => `\\u${hex(char.charCodeAt(i), 4)}`).join(''));
}
