// `npm run search -- "a query" [--docs file.txt] [--k 3]`: embeds a query and documents with the lesson's
// model and ranks the documents by cosine similarity, with your own querySearch/topK once they pass.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, LESSONS_DIR } from '../../curriculum/index.ts';
import { loadBugsData } from '../../curriculum/data.ts';
import { UsageError, existingFolder, fromCaller, parseCommandLine, runIfMain } from '../../lib/cli.ts';
import { shownPath } from '../cache.ts';
import { DEFAULT_MODEL_DIMENSIONS, DEFAULT_MODEL_ID } from '../config.ts';
import type { Provenance } from '../embedder.ts';
import { writing } from '../files.ts';
import { rankDocuments } from '../rank.ts';
import { readSentences } from './embed.ts';
import { MODEL_OPTIONS, MODEL_OPTIONS_USAGE, embedderOptions, isEmbeddingError, withEmbedder } from './options.ts';

export const QUERY_EMBEDDING_FILE = join(DATA_DIR, 'query-embedding.json');

export const USAGE = `Usage: npm run search -- ["a query"] [options]

Finds the documents most similar to a query by cosine similarity. Without a query, it asks the lesson's
(the "query" in lessons/data/bugs.json). The documents are the lesson's four Bugs sentences unless --docs says otherwise. The ranking uses your own
querySearch and topK (lessons/05-query-search) once they pass the grader, and the reference until then.

Options:
  --docs FILE        the documents, one per line (blank lines are skipped)
  --k N              how many to list (default 3)
  --submission DIR   whose querySearch/topK to use (default lessons/)
${MODEL_OPTIONS_USAGE}`;

/**
 * Whether a vector is the real model's embedding of the lesson's query, the only one worth keeping. A stand-in
 * model cached under the real id (as in tests) is told apart by its dimensions.
 */
export function isRealQueryEmbedding(modelId: string, query: string, vector: readonly number[], lessonQuery: string): boolean {
  return modelId === DEFAULT_MODEL_ID && query === lessonQuery && vector.length === DEFAULT_MODEL_DIMENSIONS;
}

/** The lesson's query as the real model embeds it: saved once, with where it came from. Never invented. */
async function saveQueryEmbedding(query: string, vector: readonly number[], provenance: Provenance): Promise<boolean> {
  if (existsSync(QUERY_EMBEDDING_FILE)) return false;
  const document = {
    description: "The lesson's query, embedded by the real model on a learner's machine with `npm run search`.",
    provenance: { ...provenance, createdAt: new Date().toISOString() },
    query,
    vector,
  };
  await writing(shownPath(QUERY_EMBEDDING_FILE), () => writeFileSync(QUERY_EMBEDDING_FILE, `${JSON.stringify(document)}\n`));
  return true;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...MODEL_OPTIONS,
    docs: { type: 'string' },
    k: { type: 'string', default: '3' },
    submission: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('give the query as one argument, in quotes');
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`--k takes a whole number ≥ 1, got "${values.k}"`);
  const bugs = loadBugsData();
  const query = positionals[0] ?? bugs.query;
  const documents = values.docs === undefined ? [...bugs.documents] : readSentences(fromCaller(values.docs));
  const submission =
    values.submission === undefined ? LESSONS_DIR : existingFolder(values.submission, '--submission', 'Give a folder laid out like lessons/.');

  const { vectors, modelId, provenance } = await withEmbedder(embedderOptions(values), async (embedder) => ({
    vectors: await embedder.embed([query, ...documents]),
    modelId: embedder.modelId,
    provenance: embedder.provenance()!,
  }));
  const [queryVector, ...documentVectors] = vectors;
  const ranking = await rankDocuments(queryVector, documentVectors, Math.min(k, documents.length), submission);

  console.log(`Query: ${JSON.stringify(query)}`);
  console.log(ranking.reason);
  ranking.top.forEach((index, rank) => {
    console.log(`  ${rank + 1}. [${index}] cosine ${ranking.scores[index].toFixed(4)}  ${documents[index]}`);
  });
  console.log(`Best match: document ${ranking.best}.`);

  if (isRealQueryEmbedding(modelId, query, queryVector, bugs.query) && (await saveQueryEmbedding(query, queryVector, provenance))) {
    console.log(`Saved the query's real embedding to ${shownPath(QUERY_EMBEDDING_FILE)}.`);
  }
  return 0;
}

runIfMain(import.meta.url, { name: 'search', usage: USAGE, main, isExpected: isEmbeddingError });
