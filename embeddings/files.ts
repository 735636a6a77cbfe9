import { EmbeddingError } from './errors.ts';

/** Sizes as people read them in download and archive messages. */
export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Runs file-system writes for `what`; a failure there (no permission, a file where a folder should be, a full
 * disk) is the user's to fix, so it becomes a message rather than a crash.
 */
export async function writing<T>(what: string, action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof EmbeddingError) throw error;
    throw new EmbeddingError('BAD_INPUT', `cannot write ${what}: ${(error as Error).message}`, { cause: error });
  }
}
