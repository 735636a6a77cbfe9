import { describe, expect, it } from 'vitest';
import { jsonWithoutRawControls, visible } from './escape.ts';

/**
 * Hidden text: zero-width characters, a byte-order mark, the tag characters spelling "hi", an isolate,
 * separators, a soft hyphen, blank fillers, and "hi" smuggled in variation selectors.
 */
const INVISIBLE = 'a\u200bb\u2060c\ufeffd\u{e0068}\u{e0069}e\u2066f\u2028g\u2029h\u00adi\u3164j\u2800k\u{e0158}\u{e0159}l\ufe0f\ufe0fm';

describe('visible', () => {
  it('writes control and bidirectional characters out as escapes, keeping newlines and tabs', () => {
    expect(visible('a\x1b[2Jb\rc\u009b31m\u202ed\te\nf\x00\x7f\b')).toBe('a\\x1b[2Jb\\rc\\x9b31m\\u202ed\te\nf\\x00\\x7f\\b');
  });

  it('shows every invisible character, tag characters past U+FFFF included', () => {
    expect(visible(INVISIBLE)).toBe('a\\u200bb\\u2060c\\ufeffd\\u{e0068}\\u{e0069}e\\u2066f\\u2028g\\u2029h\\xadi\\u3164j\\u2800k\\u{e0158}\\u{e0159}l\\ufe0f\\ufe0fm');
  });

  it('leaves ordinary text alone, accents, emoji and all', () => {
    // ❤️ is U+2764 and one variation selector, U+FE0F, which picks how it is drawn.
    const text = 'Déjà vu: ‖a − b‖ = 5 ✔ 🐛 ❤️ ☺︎ 字';
    expect(visible(text)).toBe(text);
  });
});

describe('jsonWithoutRawControls', () => {
  it('escapes what JSON.stringify leaves raw, and the result parses back to the same text', () => {
    const text = `C1 \u009b, DEL \x7f, bidi \u202e, ${INVISIBLE}`;
    const json = jsonWithoutRawControls(JSON.stringify({ text }, null, 2));
    expect(json).not.toMatch(/(?![\n])[\p{Cc}\p{Cf}\u2028\u2029\u3164\u2800]|[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]{2}|[\u{e0100}-\u{e01ef}]/u);
    expect(json).toContain('\\udb40\\udc68');
    expect((JSON.parse(json) as { text: string }).text).toBe(text);
  });
});
