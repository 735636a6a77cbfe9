import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LessonSpec } from './types.ts';

/** The repository root, wherever the repository is cloned. */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const LESSONS_DIR = join(ROOT, 'lessons');
export const SOLUTIONS_DIR = join(ROOT, 'solutions');
/** The lesson files as handed out, never edited: what `reset` restores, the release copies and the tests check. */
export const STUBS_DIR = join(ROOT, 'stubs');
export const DATA_DIR = join(LESSONS_DIR, 'data');
/** The instructor's hidden cases (grader/cases/hidden.ts): gitignored, never released, read by grade-all. */
export const HIDDEN_CASES_FILE = join(ROOT, 'hidden', 'cases.json');
export const BUGS_DATA_FILE = join(DATA_DIR, 'bugs.json');

/** `01-euclidean`: the folder name shared by `lessons/`, `stubs/` and `solutions/`. */
export function lessonFolder(lesson: Pick<LessonSpec, 'number' | 'slug'>): string {
  return `${lesson.number}-${lesson.slug}`;
}

/** The exercise file of a lesson inside a tree laid out like `lessons/` (a submission, or `solutions/`). */
export function exerciseFile(lesson: Pick<LessonSpec, 'number' | 'slug'>, tree = LESSONS_DIR): string {
  return join(tree, lessonFolder(lesson), 'exercise.ts');
}

export function lessonReadme(lesson: Pick<LessonSpec, 'number' | 'slug'>): string {
  return join(LESSONS_DIR, lessonFolder(lesson), 'README.md');
}

/** A path as the user, at the project's root, would type it: relative there, absolute elsewhere. */
export function shownPath(path: string): string {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
