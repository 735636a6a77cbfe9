import { pathToFileURL } from 'node:url';
import type { GradeReport } from './types.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches `dir` as a whole path (not `/tmp/sub` inside `/tmp/sub2`), as a plain path or a file URL. */
function pathPattern(dir: string): RegExp {
  const forms = [dir, pathToFileURL(dir).href, `file://${dir}`].map(escapeRegExp);
  return new RegExp(`(?:${forms.join('|')})(?:/|(?![\\w.-]))`, 'g');
}

/**
 * Makes every path in the report relative to the submission (and hides the grader's temporary folder), so a
 * report shows no one's home directory and reads the same on every machine.
 */
export function sanitizePaths(report: GradeReport, [submission, ...hidden]: readonly string[]): GradeReport {
  // Longest first, so a folder inside another is replaced by its own rule.
  const rules = [
    { dir: submission, replacement: '' },
    ...hidden.map((dir) => ({ dir, replacement: '<grader>/' })),
  ]
    .sort((a, b) => b.dir.length - a.dir.length)
    .map(({ dir, replacement }) => [pathPattern(dir), replacement] as const);
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return rules.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item)]));
    return value;
  };
  return clean(report) as GradeReport;
}
