// lessons/data/query-embedding.json: the lesson's query as the notebook's model embeds it (its embedding was
// never printed). Written by npm run search, only from a model verified to be the notebook's (verify.ts), with
// the SHA-256 of the model's files, and replaced when it came from other files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../curriculum/index.ts';
import { shownPath } from './cache.ts';
import type { Provenance } from './embedder.ts';
import { writing } from './files.ts';
import type { Verification } from './verify.ts';

export const QUERY_EMBEDDING_FILE = join(DATA_DIR, 'query-embedding.json');

/** The saved file's model files, if it can be read and names them. */
function savedModelFiles(file: string): string | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { readonly provenance?: { readonly files?: unknown } };
    return saved.provenance?.files ? JSON.stringify(saved.provenance.files) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves the query's embedding to `file` when the model is verified, unless it is there already from the very
 * same model files; a file from other files (or unreadable) is replaced. Returns what to tell the user, if
 * anything.
 */
export async function keepQueryEmbedding(file: string, query: string, vector: readonly number[], provenance: Provenance, verification: Verification): Promise<string | undefined> {
  const where = shownPath(file);
  const exists = existsSync(file);
  const files = JSON.stringify(provenance.files);
  if (!verification.verified) {
    const why = `this model is not the notebook's (${verification.differing.length} of the ${verification.figures.length} printed figures differ; npm run model:verify lists them)`;
    return exists && savedModelFiles(file) !== files ? `${where} came from other model files, and is left as it is: ${why}.` : `The query's embedding was not saved: ${why}.`;
  }
  if (exists && savedModelFiles(file) === files) return undefined;
  const document = {
    description: "The lesson's query, embedded with `npm run search` by a model verified to be the notebook's (npm run model:verify).",
    provenance: { ...provenance, createdAt: new Date().toISOString() },
    query,
    vector,
  };
  await writing(where, () => writeFileSync(file, `${JSON.stringify(document)}\n`));
  return exists ? `Replaced ${where}: it came from other model files (or could not be read).` : `Saved the query's embedding by the notebook's model to ${where}.`;
}
