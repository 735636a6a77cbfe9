// Learner code controls much of a report's text: what it printed, what it threw, the source lines quoted with
// a syntax error. None of it may steer the reader's terminal (clear the screen, move the cursor, redraw a
// fake report, write the clipboard) or reorder text with bidirectional controls.

/** C0 controls but newline and tab, DEL, C1 controls, and the Unicode bidirectional controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

const escapeOf = (char: string) => {
  if (NAMED[char]) return NAMED[char];
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** The text with every unsafe character written out as an escape (`\x1b`, `\u202e`), visible and inert. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escapeOf);
}


/** JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, bidi, line separators) escaped. */
export function jsonWithoutRawControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
