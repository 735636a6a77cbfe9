import { describe, expect, it } from 'vitest';
import { jsonWithoutRawControls, visible } from './escape.ts';

describe('visible', () => {
  it('writes control and bidirectional characters out as escapes, keeping newlines and tabs', () => {
    expect(visible('a\x1b[2Jb\rc\u009b31m\u202ed\te\nf\x00\x7f\b')).toBe('a\\x1b[2Jb\\rc\\x9b31m\\u202ed\te\nf\\x00\\x7f\\b');
  });

  it('leaves ordinary text alone, accents, emoji and all', () => {
    const text = 'Déjà vu: ‖a − b‖ = 5 ✔ 🐛';
    expect(visible(text)).toBe(text);
  });
});

describe('jsonWithoutRawControls', () => {
  it('escapes what JSON.stringify leaves raw, and the result parses back to the same text', () => {
    const text = 'C1 \u009b, DEL \x7f, bidi \u202e, separator \u2028';
    const json = jsonWithoutRawControls(JSON.stringify({ text }));
    expect(json).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2028]/);
    expect((JSON.parse(json) as { text: string }).text).toBe(text);
  });
});
