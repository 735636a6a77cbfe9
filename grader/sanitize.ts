import { pathToFileURL } from 'node:url';
import type { ExerciseResult, GradeReport } from './types.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches `dir` as a whole path (not `/tmp/sub` inside `/tmp/sub2`), as a plain path or a file URL. */
function pathPattern(dir: string): RegExp {
  const forms = [dir, pathToFileURL(dir).href, `file://${dir}`].map(escapeRegExp);
  return new RegExp(`(?:${forms.join('|')})(?:/|(?![\\w.-]))`, 'g');
}

/**
 * Makes every path in a report (or in results kept for later) relative to the submission, so a report shows no
 * one's home directory and reads the same on every machine.
 */
export function sanitizePaths<T extends GradeReport | readonly ExerciseResult[]>(value: T, submission: string): T {
  const pattern = pathPattern(submission);
  return mapStrings(value, (text) => text.replace(pattern, ''));
}

/** A copy of `value` with `change` applied to every string in it, however deep. */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)])) as T;
  return value;
}
