// A model archive lets a teacher download once and hand the model to a room with no network: a gzipped
// tar with the model's files and a manifest of their sizes and SHA-256 sums, checked on unpacking.
import {
  type WriteStream,
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import { ALL_MODEL_FILES, fileSha256, isLocalFolder, missingModelFiles, modelFilesIn, modelFolder, shownPath } from './cache.ts';
import { MODEL_FILES, type ResolvedOptions } from './config.ts';
import { EmbeddingError } from './errors.ts';
import { megabytes, writing } from './files.ts';

export const ARCHIVE_FORMAT = 'vector-similarity-workbook model archive';
const MANIFEST = 'manifest.json';
const MODEL_DIR = 'model';
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;
/** The only entries unpacking takes from an archive, at these paths and nowhere else; all others are skipped. */
const WANTED: ReadonlySet<string> = new Set([MANIFEST, ...ALL_MODEL_FILES.map((file) => `${MODEL_DIR}/${file}`)]);
const FILE_TYPES: ReadonlySet<string> = new Set(['File', 'OldFile', 'ContiguousFile']);
const TYPE_NAMES: Readonly<Record<string, string>> = { Directory: 'a folder', SymbolicLink: 'a symbolic link', Link: 'a hard link' };
/** model:pack writes a manifest of a few hundred bytes: a bigger one is no manifest of ours, and is not read. */
const MAX_MANIFEST_BYTES = 64 * 1024;
/** node-tar's default guard against compression bombs (it stops reading beyond this ratio), named in messages. */
const MAX_DECOMPRESSION_RATIO = 1000;

interface Manifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly version: 1;
  readonly model: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
}

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
  const files = await Promise.all(modelFilesIn(folder).map(async (path) => ({ path, bytes: statSync(join(folder, path)).size, sha256: await fileSha256(join(folder, path)) })));
  const manifest: Manifest = { format: ARCHIVE_FORMAT, version: 1, model: options.modelId, files };
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

/** Every complaint about an archive ends with what to do about it. */
function invalid(archive: string, why: string, cause?: unknown): EmbeddingError {
  return new EmbeddingError(
    'ARCHIVE_INVALID',
    `${archive} is not a usable model archive: ${why}. Make it again with \`npm run model:pack -- OUT.tgz\` on a machine that has the model, and copy the whole file over.`,
    { cause },
  );
}

/** The shape model:pack writes; anything else (null, a list, files without sums) is someone else's JSON. */
function isManifest(value: unknown): value is Manifest {
  const manifest = value as Partial<Manifest> | null;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    manifest.format === ARCHIVE_FORMAT &&
    manifest.version === 1 &&
    typeof manifest.model === 'string' &&
    Array.isArray(manifest.files) &&
    manifest.files.every(
      (file) => typeof file === 'object' && file !== null && typeof file.path === 'string' && Number.isSafeInteger(file.bytes) && typeof file.sha256 === 'string',
    )
  );
}

async function readManifest(dir: string, archive: string): Promise<Manifest> {
  if (!existsSync(join(dir, MANIFEST))) throw invalid(archive, `it has no ${MANIFEST}`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    throw invalid(archive, `its ${MANIFEST} is not JSON`);
  }
  if (!isManifest(manifest)) throw invalid(archive, `its ${MANIFEST} is not one this workbook wrote`);
  // The id becomes a folder inside the cache: only owner/name, never a path that could climb out of it.
  if (!HUB_ID.test(manifest.model) || manifest.model.split('/').some((part) => part.startsWith('.'))) {
    throw invalid(archive, `its model id "${manifest.model}" is not a Hub model id (owner/name)`);
  }
  for (const file of MODEL_FILES) if (!manifest.files.some(({ path }) => path === file)) throw invalid(archive, `its ${MANIFEST} does not list ${file}`);
  // Every file it lists (the model's own, and those it may have: its sentence-transformers settings, external weights).
  for (const entry of manifest.files) {
    if (!ALL_MODEL_FILES.includes(entry.path)) throw invalid(archive, `its ${MANIFEST} lists ${entry.path}, which no model folder holds`);
    const path = join(dir, MODEL_DIR, entry.path);
    if (!existsSync(path)) throw invalid(archive, `it lacks ${entry.path}`);
    const bytes = statSync(path).size;
    if (bytes !== entry.bytes) throw invalid(archive, `${entry.path} is damaged (${bytes} bytes, where its ${MANIFEST} says ${entry.bytes})`);
    if ((await fileSha256(path)) !== entry.sha256) throw invalid(archive, `${entry.path} is damaged (its checksum does not match)`);
  }
  return manifest;
}

/**
 * The name under which an entry is kept (one of WANTED), or undefined to skip it (extra files, folders, links).
 * Throws for an entry no archive of model:pack holds. Kept files are written under WANTED's names, never the
 * archive's, so even a hostile path could not land outside the scratch folder; it is refused all the same.
 */
