import type { GradeReport } from '../types.ts';
import { jsonWithoutRawControls } from './escape.ts';

/**
 * The report as one JSON document: the contract other tools read (see RESULT_VERSION). Learner text is
 * carried as data, with every control character escaped, so even `cat report.json` is safe.
 */
export function renderJson(report: GradeReport): string {
  return `${jsonWithoutRawControls(JSON.stringify(report, null, 2))}\n`;
}
