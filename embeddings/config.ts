import { join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';

/** The ONNX export of the original lesson's `sentence-transformers/paraphrase-MiniLM-L6-v2`. */
export const DEFAULT_MODEL_ID = 'Xenova/paraphrase-MiniLM-L6-v2';
export const DEFAULT_MODEL_DIMENSIONS = 384;
/** Project-local, gitignored: one download serves every later run, offline. */
export const DEFAULT_CACHE_DIR = join(ROOT, '.cache', 'models');
/** The files transformers.js reads for a feature-extraction model at fp32. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;
/**
 * Files a model folder may have besides: sentence-transformers' settings (its max_seq_length), and the weights
 * of a large export kept beside model.onnx (ONNX's external data format).
 */
export const SENTENCE_CONFIG_FILE = 'sentence_bert_config.json';
export const EXTERNAL_DATA_FILE = 'onnx/model.onnx_data';
/**
 * Where sentence-transformers cuts an input when the model folder does not say (paraphrase-MiniLM-L6-v2's
 * max_seq_length): the tokenizer alone would allow 512 tokens, and longer texts would embed differently from
 * the notebook's library.
 */
export const DEFAULT_MAX_TOKENS = 128;
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
  /** Told what the user should know about an embedding: an input cut at the model's length, say. */
  readonly onNotice?: (line: string) => void;
  readonly connectTimeoutMs?: number;
  /** Where models are downloaded from: the Hub, or a mirror (HF_ENDPOINT, as in Hugging Face's own tools). */
  readonly remoteHost?: string;
  /** This is `npm run model:download`: its messages do not send the user to run it. */
  readonly downloading?: boolean;
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
  readonly downloading: boolean;
}

export function resolveOptions(options: EmbedderOptions = {}): ResolvedOptions {
  return {
    modelId: options.modelId ?? DEFAULT_MODEL_ID,
    cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR,
    offline: options.offline ?? process.env.HF_HUB_OFFLINE === '1',
    connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    remoteHost: (options.remoteHost ?? process.env.HF_ENDPOINT ?? DEFAULT_REMOTE_HOST).replace(/\/?$/, '/'),
    downloading: options.downloading ?? false,
  };
}
