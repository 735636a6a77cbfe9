import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
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

/** A path as the user should read it: relative to the project when inside it. */
export function shownPath(path: string): string {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
