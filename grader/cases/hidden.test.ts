import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAll, solutionWith } from '../../test/submission.ts';
import { DEFAULT_SEED, grade } from '../grade.ts';
import { HiddenCasesError, readHiddenCases, withHiddenCases } from './hidden.ts';
import { buildCases } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'hidden-cases-'));
const made: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeAll(made);
});

function hiddenFile(content: unknown): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const HIDDEN = { euclidean: [{ name: 'a 5-12-13 triangle', args: [[0, 0], [5, 12]] }, { args: [[1, 2, 3], [1, 2]] }] };

describe('readHiddenCases', () => {
  it('gives each input the reference’s answer, or a refusal where the reference refuses it', () => {
    const { cases } = readHiddenCases(hiddenFile(HIDDEN)).get('euclidean')!;
    expect(cases[0]).toEqual({ name: 'hidden case 1 (a 5-12-13 triangle)', args: [[0, 0], [5, 12]], expect: { returns: 13 } });
    expect(cases[1]).toMatchObject({ name: 'hidden case 2', expect: { throws: { mentions: [] } } });
  });

  it.each([
    ['{ not json', /Expected property name|JSON/],
    [{ euclidian: [] }, /at euclidian: /],
    [{ euclidean: [{ args: [[1, 'two']] }] }, /at euclidean\.0\.args\.0: /],
    [{ euclidean: [{ args: [[1]], expected: 3 }] }, /at euclidean\.0\.expected: /],
  ])('refuses %j, saying where', (content, message) => {
    expect(() => readHiddenCases(hiddenFile(content))).toThrow(HiddenCasesError);
    expect(() => readHiddenCases(hiddenFile(content))).toThrow(message);
  });
});

describe('withHiddenCases', () => {
  it('adds the hidden cases after all the others, so the random ones keep their places', async () => {
    const table = await buildCases('euclidean', DEFAULT_SEED, 'aa'.repeat(16));
    const hidden = withHiddenCases(table, 'euclidean', readHiddenCases(hiddenFile(HIDDEN)));
    expect(hidden.cases.slice(0, table.cases.length)).toEqual(table.cases);
    expect(hidden.cases.at(-2)?.name).toBe('hidden case 1 (a 5-12-13 triangle)');
    expect([hidden.calls.length, hidden.numbers.length]).toEqual([table.cases.length + 2, table.cases.length + 2]);
    expect(hidden.random).toEqual(table.random);
  });
});

describe('a submission that replays the public answers', () => {
  it('passes on the public cases, and fails once hidden cases are added', { timeout: 60_000 }, async () => {
    // Every public case's answer, looked up by its input: no distance is computed at all.
    const table = await buildCases('euclidean', DEFAULT_SEED, 'aa'.repeat(16));
    // Keyed by a fingerprint of the input (lengths and first numbers): the whole inputs would not fit in a lesson file.
    const fingerprint = (a: readonly number[], b: readonly number[]) => `${a.length}:${b.length}:${a.slice(0, 3).join()}:${b.slice(0, 3).join()}`;
    const answers = Object.fromEntries(
      table.cases.flatMap((testCase) => ('returns' in testCase.expect ? [[fingerprint(...(testCase.args as [number[], number[]])), testCase.expect.returns]] : [])),
    );
    const replay = solutionWith(
      made,
      'replay-',
      'euclidean',
      `export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('lengths ' + a.length + ' and ' + b.length + ' differ');
  const key = a.length + ':' + b.length + ':' + a.slice(0, 3).join() + ':' + b.slice(0, 3).join();
  return (ANSWERS as Record<string, number>)[key] ?? 0;
}`,
      `const ANSWERS = ${JSON.stringify(answers)};`,
    );
    const graded = (hidden?: string) => grade({ submission: replay, functions: ['euclidean'], typecheck: false, counterexamples: false, cache: false, ...(hidden ? { hiddenCases: readHiddenCases(hidden) } : {}) });
    expect((await graded()).exercises[0].status).toBe('pass');
    const withHidden = (await graded(hiddenFile(HIDDEN))).exercises[0];
    expect(withHidden.status).toBe('fail');
    expect(withHidden.summary).toMatch(/hidden case 1 \(a 5-12-13 triangle\)/);
  });
});
