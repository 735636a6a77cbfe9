// Sentence embeddings with the original lesson's model, through @huggingface/transformers. The library is
// heavy (ONNX runtime, tokenizers), so it is imported only when an embedder is created: grading never pays.
import { isLocalFolder, missingModelFiles, modelFolder, shownPath } from './cache.ts';
import { BATCH_SIZE, EMBEDDING, resolveOptions, type EmbedderOptions, type ResolvedOptions } from './config.ts';
import { EmbeddingError } from './errors.ts';

/** Where a set of vectors came from, saved next to them. */
export interface Provenance {
  readonly model: string;
  readonly dtype: typeof EMBEDDING.dtype;
  readonly pooling: typeof EMBEDDING.pooling;
  readonly normalized: false;
  readonly library: string;
  readonly dimensions: number;
}

export interface Embedder {
  readonly modelId: string;
  /** One vector per sentence, in order. */
  embed(sentences: readonly string[]): Promise<number[][]>;
  /** Known after the first embed(). */
  provenance(): Provenance | undefined;
  dispose(): Promise<void>;
}

/** The ways forward when the model cannot be had: said the same way everywhere. */
export function waysForward(options: ResolvedOptions): string {
  return [
    'Two ways forward:',
    `  1. On a connected machine, run \`npm run model:download\` once (about 90 MB); later runs work offline.`,
    `  2. Or unpack a model archive made with \`npm run model:pack\`: \`npm run model:unpack -- path/to/model.tgz\``,
    `     (it goes to ${shownPath(options.cacheDir)}).`,
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
  const { env, pipeline } = await import('@huggingface/transformers');
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

  let dimensions: number | undefined;
  return {
    modelId: options.modelId,
    async embed(sentences) {
      if (sentences.length === 0) throw new EmbeddingError('BAD_INPUT', 'There is nothing to embed: give at least one sentence.');
      const vectors: number[][] = [];
      for (let start = 0; start < sentences.length; start += BATCH_SIZE) {
        const batch = sentences.slice(start, start + BATCH_SIZE);
        const output = await extractor([...batch], { pooling: EMBEDDING.pooling, normalize: EMBEDDING.normalize });
        vectors.push(...(output.tolist() as number[][]));
        output.dispose();
      }
      dimensions = vectors[0].length;
      return vectors;
    },
    provenance: () =>
      dimensions === undefined
        ? undefined
        : { model: options.modelId, dtype: EMBEDDING.dtype, pooling: EMBEDDING.pooling, normalized: false, library: `@huggingface/transformers ${env.version}`, dimensions },
    dispose: () => extractor.dispose(),
  };
}
