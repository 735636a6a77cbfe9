// Who draws a picture: the learner's function only while it passes as graded. A file saved since its grade is
// not what was graded: until the next verdicts, mathjs draws, and says why.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LESSONS, exerciseFile } from '../curriculum/index.ts';
import { lessonFileDigests } from '../learner/watch/warm.ts';
import { reportWith } from '../learner/watch/reports.fixture.ts';
import { removeAll, solutionCopy } from '../test/submission.ts';
import { matrixPicture } from './values.ts';

const made: string[] = [];
afterAll(() => removeAll(made));

describe('matrixPicture', () => {
  it('is drawn by the learner’s function while it passes as graded, and by mathjs once its file has changed since', { timeout: 60_000 }, async () => {
    const lessons = solutionCopy(made, 'values-');
    const learner = { lessons, report: reportWith({ euclideanMatrix: 'pass' }), graded: lessonFileDigests(lessons) };
    const graded = await matrixPicture('01', learner);
    expect(graded.matrix.yours, graded.matrix.by).toBe(true);
    // Saved again, not yet graded: a function that may no longer pass is not run for the picture.
    appendFileSync(exerciseFile(LESSONS[0], lessons), '\nexport const changed = 1;\n');
    const saved = await matrixPicture('01', learner);
    expect(saved.matrix.yours).toBe(false);
    expect(saved.matrix.by).toBe('Computed by mathjs, because your latest changes to 01 are not graded yet.');
  });
});
