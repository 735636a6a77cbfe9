// A model archive lets a teacher download once and hand the model to a room with no network: a gzipped
// tar with the model's files and a manifest of their sizes and SHA-256 sums, checked on unpacking.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { isLocalFolder, missingModelFiles, modelFolder, shownPath } from './cache.ts';
import { MODEL_FILES, type ResolvedOptions } from './config.ts';
import { EmbeddingError } from './errors.ts';
import { writing } from './files.ts';

export const ARCHIVE_FORMAT = 'vector-similarity-workbook model archive';
const MANIFEST = 'manifest.json';
const MODEL_DIR = 'model';
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

interface Manifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly version: 1;
  readonly model: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'model-archive-'));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Writes the cached model to `archive`; never replaces an existing file unless `force`. */
export async function packModel(options: Pick<ResolvedOptions, 'modelId' | 'cacheDir'>, archive: string, force = false): Promise<Manifest> {
  if (isLocalFolder(options.modelId)) {
    throw new EmbeddingError('BAD_INPUT', `model:pack packs a model from the cache by its Hub id; ${options.modelId} is a folder. Copy the folder itself instead.`);
  }
  const missing = missingModelFiles(options);
  if (missing.length > 0) {
    throw new EmbeddingError(
      'MODEL_NOT_AVAILABLE',
      `There is no complete model ${options.modelId} in ${shownPath(options.cacheDir)} to pack (missing ${missing.join(', ')}). Run \`npm run model:download\` first.`,
    );
  }
  if (existsSync(archive) && !force) {
    throw new EmbeddingError('WOULD_OVERWRITE', `${archive} already exists; choose another name, or add --force to replace it.`);
  }
  const folder = modelFolder(options);
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    version: 1,
    model: options.modelId,
    files: MODEL_FILES.map((path) => ({ path, bytes: statSync(join(folder, path)).size, sha256: sha256(join(folder, path)) })),
  };
  await withScratch(async (scratch) => {
    writeFileSync(join(scratch, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const { path } of manifest.files) cpSync(join(folder, path), join(scratch, MODEL_DIR, path));
    // Written next to the target first, so an interrupted pack never leaves a half archive under its name.
    const partial = `${archive}.partial`;
    await writing(archive, async () => {
      mkdirSync(dirname(archive), { recursive: true });
      await tar.create({ gzip: true, file: partial, cwd: scratch, portable: true }, [MANIFEST, MODEL_DIR]);
      renameSync(partial, archive);
    }).finally(() => rmSync(partial, { force: true }));
  });
  return manifest;
}

function readManifest(dir: string, archive: string): Manifest {
  const invalid = (why: string) => new EmbeddingError('ARCHIVE_INVALID', `${archive} is not a usable model archive: ${why}. Make one with \`npm run model:pack -- OUT.tgz\`.`);
  if (!existsSync(join(dir, MANIFEST))) throw invalid(`it has no ${MANIFEST}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw invalid(`its ${MANIFEST} is not JSON`);
  }
  if (manifest.format !== ARCHIVE_FORMAT || manifest.version !== 1 || typeof manifest.model !== 'string' || !Array.isArray(manifest.files)) {
    throw invalid(`its ${MANIFEST} is not one this workbook wrote`);
  }
  // The id becomes a folder inside the cache: only owner/name, never a path that could climb out of it.
  if (!HUB_ID.test(manifest.model) || manifest.model.split('/').some((part) => part.startsWith('.'))) {
    throw invalid(`its model id "${manifest.model}" is not a Hub model id (owner/name)`);
  }
  for (const file of MODEL_FILES) {
    const entry = manifest.files.find(({ path }) => path === file);
    const path = join(dir, MODEL_DIR, file);
    if (!entry || !existsSync(path)) throw invalid(`it lacks ${file}`);
    if (statSync(path).size !== entry.bytes || sha256(path) !== entry.sha256) throw invalid(`${file} is damaged (its checksum does not match)`);
  }
  return manifest;
}

/** Checks the archive completely, then puts its model into the cache; an existing model stays unless `force`. */
export async function unpackModel(archive: string, cacheDir: string, force = false): Promise<Manifest> {
  if (!existsSync(archive)) throw new EmbeddingError('ARCHIVE_INVALID', `${archive} does not exist.`);
  return withScratch(async (scratch) => {
    try {
      // tar refuses absolute paths and '..' by default; only plain files and folders are taken.
      await tar.extract({ file: archive, cwd: scratch, strict: true, filter: (_, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') });
    } catch (error) {
      throw new EmbeddingError('ARCHIVE_INVALID', `${archive} is not a model archive (a .tgz made by \`npm run model:pack\`): ${(error as Error).message}`);
    }
    const manifest = readManifest(scratch, archive);
    // Always inside the cache: the manifest's id was checked to be a plain owner/name.
    const target = join(cacheDir, manifest.model);
    if (missingModelFiles({ modelId: manifest.model, cacheDir }).length === 0 && !force) {
      throw new EmbeddingError('WOULD_OVERWRITE', `The model ${manifest.model} is already in ${shownPath(cacheDir)}; nothing to do. Add --force to replace it with the archive's copy.`);
    }
    // Only the files the manifest vouches for reach the cache.
    await writing(shownPath(target), () => {
      rmSync(target, { recursive: true, force: true });
      for (const file of MODEL_FILES) cpSync(join(scratch, MODEL_DIR, file), join(target, file));
    });
    return manifest;
  });
}
