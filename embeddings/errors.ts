/** Why embedding could not go ahead; each code has a message that says what to do next. */
export type EmbeddingErrorCode =
  | 'MODEL_NOT_AVAILABLE' // offline, and the model is not in the cache
  | 'MODEL_INCOMPLETE' // some of the model's files are missing
  | 'DOWNLOAD_FAILED' // the network or the Hub did not deliver
  | 'MODEL_LOAD_FAILED' // the files are there but the model would not load
  | 'BAD_INPUT' // nothing to embed, or an unreadable file
  | 'ARCHIVE_INVALID' // not a model archive, or a damaged one
  | 'WOULD_OVERWRITE'; // refusing to replace an existing file or model

/** An expected failure: the commands print its message, never a stack trace. */
export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError';
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
