import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR, findLesson } from '../curriculum/index.ts';
import { callLessonFunctions } from './call.ts';

const empty = mkdtempSync(join(tmpdir(), 'call-test-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('callLessonFunctions', () => {
  it('calls the functions in the sandbox and returns what they returned', async () => {
    const called = await callLessonFunctions(SOLUTIONS_DIR, findLesson('05')!, [
      { name: 'querySearch', calls: [[[1, 0], [[0, 1], [1, 0.1]]]] },
      { name: 'topK', calls: [[[1, 0], [[0, 1], [1, 0.1], [-1, 0]], 2]] },
    ]);
    expect(called.ok).toBe(true);
    if (!called.ok) return;
    expect(called.run.functions.querySearch.outcomes).toMatchObject([{ kind: 'returned', value: 1 }]);
    expect(called.run.functions.topK.outcomes).toMatchObject([{ kind: 'returned', value: [1, 0] }]);
  });

  it('says why when the lesson file cannot be loaded', async () => {
    expect(await callLessonFunctions(empty, findLesson('05')!, [{ name: 'topK', calls: [] }])).toEqual({
      ok: false,
      reason: '05-query-search/exercise.ts does not exist',
    });
  });

  it('refuses a function the lesson does not have', async () => {
    await expect(callLessonFunctions(SOLUTIONS_DIR, findLesson('05')!, [{ name: 'dot', calls: [] }])).rejects.toThrow(/lesson 05 has no function dot/);
  });
});
