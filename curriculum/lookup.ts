import { lessonFolder } from './paths.ts';
import { LESSONS, type Lesson } from './registry.ts';
import type { FunctionSpec } from './types.ts';

export interface LocatedFunction {
  readonly lesson: Lesson;
  readonly spec: FunctionSpec;
}

/** Every function of the course, in course order, with its lesson. */
export function allFunctions(): LocatedFunction[] {
  return LESSONS.flatMap((lesson) => lesson.functions.map((spec) => ({ lesson, spec })));
}

/** A lesson by number (`3`, `03`), slug (`normalize`) or folder name (`03-normalize`). */
export function findLesson(key: string): Lesson | undefined {
  const wanted = key.trim().toLowerCase();
  return LESSONS.find(
    (lesson) =>
      lesson.number === wanted.padStart(2, '0') || lesson.slug === wanted || lessonFolder(lesson) === wanted,
  );
}

export function findFunction(name: string): LocatedFunction | undefined {
  return allFunctions().find(({ spec }) => spec.name === name);
}

/** What a command-line target names: a function, a lesson, or nothing, with the names it may have meant. */
export type Target =
  | { readonly kind: 'function'; readonly located: LocatedFunction }
  | { readonly kind: 'lesson'; readonly lesson: Lesson }
  | { readonly kind: 'unknown'; readonly meant: readonly string[] };

/** Edits between two words (insertions, deletions, substitutions, two neighbours swapped): how far a typo is from a name. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? rows[i - 2][j - 2] + 1 : Infinity;
      row.push(Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), swapped));
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * A target as a learner types it: a function (`topK`, `topk`), a lesson (`03`, `3`, `normalize`,
 * `03-normalize`), a path to a lesson folder or file (`lessons/01-euclidean`, `01-euclidean/exercise.ts`), or
 * the start of one of these names when only one lesson or one function starts so. A name that is both a lesson
 * and a function (`normalize`) means the function. Anything else is unknown, with the names a typo was near.
 */
export function resolveTarget(target: string): Target {
  const typed = target.trim().replace(/[\\/]+$/, '');
  const functions = allFunctions();
  const exact = functions.find(({ spec }) => spec.name === typed) ?? functions.find(({ spec }) => spec.name.toLowerCase() === typed.toLowerCase());
  if (exact) return { kind: 'function', located: exact };
  if (/[\\/]|\.ts$/.test(typed)) {
    const parts = typed.split(/[\\/]/);
    const lesson = LESSONS.find((candidate) => parts.includes(lessonFolder(candidate)));
    return lesson ? { kind: 'lesson', lesson } : { kind: 'unknown', meant: [] };
  }
  const lesson = findLesson(typed);
  if (lesson) return { kind: 'lesson', lesson };
  const start = typed.toLowerCase();
  if (start.length > 0) {
    const lessons = LESSONS.filter((candidate) => candidate.slug.startsWith(start) || lessonFolder(candidate).startsWith(start));
    const named = functions.filter(({ spec }) => spec.name.toLowerCase().startsWith(start));
    // `eucl` starts lesson 01 and three of its functions: the lesson holds them all.
    if (lessons.length === 1 && named.every(({ lesson: home }) => home === lessons[0])) return { kind: 'lesson', lesson: lessons[0] };
    if (lessons.length === 0 && named.length === 1) return { kind: 'function', located: named[0] };
    if (lessons.length + named.length > 1) return { kind: 'unknown', meant: [...lessons.map(lessonFolder), ...named.map(({ spec }) => spec.name)] };
  }
  const names = [...new Set([...LESSONS.map((candidate) => candidate.slug), ...functions.map(({ spec }) => spec.name)])];
  const near = names
    .map((name) => ({ name, distance: editDistance(start, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= Math.max(1, Math.floor(name.length / 4)))
    .sort((a, b) => a.distance - b.distance);
  return { kind: 'unknown', meant: near.map(({ name }) => name) };
}

/** Why a target names nothing, for a usage error: the names it may have meant, or the lessons there are. */
export function unknownTarget(typed: string, meant: readonly string[]): string {
  const instead = meant.length > 0 ? `did you mean ${meant.slice(0, 4).join(' or ')}?` : `lessons are ${LESSONS.map(lessonFolder).join(', ')}; functions are listed in each lesson's exercise.ts`;
  return `no lesson or function "${typed}": ${instead}`;
}
