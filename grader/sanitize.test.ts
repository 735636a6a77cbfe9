import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sanitizePaths } from './sanitize.ts';
import type { ExerciseResult, GradeReport } from './types.ts';

// Made-up absolute paths: sanitizePaths only rewrites text, it never touches the disk.
const SUB = '/home/learner/vector-sub';

function report(warnings: string[], exercises: ExerciseResult[] = []): GradeReport {
  return { version: 1, score: 1, maxScore: 3, warnings, sandbox: { layers: [] }, exercises };
}

function exercise(overrides: Partial<ExerciseResult>): ExerciseResult {
  return { lesson: '01-euclidean', function: 'euclidean', status: 'fail', score: 0, maxScore: 1, summary: '', cases: [], ...overrides };
}

describe('sanitizePaths', () => {
  it('makes absolute submission paths relative', () => {
    const clean = sanitizePaths(report([`${SUB}/01-euclidean/exercise.ts:3:5: type error TS2322: nope`]), SUB);
    expect(clean.warnings).toEqual(['01-euclidean/exercise.ts:3:5: type error TS2322: nope']);
  });

  it('makes file:// URLs of the submission relative', () => {
    const url = pathToFileURL(`${SUB}/02-dot-product/exercise.ts`).href;
    const clean = sanitizePaths(report([`at dot (${url}:4:11)`]), SUB);
    expect(clean.warnings).toEqual(['at dot (02-dot-product/exercise.ts:4:11)']);
  });

  it('rewrites every occurrence in one string', () => {
    const clean = sanitizePaths(report([`${SUB}/a.ts imports ${SUB}/b.ts`]), SUB);
    expect(clean.warnings).toEqual(['a.ts imports b.ts']);
  });

  it('reaches into nested arrays and objects, and leaves numbers, booleans and null alone', () => {
    const input = report(
      [],
      [
        exercise({
          summary: `threw at ${SUB}/01-euclidean/exercise.ts:7:3`,
          feedback: [`see ${SUB}/01-euclidean/exercise.ts`],
          cases: [{ name: 'pair', status: 'fail', message: `file://${SUB}/01-euclidean/exercise.ts:1:1`, expected: [[0, 5], [5, 0]], actual: [1.5, null, true] }],
          output: `${SUB}/log`,
        }),
      ],
    );
    const clean = sanitizePaths(input, SUB);
    const [result] = clean.exercises;
    expect(result.summary).toBe('threw at 01-euclidean/exercise.ts:7:3');
    expect(result.feedback).toEqual(['see 01-euclidean/exercise.ts']);
    expect(result.cases[0]).toEqual({ name: 'pair', status: 'fail', message: '01-euclidean/exercise.ts:1:1', expected: [[0, 5], [5, 0]], actual: [1.5, null, true] });
    expect(result.output).toBe('log');
    expect(clean).toMatchObject({ version: 1, score: 1, maxScore: 3 });
  });

  it('returns a copy and leaves the input report untouched', () => {
    const input = report([`${SUB}/a.ts`]);
    sanitizePaths(input, SUB);
    expect(input.warnings).toEqual([`${SUB}/a.ts`]);
  });

  it('treats regex characters in a folder name literally', () => {
    const odd = '/tmp/sub (1)+[x]';
    const clean = sanitizePaths(report([`${odd}/a.ts`, '/tmp/sub 1/a.ts']), odd);
    expect(clean.warnings).toEqual(['a.ts', '/tmp/sub 1/a.ts']);
  });

  // A sibling folder whose name merely starts with the submission's must not be cut to a fragment.
  it('leaves paths of sibling folders that share a name prefix alone', () => {
    const clean = sanitizePaths(report(['/tmp/sub2/x.ts', '/tmp/subject.ts']), '/tmp/sub');
    expect(clean.warnings).toEqual(['/tmp/sub2/x.ts', '/tmp/subject.ts']);
  });
});
