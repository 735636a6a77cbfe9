import { existsSync } from 'node:fs';
import { UsageError, fromCaller } from '../../lib/cli.ts';
import { DEFAULT_CACHE_DIR, DEFAULT_MODEL_ID, type EmbedderOptions } from '../config.ts';
import { createEmbedder, type Embedder } from '../embedder.ts';
import { createProgressReporter } from '../progress.ts';

/** The options every embeddings command takes, for parseCommandLine. */
export const MODEL_OPTIONS = {
  model: { type: 'string' },
  cache: { type: 'string' },
  offline: { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const MODEL_OPTIONS_USAGE = `  --model ID|DIR     a Hub model id, or a folder with the model files (default ${DEFAULT_MODEL_ID})
  --cache DIR        where models are kept (default .cache/models)
  --offline          never use the network (also: HF_HUB_OFFLINE=1); HF_ENDPOINT sets a mirror
  -h, --help         show this help`;

/** A --model that names a folder (./x, ../x, /x, or any existing folder) becomes its absolute path. */
function modelId(model: string | undefined): string | undefined {
  if (model === undefined) return undefined;
  const path = fromCaller(model);
  if (existsSync(path)) return path;
  if (/^\.{0,2}\//.test(model)) throw new UsageError(`--model ${model}: no such folder. Give a Hub model id (owner/name) or a folder with the model files.`);
  return model;
}

export function embedderOptions(values: { model?: string; cache?: string; offline?: boolean }): EmbedderOptions {
  return {
    modelId: modelId(values.model),
    cacheDir: values.cache === undefined ? DEFAULT_CACHE_DIR : fromCaller(values.cache),
    ...(values.offline === undefined ? {} : { offline: values.offline }),
  };
}

/** Loads the model (with a progress bar while it downloads), lets `work` use it, then releases it. */
export async function withEmbedder<T>(options: EmbedderOptions, work: (embedder: Embedder) => Promise<T>): Promise<T> {
  const progress = createProgressReporter();
  const onNotice = options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const embedder = await createEmbedder({ ...options, onProgress: progress.onProgress, onNotice }).finally(() => progress.stop());
  try {
    return await work(embedder);
  } finally {
    await embedder.dispose();
  }
}

export const isEmbeddingError = (error: unknown): error is Error => error instanceof Error && error.name === 'EmbeddingError';
