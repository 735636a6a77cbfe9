import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { EXTERNAL_DATA_FILE, MODEL_FILES, SENTENCE_CONFIG_FILE, type ResolvedOptions } from './config.ts';

/**
 * A model id that is the absolute path of a folder is a local model, loaded from there instead of the cache.
 * Only absolute paths: the commands resolve a relative --model path, and an id from anywhere else (an
 * archive's manifest, say) must never be read as a folder relative to wherever the command runs.
 */
export function isLocalFolder(modelId: string): boolean {
  return isAbsolute(modelId) && existsSync(modelId) && statSync(modelId).isDirectory();
}

/** The folder that holds (or will hold) the model's files. */
export function modelFolder({ modelId, cacheDir }: Pick<ResolvedOptions, 'modelId' | 'cacheDir'>): string {
  return isLocalFolder(modelId) ? modelId : join(cacheDir, modelId);
}

export function missingModelFiles(options: Pick<ResolvedOptions, 'modelId' | 'cacheDir'>): string[] {
  const folder = modelFolder(options);
  return MODEL_FILES.filter((file) => !existsSync(join(folder, file)));
}

/** The files that make a model what it is, where the folder has them. */
export const modelFilesIn = (folder: string): string[] => [...MODEL_FILES, SENTENCE_CONFIG_FILE, EXTERNAL_DATA_FILE].filter((file) => existsSync(join(folder, file)));

/** The SHA-256 of each of the model's files, by path inside its folder. Streamed: weights may be gigabytes. */
export async function modelFileHashes(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of modelFilesIn(folder)) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(join(folder, file))) hash.update(chunk as Buffer);
    hashes[file] = hash.digest('hex');
  }
  return hashes;
}

export { shownPath } from '../curriculum/index.ts';
