import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BUGS_DATA_FILE, ROOT } from './paths.ts';

/** lessons/data/bugs.json: the lesson's four documents, its query text and the document vectors. */
export interface BugsData {
  readonly description: string;
  readonly provenance: {
    readonly source: string;
    readonly model: string;
    /** Columns holding the model's printed output; all others were rebuilt. */
    readonly printedColumns: readonly number[];
    readonly note: string;
    readonly method: string;
    readonly seed: number;
    readonly regenerate: string;
  };
  readonly documents: readonly string[];
  readonly query: string;
  /** One row per document (4×384). */
  readonly vectors: readonly (readonly number[])[];
}

/** Reads and checks the lesson data; a damaged file gets a message that says how to rebuild it. */
export function loadBugsData(file = BUGS_DATA_FILE): BugsData {
  const where = relative(ROOT, file);
  let data: BugsData;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as BugsData;
  } catch (error) {
    throw new Error(`cannot read ${where} (${(error as Error).message}); run \`npm run data:bugs\` to rebuild it`);
  }
  const rows = data.vectors;
  const wellFormed =
    Array.isArray(rows) &&
    rows.length === data.documents?.length &&
    rows.every((row) => Array.isArray(row) && row.length === rows[0].length && row.every(Number.isFinite));
  if (!wellFormed) throw new Error(`${where} is damaged (vectors must be one row of finite numbers per document); run \`npm run data:bugs\` to rebuild it`);
  return data;
}
