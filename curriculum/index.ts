export { LESSONS, DEFAULT_TOLERANCE } from './registry.ts';
export type { Lesson, FunctionName } from './registry.ts';
export type { FunctionSpec, LessonSpec, Matrix, Tolerance, Vector } from './types.ts';
export * from './paths.ts';
export { findFunction, findLesson, allFunctions, resolveTarget, unknownTarget, type LocatedFunction, type Target } from './lookup.ts';
export { RULES, type Rule } from './rules.ts';
export { MISTAKE_HINTS } from './mistake-hints.ts';
