import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { removeStaleFolders, withTempFolder } from './workspace.ts';

describe('withTempFolder', () => {
  it('gives a private folder, gone when the work returns', async () => {
    let seen = '';
    await withTempFolder('test', async (dir) => {
      seen = dir;
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(dir).toContain(`vector-grader-${process.pid}-test-`);
    });
    expect(existsSync(seen)).toBe(false);
  });

  it('removes it when the work throws too', async () => {
    let seen = '';
    await expect(
      withTempFolder('test', async (dir) => {
        seen = dir;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
  });
});

describe('removeStaleFolders', () => {
  it('removes the folders of graders that no longer run, and only those', () => {
    // A process that has ended: its pid is free (and, on a busy machine, not yet reused).
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = join(tmpdir(), `vector-grader-${ended.stdout}-typecheck-test`);
    const live = join(tmpdir(), `vector-grader-${process.pid}-typecheck-live`);
    mkdirSync(join(stale, 'inside'), { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      removeStaleFolders();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });
});
