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
      lesson.number === wanted.padStart(2, '0') || lesson.slug === wanted || `${lesson.number}-${lesson.slug}` === wanted,
  );
}

export function findFunction(name: string): LocatedFunction | undefined {
  return allFunctions().find(({ spec }) => spec.name === name);
}
