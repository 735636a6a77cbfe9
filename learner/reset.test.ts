import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findLesson } from '../curriculum/index.ts';
import { ResetRefused, reset } from './reset.ts';
import { functionText } from './source.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A learner's lessons folder where every lesson is solved. */
function solved(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reset-'));
  made.push(dir);
  cpSync(SOLUTIONS_DIR, dir, { recursive: true });
  return dir;
}

const lesson = findLesson('01')!;
const now = new Date('2026-11-30T06:45:12Z');

describe('reset', () => {
  it('puts one function back as handed out, leaves the others, and keeps the learner’s file as a backup first', () => {
    const lessons = solved();
    const file = exerciseFile(lesson, lessons);
    const before = readFileSync(file, 'utf8');
    const done = reset(lesson, 'euclideanMatrix', { lessons, now });
    expect(done).toMatchObject({ changed: true, backup: `${file}.backup-20261130-064512` });
    expect(done.message).toMatch(/^euclideanMatrix is back as it was handed out\. Your version is kept in .*exercise\.ts\.backup-20261130-064512$/);
    const after = readFileSync(file, 'utf8');
    expect(functionText(after, 'euclideanMatrix')).toBe(functionText(readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8'), 'euclideanMatrix'));
    expect(functionText(after, 'euclidean')).toBe(functionText(before, 'euclidean'));
    expect(readFileSync(`${file}.backup-20261130-064512`, 'utf8')).toBe(before);
  });

  it('puts a whole lesson file back, never overwriting an earlier backup', () => {
    const lessons = solved();
    const file = exerciseFile(lesson, lessons);
    reset(lesson, 'euclidean', { lessons, now });
    const second = reset(lesson, undefined, { lessons, now });
    expect(second).toMatchObject({ changed: true, backup: `${file}.backup-20261130-064512-2` });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8'));
    expect(readdirSync(join(lessons, '01-euclidean')).sort()).toEqual(['exercise.ts', 'exercise.ts.backup-20261130-064512', 'exercise.ts.backup-20261130-064512-2']);
  });

  it('writes nothing, and keeps no backup, when there is nothing to put back', () => {
    const lessons = solved();
    reset(lesson, undefined, { lessons, now });
    const again = reset(lesson, 'euclidean', { lessons, now });
    expect(again).toEqual({ changed: false, message: 'euclidean is already as it was handed out: nothing changed.' });
    expect(readdirSync(join(lessons, '01-euclidean'))).toHaveLength(2);
  });

  it('refuses, changing nothing, when the function is not where it looks, and says how to reset the whole file', () => {
    const lessons = solved();
    const file = exerciseFile(lesson, lessons);
    const arrow = readFileSync(file, 'utf8').replace(/export function euclidean\(/, 'export const euclidean = function (');
    writeFileSync(file, arrow);
    expect(() => reset(lesson, 'euclidean', { lessons, now })).toThrow(ResetRefused);
    expect(() => reset(lesson, 'euclidean', { lessons, now })).toThrow(/npm run reset -- 01/);
    expect(readFileSync(file, 'utf8')).toBe(arrow);
    expect(readdirSync(join(lessons, '01-euclidean'))).toEqual(['exercise.ts']);
  });

  it('brings back a lesson file the learner deleted', () => {
    const lessons = solved();
    const file = exerciseFile(lesson, lessons);
    rmSync(file);
    expect(reset(lesson, undefined, { lessons, now })).toMatchObject({ changed: true });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8'));
  });
});
