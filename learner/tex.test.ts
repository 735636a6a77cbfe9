import { describe, expect, it } from 'vitest';
import { texToUnicode } from './tex.ts';

describe('texToUnicode', () => {
  it.each([
    ['\\lVert a \\rVert = \\sqrt{\\sum_{k=1}^{n} a_k^2} = \\sqrt{a \\cdot a}', '‖a‖ = √(Σₖ₌₁ⁿ aₖ²) = √(a · a)'],
    ['\\hat{a} = \\frac{a}{\\lVert a \\rVert}, \\qquad \\lVert \\hat{a} \\rVert = 1', 'â = a/‖a‖,      ‖â‖ = 1'],
    ['\\operatorname{cossim}(a, b) = \\frac{a \\cdot b}{\\lVert a \\rVert \\, \\lVert b \\rVert}', 'cossim(a, b) = (a · b)/(‖a‖ ‖b‖)'],
    ['C = U U^\\top', 'C = U Uᵀ'],
    ['a \\cdot b = \\lVert a \\rVert \\, \\lVert b \\rVert \\cos\\theta', 'a · b = ‖a‖ ‖b‖ cos θ'],
    ['\\sqrt{25} = 5', '√25 = 5'],
    ['d_{\\text{dot}}(a, b) = -\\, a \\cdot b', 'd_(dot)(a, b) = - a · b'],
    ['i \\in \\{0, \\dots, n-1\\}', 'i ∈ {0, …, n-1}'],
  ])('%s reads %s', (tex, unicode) => {
    expect(texToUnicode(tex)).toBe(unicode);
  });

  it('keeps the name of a command it does not know, without its backslash', () => {
    expect(texToUnicode('\\foo x')).toBe('foo x');
  });
});
