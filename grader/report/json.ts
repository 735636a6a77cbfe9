import type { GradeReport } from '../types.ts';

/** The report as one JSON document: the contract other tools read (see RESULT_VERSION). */
export function renderJson(report: GradeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
