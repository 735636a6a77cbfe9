// `npm run embed -- "sentence" …` or `--file sentences.txt`: embeds sentences with the lesson's model and
// prints each vector's shape and a preview; `--out vectors.json` saves them with their provenance.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError, fromCaller, parseCommandLine, runIfMain, type CommandSpec } from '../../lib/cli.ts';
import { shownPath } from '../cache.ts';
import { EmbeddingError } from '../errors.ts';
import { writing } from '../files.ts';
import { MODEL_OPTIONS, MODEL_OPTIONS_USAGE, embedderOptions, isEmbeddingError, withEmbedder } from './options.ts';

export const USAGE = `Usage: npm run embed -- "a sentence" ["another" …] [options]
       npm run embed -- --file sentences.txt [options]

Turns sentences into vectors with the lesson's model (384 numbers each, mean pooling, not normalized).
The first run downloads the model (about 90 MB) into .cache/models; later runs work offline.

Options:
  --file FILE        read the sentences from FILE, one per line (blank lines are skipped)
  --out FILE         also save the vectors, with the model and settings that made them, as JSON
  --force            let --out replace an existing file
${MODEL_OPTIONS_USAGE}`;

/** Sentences from a text file: one per line, blank lines skipped. */
export function readSentences(file: string): string[] {
  if (!existsSync(file)) throw new EmbeddingError('BAD_INPUT', `${file} does not exist. Give a text file with one sentence per line.`);
  if (!statSync(file).isFile()) throw new EmbeddingError('BAD_INPUT', `${file} is a folder, not a text file with one sentence per line.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EmbeddingError('BAD_INPUT', `cannot read ${file}: ${(error as Error).message}`);
  }
  const sentences = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (sentences.length === 0) throw new EmbeddingError('BAD_INPUT', `${file} has no sentences (one per line; blank lines are skipped).`);
  return sentences;
}

/** `[-0.2280, -0.2465, -0.0032, …, 0.5375]` */
export function preview(vector: readonly number[]): string {
  const show = (x: number) => x.toFixed(4);
  const shown = vector.length <= 6 ? vector.map(show) : [...vector.slice(0, 3).map(show), '…', ...vector.slice(-3).map(show)];
  return `[${shown.join(', ')}]`;
}

const quoted = (sentence: string) => JSON.stringify(sentence.length > 60 ? `${sentence.slice(0, 57)}…` : sentence);

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...MODEL_OPTIONS,
    file: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.file !== undefined && positionals.length > 0) throw new UsageError('give sentences or --file, not both');
  const sentences = values.file === undefined ? positionals : readSentences(fromCaller(values.file));
  if (sentences.length === 0) throw new UsageError('nothing to embed: give one or more sentences in quotes, or --file FILE');
  const out = values.out === undefined ? undefined : fromCaller(values.out);
  if (out && existsSync(out) && !values.force) {
    throw new EmbeddingError('WOULD_OVERWRITE', `${values.out} already exists; choose another name, or add --force to replace it.`);
  }

  return withEmbedder(embedderOptions(values), async (embedder) => {
    const vectors = await embedder.embed(sentences);
    const provenance = embedder.provenance()!;
    console.log(`${sentences.length} sentence${sentences.length === 1 ? '' : 's'} → ${vectors.length} × ${provenance.dimensions} (${provenance.model}, ${provenance.dtype}, ${provenance.pooling} pooling, not normalized)`);
    sentences.forEach((sentence, i) => {
      const norm = Math.hypot(...vectors[i]);
      console.log(`  ${i + 1}. ${quoted(sentence)}\n     ${preview(vectors[i])}  norm ${norm.toFixed(4)}`);
    });
    if (out) {
      const document = { provenance: { ...provenance, createdAt: new Date().toISOString() }, sentences, vectors };
      await writing(values.out!, () => {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, `${JSON.stringify(document)}\n`);
      });
      console.log(`Saved to ${shownPath(out)}.`);
    }
    return 0;
  });
}

/** The command, for embeddings/cli.ts (its compiled bundle's dispatcher) and when run on its own. */
export const COMMAND: CommandSpec = { name: 'embed', usage: USAGE, main, isExpected: isEmbeddingError };

runIfMain(import.meta.url, COMMAND);
