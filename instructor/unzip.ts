// A student's .zip, opened with yauzl (it refuses entry names that are absolute or climb out with `..`, and
// checks each entry's size against its header). Only code files are written out, as regular files, within the
// same limits as any submission: a zip bomb, a link inside the archive or a path trick yields a reason, never
// a file outside `into` nor a full disk.
import { closeSync, constants, createWriteStream, fstatSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isCodeFile } from '../grader/load.ts';

/** Entries read at most, and bytes written at most: past them the archive is refused. */
const ZIP_LIMITS = { entries: 2_000, bytes: 4 * 1024 * 1024 } as const;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export type Unzipped = { readonly ok: true; readonly files: number } | { readonly ok: false; readonly reason: string };

/**
 * The zip at `path`, opened without blocking and checked to be a regular file once open: a path swapped for a
 * FIFO (whose open waits for a writer for ever) or a device meanwhile is refused, not waited on.
 */
function open(path: string): Promise<ZipFile> {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return Promise.reject(new Error('it is not a regular file'));
  }
  // Once open, yauzl closes the descriptor with the archive (autoClose); if it cannot open it, it is ours to close.
  return new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromFd(fd, { lazyEntries: true, validateEntrySizes: true, autoClose: true }, (error, zip) => {
      if (!error) return resolve(zip);
      closeSync(fd);
      reject(error);
    }),
  );
}

const readStream = (zip: ZipFile, entry: Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

/** Extracts the code files of the zip at `path` into `into`. */
export async function unzipInto(path: string, into: string): Promise<Unzipped> {
  let zip: ZipFile;
  try {
    zip = await open(path);
  } catch (error) {
    return { ok: false, reason: `not a zip archive that can be read (${(error as Error).message})` };
  }
  let entries = 0;
  let bytes = 0;
  let files = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: Entry) => {
        const next = async () => {
          if (++entries > ZIP_LIMITS.entries) throw new Error(`more than ${ZIP_LIMITS.entries} entries`);
          const isLink = ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
          if (entry.fileName.endsWith('/') || isLink || !isCodeFile(entry.fileName) || /(^|\/)node_modules\//.test(entry.fileName)) return;
          bytes += entry.uncompressedSize;
          if (bytes > ZIP_LIMITS.bytes) throw new Error(`more than ${ZIP_LIMITS.bytes / 1024 / 1024} MB of code once unpacked`);
          const target = join(into, entry.fileName);
          mkdirSync(dirname(target), { recursive: true });
          await pipeline(await readStream(zip, entry), createWriteStream(target, { flags: 'wx' }));
          files++;
        };
        next().then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    return { ok: false, reason: `the zip archive was refused: ${(error as Error).message}` };
  }
  return { ok: true, files };
}
