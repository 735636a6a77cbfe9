// Sentence embeddings with the original lesson's model, through @huggingface/transformers. The library is
// heavy (ONNX runtime, tokenizers), so it is imported only when an embedder is created: grading never pays.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLocalFolder, missingModelFiles, modelFileHashes, modelFolder, shownPath } from './cache.ts';
import { BATCH_SIZE, DEFAULT_MAX_TOKENS, EMBEDDING, EXTERNAL_DATA_FILE, SENTENCE_CONFIG_FILE, resolveOptions, type EmbedderOptions, type ResolvedOptions } from './config.ts';
import { EmbeddingError } from './errors.ts';

/** Where a set of vectors came from, saved next to them. */
export interface Provenance {
  readonly model: string;
  /** The SHA-256 of each of the model's files: which model it was, whatever its id says. */
  readonly files: Readonly<Record<string, string>>;
  readonly dtype: typeof EMBEDDING.dtype;
  readonly pooling: typeof EMBEDDING.pooling;
  readonly normalized: false;
  /** Tokens read of each input, at most (longer ones are cut, as sentence-transformers cuts them). */
  readonly maxTokens: number;
  readonly library: string;
  readonly dimensions: number;
}

export interface Embedder {
  readonly modelId: string;
  /** Tokens read of each input, at most. */
  readonly maxTokens: number;
  /** One vector per sentence, in order. */
  embed(sentences: readonly string[]): Promise<number[][]>;
  /** Known after the first embed(). */
  provenance(): Provenance | undefined;
  dispose(): Promise<void>;
}

/**
 * The ways forward when the model cannot be had, said the same way everywhere, and only those that can work
 * from where the user stands: download it here (after allowing the network, or once it is reachable: the
 * download command itself is told to run again), or unpack an archive from a machine that has it.
 */
export function waysForward(options: ResolvedOptions): string {
  const download = options.offline
    ? 'This run is offline (--offline or HF_HUB_OFFLINE=1): on a network, run `npm run model:download` without it (about 90 MB); later runs work offline.'
    : options.downloading
      ? `Run this again once this machine reaches ${options.remoteHost} (or set HF_ENDPOINT to a mirror it can reach); later runs work offline.`
      : `Run \`npm run model:download\` once this machine reaches ${options.remoteHost} (about 90 MB); later runs work offline.`;
  return [
    'Two ways forward:',
    `  1. ${download}`,
    '  2. Or, from a machine that has the model (`npm run model:pack -- model.tgz` there), unpack its archive here:',
    `     \`npm run model:unpack -- path/to/model.tgz\` (it goes to ${shownPath(options.cacheDir)}).`,
  ].join('\n');
}

/** Fails fast, before loading the library, when the files cannot be there; says whether they all are. */
function checkAvailability(options: ResolvedOptions): { cached: boolean } {
  const missing = missingModelFiles(options);
  if (missing.length === 0) return { cached: true };
  const folder = shownPath(modelFolder(options));
  if (isLocalFolder(options.modelId)) {
    throw new EmbeddingError('MODEL_INCOMPLETE', `The model folder ${folder} is missing ${missing.join(', ')}.`);
  }
  if (!options.offline) return { cached: false }; // it will be downloaded
  const what =
    missing.length === 4
      ? `The model ${options.modelId} is not in the cache folder ${shownPath(options.cacheDir)}`
      : `The cached model ${options.modelId} in ${folder} is incomplete (missing ${missing.join(', ')})`;
  throw new EmbeddingError(missing.length === 4 ? 'MODEL_NOT_AVAILABLE' : 'MODEL_INCOMPLETE', `${what}, and this run is offline.\n${waysForward(options)}`);
}

/** The model's max_seq_length, from its sentence-transformers settings where the folder has them. */
function maxTokensOf(folder: string): number {
  const file = join(folder, SENTENCE_CONFIG_FILE);
  if (!existsSync(file)) return DEFAULT_MAX_TOKENS;
  let length: unknown;
  try {
    length = (JSON.parse(readFileSync(file, 'utf8')) as { max_seq_length?: unknown }).max_seq_length;
  } catch (error) {
    throw new EmbeddingError('MODEL_INCOMPLETE', `${shownPath(file)} cannot be read (${(error as Error).message}): mend or remove it.`, { cause: error });
  }
  if (length === undefined) return DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(length) || (length as number) < 2) {
    throw new EmbeddingError('MODEL_INCOMPLETE', `${shownPath(file)}: max_seq_length must be a whole number of tokens (2 or more), not ${JSON.stringify(length)}.`);
  }
  return length as number;
}

/**
 * transformers.js cuts a long input by dropping its last ids, its closing [SEP] with them; sentence-transformers
 * (Hugging Face's tokenizers) cuts the text and keeps the [SEP]. A cut row's last id becomes its closing special
 * token again, so the model reads exactly what it reads in the notebook's library.
 */
function keepClosingToken(ids: { data: ArrayLike<bigint> & { [i: number]: bigint }; dims: readonly number[] }, encoded: readonly (readonly number[])[], specialIds: readonly number[]): void {
  // A row that was cut fills the whole width: the batch is as wide as its longest row, cut to the limit.
  const width = ids.dims[1];
  encoded.forEach((full, row) => {
    const closing = full.at(-1)!;
    if (full.length > width && specialIds.includes(closing)) ids.data[row * width + width - 1] = BigInt(closing);
  });
}

