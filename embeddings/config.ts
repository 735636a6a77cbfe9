import { join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';

/** The ONNX export of the original lesson's `sentence-transformers/paraphrase-MiniLM-L6-v2`. */
export const DEFAULT_MODEL_ID = 'Xenova/paraphrase-MiniLM-L6-v2';
export const DEFAULT_MODEL_DIMENSIONS = 384;
/** Project-local, gitignored: one download serves every later run, offline. */
export const DEFAULT_CACHE_DIR = join(ROOT, '.cache', 'models');
/** The files transformers.js reads for a feature-extraction model at fp32. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;
/** How the original lesson built sentence vectors: full precision, mean pooling, no normalization. */
export const EMBEDDING = { dtype: 'fp32', pooling: 'mean', normalize: false } as const;
/** Waiting this long for a server's first answer means the network is not really there. */
export const CONNECT_TIMEOUT_MS = 20_000;
/** Sentences per model call: bounds memory for long files without slowing short ones. */
export const BATCH_SIZE = 32;

export interface EmbedderOptions {
  /** A Hub model id, or the path of a folder holding the model files. */
  readonly modelId?: string;
  /** Where downloaded models are kept (and looked for). */
  readonly cacheDir?: string;
  /** Never use the network. Also on when the HF_HUB_OFFLINE environment variable is 1. */
  readonly offline?: boolean;
  /** Called with download progress while a model is fetched. */
  readonly onProgress?: (event: DownloadProgress) => void;
  readonly connectTimeoutMs?: number;
  /** Where models are downloaded from: the Hub, or a mirror (HF_ENDPOINT, as in Hugging Face's own tools). */
  readonly remoteHost?: string;
}

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

export interface DownloadProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
  readonly done: boolean;
}

export interface ResolvedOptions {
  readonly modelId: string;
  readonly cacheDir: string;
  readonly offline: boolean;
  readonly connectTimeoutMs: number;
  readonly remoteHost: string;
}

export function resolveOptions(options: EmbedderOptions = {}): ResolvedOptions {
  return {
    modelId: options.modelId ?? DEFAULT_MODEL_ID,
    cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR,
    offline: options.offline ?? process.env.HF_HUB_OFFLINE === '1',
    connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    remoteHost: (options.remoteHost ?? process.env.HF_ENDPOINT ?? DEFAULT_REMOTE_HOST).replace(/\/?$/, '/'),
  };
}
