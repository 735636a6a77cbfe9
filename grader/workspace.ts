// The grader's temporary folders: private (0700), named after the process that made them, removed when the
// work ends or the grader is interrupted (cleanup.ts), and, when a grader was killed before it could do
// that, removed by the next one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.ts';

const PREFIX = 'vector-grader-';
const OWNER = new RegExp(`^${PREFIX}(\\d+)-`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

/** Removes the folders of graders that no longer run. */
export function removeStaleFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    const owner = OWNER.exec(name);
    if (!owner || isAlive(Number(owner[1]))) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // another user's: not ours to remove
    }
  }
}

let swept = false;
/** removeStaleFolders, once per process: it reads the whole temp folder. */
export function removeStaleFoldersOnce(): void {
  if (swept) return;
  swept = true;
  removeStaleFolders();
}

/** Runs `work` in a fresh private folder that is gone when it returns, however it returns. */
export async function withTempFolder<T>(purpose: string, work: (dir: string) => Promise<T>): Promise<T> {
  removeStaleFoldersOnce();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-${purpose}-`));
  const remove = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  try {
    return await work(dir);
  } finally {
    remove();
  }
}
