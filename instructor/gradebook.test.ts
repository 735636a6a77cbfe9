import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Row } from './grade-all.ts';
import { gradebookCsv, inert } from './gradebook.ts';

const refused = (label: string, name: string, reason: string): Row => ({ label, student: { id: label, name }, status: 'refused', reason, notes: [], ms: 0 });

describe('gradebookCsv', () => {
  it('leaves no cell that a spreadsheet would run as a formula', () => {
    const rows = [refused('=HYPERLINK("http://x","click")', '+1 Ada', '-2 files: @SUM(A1)'), refused('plain', 'Bo, "B"', 'no lesson file')];
    const book = parse(gradebookCsv(rows), { columns: true, bom: true }) as Record<string, string>[];
    for (const row of book) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(book.find((row) => row.student_id.includes('HYPERLINK'))).toMatchObject({ student_id: '\'=HYPERLINK("http://x","click")', name: "'+1 Ada", reason: "'-2 files: @SUM(A1)" });
    expect(book.find((row) => row.submission === 'plain')?.name).toBe('Bo, "B"');
  });

  it('keeps other text as it is', () => {
    expect(inert('Zoë O’Neil')).toBe('Zoë O’Neil');
    expect(inert('a=b')).toBe('a=b');
  });
});
