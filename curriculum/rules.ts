// The rules the grader's cases enforce, in one place. Each lesson text states the rules of its lesson under
// "What the grader checks", and each lesson file repeats them in its header, word for word (lessons.test.ts
// proves it), so no learner is failed on a rule they were not told.

export interface Rule {
  readonly id: string;
  /** One sentence or two, as the lesson text and the lesson file say it. */
  readonly text: string;
}

const unchanged: Rule = {
  id: 'inputs-unchanged',
  text: 'Never change the arrays you are given, never return one of them (or one of their rows), and never put one array in two places of a result: build new arrays.',
};
const lengths: Rule = {
  id: 'lengths',
  text: 'Vectors of different lengths are a mistake by the caller: throw an Error naming both lengths, before any shortcut (a zero vector, a single document, k = 0), even when one has a single component (mathjs would broadcast it).',
};
const range: Rule = {
  id: 'range',
  text: 'Numbers may be as large as 1e150 or as small as 1e-150 (or 0): use plain numbers (no float32, no Float32Array), take each length on its own (‖a‖·‖b‖, never √(‖a‖²·‖b‖²)), and round nothing to 0 (answers are compared within 1e-8 + 1e-5·|expected|, so 1.2e-8 is not 0).',
};
const empty: Rule = {
  id: 'empty',
  text: 'A list of no vectors at all gives an empty result ([]).',
};
const sizes: Rule = {
  id: 'sizes',
  text: 'Vectors may have up to 4096 components, a list 40 vectors or more, a search 70,000 documents: no fixed-size buffers, no 16-bit indices, no recursion as deep as the input.',
};
const stateless: Rule = {
  id: 'no-state',
  text: 'Each call stands alone: keep nothing between calls (the same arrays may come back holding other numbers).',
};
const zeroRows: Rule = {
  id: 'zero-rows',
  text: 'Only an all-zero vector is zero: it stays all zeros, and a tiny one such as [1e-7, 0] is normalized like any other.',
};
const zeroVectors: Rule = {
  id: 'zero-vectors',
  text: 'Either vector may be all zeros, and then the cosine is 0; only an all-zero vector counts as zero ([1e-7, 0] has a direction).',
};
const searchRules: readonly Rule[] = [
  { id: 'negative-scores', text: 'Every score may be negative: the best document is still the one with the highest score.' },
  { id: 'ties', text: 'Equal scores go to the lower index, also when only some of them make the top k.' },
  { id: 'k-first', text: 'k must be a whole number ≥ 0 (Infinity is not one): check it before anything else, even when there are no documents or k is at least their number.' },
];

/** The rules of each lesson, by lesson number. */
export const RULES: Readonly<Record<string, readonly Rule[]>> = {
  '01': [unchanged, lengths, range, sizes, empty, stateless],
  '02': [unchanged, lengths, range, sizes, empty, stateless],
  '03': [unchanged, range, sizes, empty, stateless, zeroRows],
  '04': [unchanged, lengths, range, sizes, empty, stateless, zeroVectors],
  '05': [unchanged, lengths, range, sizes, stateless, ...searchRules],
};
