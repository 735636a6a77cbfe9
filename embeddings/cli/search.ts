// `npm run search -- "a query" [--docs file.txt] [--k 3]`: embeds a query and documents with the lesson's
// model and ranks the documents by cosine similarity, with your own querySearch/topK once they pass.
import { LESSONS_DIR } from '../../curriculum/index.ts';
import { loadBugsData } from '../../curriculum/data.ts';
import { UsageError, existingFolder, fromCaller, parseCommandLine, runIfMain, type CommandSpec } from '../../lib/cli.ts';
import { QUERY_EMBEDDING_FILE, keepQueryEmbedding } from '../query-embedding.ts';
import { rankDocuments } from '../rank.ts';
import { checkAgainstNotebook, verifyModel } from '../verify.ts';
import { readSentences } from './embed.ts';
import { MODEL_OPTIONS, MODEL_OPTIONS_USAGE, embedderOptions, isEmbeddingError, withEmbedder } from './options.ts';

export const USAGE = `Usage: npm run search -- ["a query"] [options]

Finds the documents most similar to a query by cosine similarity. Without a query, it asks the lesson's
(the "query" in lessons/data/bugs.json). The documents are the lesson's four Bugs sentences unless --docs says otherwise. The ranking uses your own
querySearch and topK (lessons/05-query-search) once they pass the grader, and mathjs's cosine similarities
until then. The lesson's query, embedded by a model verified to be the notebook's, is saved to
lessons/data/query-embedding.json.

Options:
  --docs FILE        the documents, one per line (blank lines are skipped)
  --k N              how many to list (default 3)
  --submission DIR   whose querySearch/topK to use (default lessons/)
${MODEL_OPTIONS_USAGE}`;

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

  const lessonQuery = query === bugs.query;
  const { vectors, provenance, verification } = await withEmbedder(embedderOptions(values), async (embedder) => ({
    vectors: await embedder.embed([query, ...documents]),
    provenance: embedder.provenance()!,
    // Only the lesson's query is ever saved, and only from the notebook's model: checked on the lesson's
    // documents, just embedded when they are the ones searched.
    verification: lessonQuery && values.docs !== undefined ? await verifyModel(embedder) : undefined,
  }));
  const [queryVector, ...documentVectors] = vectors;
  const checked = lessonQuery ? (verification ?? checkAgainstNotebook(documentVectors)) : undefined;
  const ranking = await rankDocuments(queryVector, documentVectors, Math.min(k, documents.length), submission);

  console.log(`Query: ${JSON.stringify(query)}`);
  console.log(ranking.reason);
  ranking.top.forEach((index, rank) => {
    console.log(`  ${rank + 1}. [${index}] cosine ${ranking.scores[index].toFixed(4)}  ${documents[index]}`);
  });
  console.log(`Best match: document ${ranking.best}.`);

  const told = checked && (await keepQueryEmbedding(QUERY_EMBEDDING_FILE, query, queryVector, provenance, checked));
  if (told) console.log(told);
  return 0;
}

/** The command, for embeddings/cli.ts (its compiled bundle's dispatcher) and when run on its own. */
export const COMMAND: CommandSpec = { name: 'search', usage: USAGE, main, isExpected: isEmbeddingError };

runIfMain(import.meta.url, COMMAND);
