import { describe, expect, it } from 'vitest';
import { expandTabs, fit, widthOf, wrap } from './layout.ts';

describe('widthOf', () => {
  it('counts printable ASCII as one column and anything else as two', () => {
    expect(widthOf('abc')).toBe(3);
    expect(widthOf('字…│')).toBe(6);
    expect(widthOf('🐛')).toBe(2);
  });
});

describe('expandTabs', () => {
  it('moves to the next stop of 8 from where the text starts, as a terminal does', () => {
    expect(expandTabs('\tx', 0)).toBe(`${' '.repeat(8)}x`);
    expect(expandTabs('\tx', 6)).toBe('  x');
    expect(expandTabs('ab\tc', 0)).toBe(`ab${' '.repeat(6)}c`);
    expect(expandTabs('字\t', 0)).toBe(`字${' '.repeat(6)}`);
  });
});

describe('fit', () => {
  it('keeps text that fits and cuts the rest to the room, the … included', () => {
    expect(fit('abcdef', 6)).toBe('abcdef');
    expect(fit('abcdefg', 6)).toBe('abcd…');
    expect(widthOf(fit('字'.repeat(10), 9))).toBeLessThanOrEqual(9);
  });
});

describe('wrap', () => {
  it('breaks at spaces within the room left after the lead', () => {
    expect(wrap('one two three four', 4, 14)).toEqual(['one two', 'three four']);
  });

  it('breaks a word longer than the room where it must', () => {
    expect(wrap('x'.repeat(25), 0, 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('shows at most maxLines, the last ending with … when there is more', () => {
    const lines = wrap('a b c d e f g h i j k l m n o p', 0, 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/ …$/);
    expect(lines.every((line) => widthOf(line) <= 10)).toBe(true);
  });

  it('never gives a line wider than the room, whatever the text', () => {
    const text = `${'字'.repeat(7)} \t${'y'.repeat(30)} 🐛🐛 z`;
    for (const columns of [12, 20, 33]) expect(wrap(text, 4, columns).every((line) => widthOf(line) <= columns - 4)).toBe(true);
  });
});
