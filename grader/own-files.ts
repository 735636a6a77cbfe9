// The submission's own files, as the trusted tools (the bundler, the type checker) may see them: regular files
// really inside the submission folder. A link that leads out of it counts as no file, and what is read is
// the file that was checked, however its path changes meanwhile (someone swapping it for a link, say).
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { staysInside } from '../lib/paths.ts';

/** Whether `path` lies strictly inside `root` (both absolute, compared as written). */
export function insideRoot(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && staysInside(rel);
}

/**
 * Whether `path` names a regular file really inside the submission (`realRoot` is its real location): false
 * for anything else (missing, a link that leads out, a folder, a device), never saying which.
 */
export function isOwnFile(realRoot: string, path: string): boolean {
  try {
    return existsSync(path) && insideRoot(realRoot, realpathSync(path)) && statSync(path).isFile();
  } catch {
    return false;
  }
}

export type OwnRead = { readonly text: string; readonly bytes: number } | { readonly refused: 'not-own' | 'too-large' };

/**
 * Reads one of the submission's files (a link inside the submission is followed to its real location). The
 * real location is opened, not through a link, and then checked: a regular file of at most `maxBytes`, the
 * very file (same device and inode) that the real location names after the open, with no link on the way to
 * it. So a path swapped for a link before the open, or after it, is refused rather than followed.
 */
export function readOwnFile(realRoot: string, path: string, maxBytes: number): OwnRead {
  let fd: number | undefined;
  try {
    const real = realpathSync(path);
    if (!insideRoot(realRoot, real)) return { refused: 'not-own' };
    fd = openSync(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(fd);
    const named = statSync(real);
    if (!opened.isFile() || realpathSync(real) !== real || named.dev !== opened.dev || named.ino !== opened.ino) return { refused: 'not-own' };
    if (opened.size > maxBytes) return { refused: 'too-large' };
    // Read no more than was checked, even if the file grows meanwhile; a read may return less than asked.
    const buffer = Buffer.alloc(opened.size);
    let bytes = 0;
    for (let got = -1; got !== 0 && bytes < buffer.length; bytes += got) got = readSync(fd, buffer, bytes, buffer.length - bytes, bytes);
    return { text: buffer.subarray(0, bytes).toString('utf8'), bytes };
  } catch {
    return { refused: 'not-own' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
