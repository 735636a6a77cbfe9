import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { MODEL_FILES, type ResolvedOptions } from './config.ts';

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

export { shownPath } from '../curriculum/index.ts';
