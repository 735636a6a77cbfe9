import { describe, expect, it } from 'vitest';
import { functionText, replaceFunction } from './source.ts';

describe('replaceFunction', () => {
  const text = ['export function a(x: number) {', '  return x;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n');
  it('replaces only the named function, up to its own closing line', () => {
    expect(replaceFunction(text, 'a', 'export function a(x: number) {\n  return 0;\n}')).toBe(
      ['export function a(x: number) {', '  return 0;', '}', '', 'export function ab(x: number) {', '  return 2 * x;', '}', ''].join('\n'),
    );
  });
  it('throws when the function is missing', () => {
    expect(() => replaceFunction(text, 'abc', '')).toThrow(/found 0/);
  });
});

describe('functionText', () => {
  it('is a function from its export line to its own closing line', () => {
    const text = ['// a file', 'export function a(x: number) {', '  if (x) {', '    return x;', '  }', '  return 0;', '}', 'export function b() {}'].join('\n');
    expect(functionText(text, 'a')).toBe(['export function a(x: number) {', '  if (x) {', '    return x;', '  }', '  return 0;', '}'].join('\n'));
    expect(() => functionText(text, 'c')).toThrow(/found 0/);
  });
});
