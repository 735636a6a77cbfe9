import type { GradeReport } from './types.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Makes every path in the report relative to the submission (and hides the grader's temporary folder), so a
 * report shows no one's home directory and reads the same on every machine.
 */
export function sanitizePaths(report: GradeReport, [submission, ...hidden]: readonly string[]): GradeReport {
  const rules: [RegExp, string][] = [
    [new RegExp(`(file://)?${escapeRegExp(submission)}/?`, 'g'), ''],
    ...hidden.map((dir): [RegExp, string] => [new RegExp(`(file://)?${escapeRegExp(dir)}/?`, 'g'), '<grader>/']),
  ];
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return rules.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item)]));
    return value;
  };
  return clean(report) as GradeReport;
}
