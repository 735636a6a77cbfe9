// The lessons' formulas (LaTeX between $ … $ or $$ … $$) as plain Unicode a terminal can show: ‖a‖, Σ, √, ·,
// ᵀ, a², aₖ. Only what the lesson texts use is known; anything else keeps its name without the backslash.

const SYMBOLS: Readonly<Record<string, string>> = {
  cdot: '·',
  top: 'ᵀ',
  theta: 'θ',
  varepsilon: 'ε',
  approx: '≈',
  le: '≤',
  ge: '≥',
  in: '∈',
  ldots: '…',
  dots: '…',
  sum: 'Σ',
  imath: 'ı',
  qquad: '    ',
  quad: '  ',
  times: '×',
  infty: '∞',
};

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹',
  '+': '⁺', '-': '⁻', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', k: 'ᵏ', j: 'ʲ',
};

const SUBSCRIPTS: Readonly<Record<string, string>> = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉',
  '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎',
  a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};

/** `text` in small raised or lowered characters when every character has one, else `^(text)` / `_(text)`. */
function script(text: string, table: Readonly<Record<string, string>>, mark: string): string {
  const chars = [...text];
  if (chars.every((char) => table[char] !== undefined)) return chars.map((char) => table[char]).join('');
  return chars.length === 1 ? `${mark}${text}` : `${mark}(${text})`;
}

/** The braced group that starts at `text[open]` (a `{`), and where it ends; a bare character when there is no brace. */
function group(text: string, open: number): { inner: string; end: number } {
  if (text[open] !== '{') return { inner: text[open] ?? '', end: open + 1 };
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
  }
  return { inner: text.slice(open + 1), end: text.length };
}

/** A single symbol or number, or one norm, needs no parentheses after √ or around a fraction's part. */
const bracketed = (text: string) => (/^[\p{L}\p{N}.]+$/u.test(text) || /^‖[^‖]*‖$/u.test(text) ? text : `(${text})`);

/** One LaTeX formula as Unicode text. */
export function texToUnicode(tex: string): string {
  let out = '';
  for (let i = 0; i < tex.length; ) {
    const char = tex[i];
    if (char === '\\') {
      const name = /^[a-zA-Z]+/.exec(tex.slice(i + 1))?.[0];
      if (!name) {
        // `\,` `\ ` `\;` are spaces; `\{` `\}` are braces.
        const next = tex[i + 1] ?? '';
        out += /[,;: ]/.test(next) ? ' ' : next;
        i += 2;
        continue;
      }
      i += name.length + 1;
      // `\operatorname*` is `\operatorname` with its limits below: the same here.
      if (tex[i] === '*') i++;
      if (name === 'lVert') {
        out += '‖';
        while (tex[i] === ' ') i++;
      } else if (name === 'rVert') {
        out = `${out.trimEnd()}‖`;
      } else if (name === 'sqrt' || name === 'hat' || name === 'text' || name === 'operatorname' || name === 'mathbf' || name === 'mathrm') {
        const { inner, end } = group(tex, tex[i] === ' ' ? i + 1 : i);
        i = end;
        const converted = texToUnicode(inner);
        out += name === 'sqrt' ? `√${bracketed(converted)}` : name === 'hat' ? `${converted}\u0302` : converted;
      } else if (name === 'frac') {
        const numerator = group(tex, i);
        const denominator = group(tex, numerator.end);
        i = denominator.end;
        out += `${bracketed(texToUnicode(numerator.inner))}/${bracketed(texToUnicode(denominator.inner))}`;
      } else {
        // An operator's name (cos, max) is set apart from the symbol after it, as LaTeX does.
        out += SYMBOLS[name] ?? (/^[\\a-zA-Z]/.test(tex[i] ?? '') ? `${name} ` : name);
      }
    } else if (char === '^' || char === '_') {
      const start = tex[i + 1] === ' ' ? i + 2 : i + 1;
      const { inner, end } = tex.startsWith('\\top', start) ? { inner: 'T', end: start + 4 } : group(tex, start);
      i = end;
      out += char === '^' ? script(texToUnicode(inner), SUPERSCRIPTS, '^') : script(texToUnicode(inner), SUBSCRIPTS, '_');
    } else if (char === '{' || char === '}') {
      i++;
    } else {
      out += char;
      i++;
    }
  }
  // Composed where Unicode has the letter (â), so that it counts as one character.
  return out.replace(/ {2,}(?! )/g, (spaces) => (spaces.length >= 4 ? spaces : ' ')).trim().normalize('NFC');
}
