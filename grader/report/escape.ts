// Learner code controls much of a report's text: what it printed, what it threw, the source lines quoted with
// a syntax error. None of it may steer the reader's terminal (clear the screen, move the cursor, redraw a
// fake report, write the clipboard), reorder text with bidirectional controls, or hide text from a reader
// (zero-width and tag characters carry words no one sees).

/**
 * Controls but newline and tab (C0, DEL, C1), every invisible formatting character (Unicode's Cf: the
 * bidirectional controls, zero-width characters, the byte-order mark, tag characters) and the line and
 * paragraph separators.
 */
const UNSAFE = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/gu;

const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

const escapeOf = (char: string) => {
  if (NAMED[char]) return NAMED[char];
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 0)}}`;
};

/** The text with every unsafe character written out as an escape (`\x1b`, `\u202e`, `\u{e0041}`), visible and inert. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escapeOf);
}

/** JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, format characters, separators) escaped. */
export function jsonWithoutRawControls(json: string): string {
  return json.replace(UNSAFE, (char) => [...Array(char.length).keys()].map((i) => `\\u${hex(char.charCodeAt(i), 4)}`).join(''));
}