/** The start of a text, for naming it in a notice. */
const preview = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** fetch that gives up when no answer starts within `timeoutMs`; a slow download itself is not cut off. */
function fetchWithConnectTimeout(timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Turns the library's failures into messages that say what happened and what to do. */
function explainLoadFailure(error: unknown, options: ResolvedOptions): EmbeddingError {
  const err = error as Error & { status?: number | null; cause?: { code?: string; message?: string } };
  if (err.name === 'ModelFileNotFoundError' && err.status) {
    return new EmbeddingError('DOWNLOAD_FAILED', `The Hugging Face Hub has no model ${options.modelId} (HTTP ${err.status}); check the model id.`, { cause: error });
  }
  if (err.name === 'ModelFileNotFoundError') {
    const missing = missingModelFiles(options);
    return new EmbeddingError('MODEL_INCOMPLETE', `The model ${options.modelId} in ${shownPath(modelFolder(options))} is missing ${missing.join(', ') || 'a file it needs'}.\n${waysForward(options)}`, { cause: error });
  }
  if (/fetch failed|no answer within|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|network/i.test(`${err.message} ${err.cause?.code ?? ''} ${err.cause?.message ?? ''}`)) {
    const reason = err.cause?.code ?? err.cause?.message ?? err.message;
    return new EmbeddingError(
      'DOWNLOAD_FAILED',
      `Could not download the model ${options.modelId} from ${options.remoteHost}: the network did not answer (${reason}).\n${waysForward(options)}`,
      { cause: error },
    );
  }
  return new EmbeddingError('MODEL_LOAD_FAILED', `The model ${options.modelId} would not load: ${err.message}`, { cause: error });
}

export async function createEmbedder(input: EmbedderOptions = {}): Promise<Embedder> {
  const options = resolveOptions(input);
  const { cached } = checkAvailability(options);
  const { env, mean_pooling, pipeline } = await import('@huggingface/transformers');
  env.cacheDir = options.cacheDir;
  // The cache folder doubles as the local model folder, so a model unpacked there loads without the network.
  env.localModelPath = options.cacheDir;
  env.allowLocalModels = true;
  // Once cached, nothing is fetched at all: this, not `local_files_only`, keeps the library off the network.
  env.allowRemoteModels = !(options.offline || cached);
  env.remoteHost = options.remoteHost;
  env.fetch = fetchWithConnectTimeout(options.connectTimeoutMs);
  const modelId = isLocalFolder(options.modelId) ? modelFolder(options) : options.modelId;

  // The library reports progress for local files too; only a real download is worth a progress bar.
  const progress = env.allowRemoteModels ? input.onProgress : undefined;
  let extractor: Awaited<ReturnType<typeof pipeline<'feature-extraction'>>>;
  try {
    extractor = await pipeline('feature-extraction', modelId, {
      dtype: EMBEDDING.dtype,
      // A large export keeps its weights beside model.onnx; the library reads them only when told.
      use_external_data_format: existsSync(join(modelFolder(options), EXTERNAL_DATA_FILE)),
      cache_dir: options.cacheDir,
      progress_callback: progress
        ? (info) => {
            if (info.status === 'progress') progress({ file: info.file, loaded: info.loaded, total: info.total, done: false });
            if (info.status === 'done') progress({ file: info.file, loaded: 0, total: 0, done: true });
          }
        : undefined,
    });
  } catch (error) {
    throw explainLoadFailure(error, options);
  }

  const folder = modelFolder(options);
  const { tokenizer, model } = extractor;
  // Never more than the tokenizer allows: transformers.js cuts there in any case (and the model knows no more positions).
  const maxTokens = Math.min(maxTokensOf(folder), tokenizer.model_max_length);
  const files = await modelFileHashes(folder);
  let dimensions: number | undefined;
  return {
    modelId: options.modelId,
    maxTokens,
    async embed(sentences) {
      if (sentences.length === 0) throw new EmbeddingError('BAD_INPUT', 'There is nothing to embed: give at least one sentence.');
      const vectors: number[][] = [];
      // Each input's ids in full, with the tokenizer's own special tokens ([CLS] … [SEP]).
      const encoded = sentences.map((sentence) => tokenizer.encode(sentence));
      encoded.forEach((ids, i) => {
        if (ids.length > maxTokens) {
          input.onNotice?.(`Input ${i + 1} (${preview(sentences[i])}) has ${ids.length} tokens; the model reads ${maxTokens}, as sentence-transformers does, so ${ids.length - maxTokens} were cut from its end.`);
        }
      });
      for (let start = 0; start < sentences.length; start += BATCH_SIZE) {
        // The pipeline's own steps, with the cut at the model's max_seq_length rather than the tokenizer's 512.
        const inputs = tokenizer([...sentences.slice(start, start + BATCH_SIZE)], { padding: true, truncation: true, max_length: maxTokens });
        keepClosingToken(inputs.input_ids, encoded.slice(start, start + BATCH_SIZE), tokenizer.all_special_ids);
        const { last_hidden_state: states } = await model(inputs);
        const pooled = mean_pooling(states, inputs.attention_mask);
        vectors.push(...(pooled.tolist() as number[][]));
        for (const tensor of [pooled, states, ...Object.values(inputs)]) tensor.dispose?.();
      }
      dimensions = vectors[0].length;
      return vectors;
    },
    provenance: () =>
      dimensions === undefined
        ? undefined
        : { model: options.modelId, files, dtype: EMBEDDING.dtype, pooling: EMBEDDING.pooling, normalized: false, maxTokens, library: `@huggingface/transformers ${env.version}`, dimensions },
    dispose: () => extractor.dispose(),
  };
}
