// RESULTS/gradebook.csv: a row per student, a column per function and the total, written by csv-stringify
// (names with commas, quotes, line breaks or accents come back as they were), in UTF-8 with a byte-order mark
// so that spreadsheet programs read the accents right. A submission not graded has empty score cells and the
// reason in its own column: an import never turns "could not be read" into a silent zero.
import { stringify } from 'csv-stringify/sync';
import { allFunctions } from '../curriculum/index.ts';
import type { Row } from './grade-all.ts';

/**
 * A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
 * gets a leading apostrophe, as OWASP advises: a submission's name or a file name in a reason is the
 * student's own text, and must not become a formula on the instructor's machine.
 */
export const inert = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const GRADEBOOK_COLUMNS = ['student_id', 'name', 'submission', 'status', 'score', 'max_score', ...allFunctions().map(({ spec }) => spec.name), 'reason'] as const;

/** The gradebook's text. */
export function gradebookCsv(rows: readonly Row[]): string {
  const records = [...rows]
    .sort((a, b) => a.student.id.localeCompare(b.student.id) || a.label.localeCompare(b.label))
    .map((row) => {
      const scores = new Map(row.report?.exercises.map((exercise) => [exercise.function, exercise.score]) ?? []);
      return [
        inert(row.student.id),
        inert(row.student.name ?? ''),
        inert(row.label),
        row.status,
        row.report?.score ?? '',
        row.report?.maxScore ?? '',
        ...allFunctions().map(({ spec }) => scores.get(spec.name) ?? ''),
        inert(row.reason ?? ''),
      ];
    });
  return stringify(records, { header: true, columns: [...GRADEBOOK_COLUMNS], bom: true });
}
