import { describe, expect, it } from 'vitest';
import { jsonWithoutRawControls, visible } from './escape.ts';

/** Hidden text: zero-width characters, a byte-order mark, the tag characters spelling "hi", an isolate, separators. */
const INVISIBLE = 'a\u200bb\u2060c\ufeffd\u{e0068}\u{e0069}e\u2066f\u2028g\u2029h\u00adi';

describe('visible', () => {
  it('writes control and bidirectional characters out as escapes, keeping newlines and tabs', () => {
    expect(visible('a\x1b[2Jb\rc\u009b31m\u202ed\te\nf\x00\x7f\b')).toBe('a\\x1b[2Jb\\rc\\x9b31m\\u202ed\te\nf\\x00\\x7f\\b');
  });

  it('shows every invisible character, tag characters past U+FFFF included', () => {
    expect(visible(INVISIBLE)).toBe('a\\u200bb\\u2060c\\ufeffd\\u{e0068}\\u{e0069}e\\u2066f\\u2028g\\u2029h\\xadi');
  });

  it('leaves ordinary text alone, accents, emoji and all', () => {
    const text = 'Déjà vu: ‖a − b‖ = 5 ✔ 🐛 ❤️ 字';
    expect(visible(text)).toBe(text);
  });
});

describe('jsonWithoutRawControls', () => {
  it('escapes what JSON.stringify leaves raw, and the result parses back to the same text', () => {
    const text = `C1 \u009b, DEL \x7f, bidi \u202e, ${INVISIBLE}`;
    const json = jsonWithoutRawControls(JSON.stringify({ text }, null, 2));
    expect(json).not.toMatch(/(?![\n])[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(json).toContain('\\udb40\\udc68');
    expect((JSON.parse(json) as { text: string }).text).toBe(text);
  });
});
