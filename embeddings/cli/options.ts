import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CACHE_DIR, DEFAULT_MODEL_ID, type EmbedderOptions } from '../config.ts';

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

export function embedderOptions(values: { model?: string; cache?: string; offline?: boolean }): EmbedderOptions {
  return {
    // A path to a folder (./x, ../x, /x, or any folder that exists) becomes absolute: that is how it is recognised.
    modelId: values.model !== undefined && (/^\.{0,2}\//.test(values.model) || existsSync(values.model)) ? resolve(values.model) : values.model,
    cacheDir: values.cache === undefined ? DEFAULT_CACHE_DIR : resolve(values.cache),
    ...(values.offline === undefined ? {} : { offline: values.offline }),
  };
}

export const isEmbeddingError = (error: unknown): error is Error => error instanceof Error && error.name === 'EmbeddingError';
