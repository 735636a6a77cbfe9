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

/** Every file a model folder may hold: those it must, and those it may (see config.ts). */
export const ALL_MODEL_FILES: readonly string[] = [...MODEL_FILES, SENTENCE_CONFIG_FILE, EXTERNAL_DATA_FILE];

/** The files that make a model what it is, where the folder has them. */
export const modelFilesIn = (folder: string): string[] => ALL_MODEL_FILES.filter((file) => existsSync(join(folder, file)));

/** A file's SHA-256, streamed: weights may be gigabytes. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The SHA-256 of each of the model's files, by path inside its folder. */
export async function modelFileHashes(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of modelFilesIn(folder)) hashes[file] = await fileSha256(join(folder, file));
  return hashes;
}

export { shownPath } from '../curriculum/index.ts';
