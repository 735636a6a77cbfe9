import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepResults, keptResults, type LessonKey } from './results-cache.ts';
import type { ExerciseResult } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'results-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const result = (summary: string): ExerciseResult => ({ lesson: '01-euclidean', function: 'euclidean', status: 'fail', score: 0, maxScore: 1, summary, cases: [] });

describe('kept results', () => {
  it('are kept under the text that was graded, not the text the file holds when they are kept', () => {
    const file = '01-euclidean/exercise.ts';
    mkdirSync(join(dir, '01-euclidean'));
    // A seed of its own: no other run keeps anything under it.
    const key: LessonKey = { file, seed: Date.now() % 1_000_000_007, functions: ['euclidean'], counterexamples: true };
    const graded = 'export function euclidean() { return 1; }\n';
    const savedMeanwhile = 'export function euclidean() { return 2; }\n';
    writeFileSync(join(dir, file), savedMeanwhile);
    keepResults(key, { [file]: sha(graded) }, [result(`graded ${Date.now()}`)], []);
    expect(keptResults(dir, key)).toBeUndefined();
    writeFileSync(join(dir, file), graded);
    expect(keptResults(dir, key)?.results[0].summary).toMatch(/^graded /);
  });
});