function keptName(entry: tar.ReadEntry, archive: string, kept: Set<string>): string | undefined {
  if (/^([\\/]|[a-zA-Z]:)/.test(entry.path)) throw invalid(archive, `its entry ${entry.path} has an absolute path`);
  const parts = entry.path.split(/[\\/]/);
  if (parts.includes('..')) throw invalid(archive, `its entry ${entry.path} climbs out of its folder with ".."`);
  const name = parts.filter((part) => part !== '' && part !== '.').join('/');
  if (!WANTED.has(name)) return undefined;
  if (!FILE_TYPES.has(entry.type)) throw invalid(archive, `its ${name} is ${TYPE_NAMES[entry.type] ?? `a ${entry.type} entry`}, not a file`);
  // Two copies would be written at once, and the second is not what the manifest was computed from.
  if (kept.has(name)) throw invalid(archive, `it holds ${name} twice`);
  if (name === MANIFEST && entry.size > MAX_MANIFEST_BYTES) {
    throw invalid(archive, `its ${MANIFEST} is ${megabytes(entry.size)}, where model:pack writes a few hundred bytes`);
  }
  kept.add(name);
  return name;
}

/** node-tar's complaint about the file as a whole (see its Parser), as what is wrong with it. */
function unreadable(archive: string, error: Error & { code?: string; tarCode?: string }, sawEntry: boolean): EmbeddingError {
  const why =
    error.message.startsWith('max decompression ratio') ? `it unpacks to over ${MAX_DECOMPRESSION_RATIO} times its own size, which no model archive does`
    : error.code === 'Z_BUF_ERROR' ? 'it is cut short: its compressed data ends early'
    : error.tarCode === 'TAR_ABORT' ? 'its compressed data is damaged'
    : !sawEntry ? 'it is not a tar archive (.tgz) at all'
    : error.message.includes('Truncated input') ? 'it is cut short: its last entry ends early'
    : 'its tar data is damaged';
  return invalid(archive, `${why} (${error.message})`, error);
}

/**
 * Writes the archive's manifest and model files into `scratch`, and returns only once every file it opened is
 * closed. The caller removes `scratch` next: a write still in flight would race that removal (ENOTEMPTY, or a
 * folder left behind), which is how node-tar's extract() failed here, as its promise rejects at the first bad
 * entry while the entries before it are still being written. A bad archive stops the reading at once.
 */
async function extractWanted(archive: string, scratch: string): Promise<void> {
  const input = createReadStream(archive);
  // strict: a damaged header is an error, not an entry silently skipped. `file` lets it read a .tar.br as brotli.
  const parser = new tar.Parser({ file: archive, strict: true, maxDecompressionRatio: MAX_DECOMPRESSION_RATIO });
  const outputs: WriteStream[] = [];
  const closed: Promise<void>[] = [];
  const kept = new Set<string>();
  let sawEntry = false;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const stop = (error: unknown) => {
      failure ??= error;
      input.destroy();
      for (const output of outputs) output.destroy();
      resolve();
    };
    input.on('error', (error) => stop(new EmbeddingError('BAD_INPUT', `cannot read ${archive}: ${error.message}`, { cause: error })));
    parser.on('error', (error: Error) => stop(unreadable(archive, error, sawEntry)));
    parser.on('end', resolve);
    parser.on('entry', (entry: tar.ReadEntry) => {
      sawEntry = true;
      try {
        const name = failure === undefined ? keptName(entry, archive, kept) : undefined;
        if (name === undefined) {
          entry.resume();
          return;
        }
        const path = join(scratch, name);
        mkdirSync(dirname(path), { recursive: true });
        const output = createWriteStream(path);
        outputs.push(output);
        closed.push(new Promise<void>((done) => output.on('close', done)));
        output.on('error', stop);
        entry.pipe(output);
      } catch (error) {
        entry.resume();
        stop(error);
      }
    });
    input.pipe(parser);
  });
  // Finished or destroyed, every file is closed before anyone may remove the folder.
  await Promise.all(closed);
  if (failure !== undefined) throw failure;
}

/** Checks the archive completely, then puts its model into the cache; an existing model stays unless `force`. */
export async function unpackModel(archive: string, cacheDir: string, force = false): Promise<Manifest> {
  if (!existsSync(archive)) throw new EmbeddingError('ARCHIVE_INVALID', `${archive} does not exist.`);
  if (statSync(archive).isDirectory()) throw new EmbeddingError('ARCHIVE_INVALID', `${archive} is a folder; give the .tgz file that \`npm run model:pack\` wrote.`);
  return withScratch(async (scratch) => {
    await writing(shownPath(scratch), () => extractWanted(archive, scratch));
    const manifest = await readManifest(scratch, archive);
    // Always inside the cache: the manifest's id was checked to be a plain owner/name.
    const target = join(cacheDir, manifest.model);
    if (missingModelFiles({ modelId: manifest.model, cacheDir }).length === 0 && !force) {
      throw new EmbeddingError('WOULD_OVERWRITE', `The model ${manifest.model} is already in ${shownPath(cacheDir)}; nothing to do. Add --force to replace it with the archive's copy.`);
    }
    // Only the files the manifest vouches for reach the cache.
    await writing(shownPath(target), () => {
      rmSync(target, { recursive: true, force: true });
      for (const { path } of manifest.files) cpSync(join(scratch, MODEL_DIR, path), join(target, path));
    });
    return manifest;
  });
}
