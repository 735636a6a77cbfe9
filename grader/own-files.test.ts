import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insideRoot, isOwnFile, readOwnFile } from './own-files.ts';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'own-files-test-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const root = join(base, 'submission');
const outside = join(base, 'other-student');
mkdirSync(join(root, 'lesson'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'lesson', 'exercise.ts'), 'export const mine = 1;\n');
writeFileSync(join(root, 'big.ts'), 'x'.repeat(2000));
writeFileSync(join(outside, 'exercise.ts'), 'export const theirs = "SECRET";\n');
symlinkSync(join(root, 'lesson', 'exercise.ts'), join(root, 'alias.ts'));
symlinkSync(join(outside, 'exercise.ts'), join(root, 'leak.ts'));
symlinkSync(outside, join(root, 'linked-lesson'));
symlinkSync('/dev/zero', join(root, 'zero.ts'));
const fifo = process.platform === 'win32' ? undefined : join(root, 'pipe.ts');
if (fifo) execFileSync('mkfifo', [fifo]);

describe('insideRoot', () => {
  it('holds for paths strictly inside, not for the root itself, its parent or a sibling', () => {
    expect(insideRoot(root, join(root, 'a', 'b.ts'))).toBe(true);
    expect(insideRoot(root, root)).toBe(false);
    expect(insideRoot(root, join(root, '..', 'x.ts'))).toBe(false);
    expect(insideRoot(root, `${root}-sibling/x.ts`)).toBe(false);
    // A file whose name only starts with two dots is inside.
    expect(insideRoot(root, join(root, '..notes.ts'))).toBe(true);
  });
});

describe('isOwnFile', () => {
  it('accepts regular files inside, through links that stay inside, and nothing else', () => {
    expect(isOwnFile(root, join(root, 'lesson', 'exercise.ts'))).toBe(true);
    expect(isOwnFile(root, join(root, 'alias.ts'))).toBe(true);
    for (const name of ['leak.ts', 'linked-lesson/exercise.ts', 'zero.ts', 'lesson', 'missing.ts']) expect(isOwnFile(root, join(root, name)), name).toBe(false);
  });
});

describe('readOwnFile', () => {
  it('reads a file inside, also through a link that stays inside', () => {
    expect(readOwnFile(root, join(root, 'lesson', 'exercise.ts'), 1000)).toEqual({ text: 'export const mine = 1;\n', bytes: 23 });
    expect(readOwnFile(root, join(root, 'alias.ts'), 1000)).toEqual({ text: 'export const mine = 1;\n', bytes: 23 });
  });

  it('refuses, in the same words, whatever is not one of its files: a link out, a linked folder, a device, a folder, a pipe', () => {
    for (const name of ['leak.ts', 'linked-lesson/exercise.ts', 'zero.ts', 'lesson', 'missing.ts', ...(fifo ? ['pipe.ts'] : [])]) {
      expect(readOwnFile(root, join(root, name), 1000), name).toEqual({ refused: 'not-own' });
    }
  });

  it('says a file is too large before reading it', () => {
    expect(readOwnFile(root, join(root, 'big.ts'), 1999)).toEqual({ refused: 'too-large' });
    expect(readOwnFile(root, join(root, 'big.ts'), 2000)).toEqual({ text: 'x'.repeat(2000), bytes: 2000 });
  });

  it('never reads through a link swapped in while it reads: another process flips the file and a link out, again and again', async () => {
    const flip = join(root, 'flip.ts');
    writeFileSync(flip, 'export const mine = 2;\n');
    // Each swap is atomic (a rename), so the path is always one or the other: a real file, or a link out.
    const flipper = spawn(process.execPath, ['-e', `
      const fs = require('node:fs');
      const [flip, target] = process.argv.slice(1);
      fs.writeFileSync(flip + '.file', 'export const mine = 2;\\n');
      for (const end = Date.now() + 1500; Date.now() < end; ) {
        fs.copyFileSync(flip + '.file', flip + '.next');
        fs.renameSync(flip + '.next', flip);
        try { fs.unlinkSync(flip + '.link'); } catch {}
        fs.symlinkSync(target, flip + '.link');
        fs.renameSync(flip + '.link', flip);
      }`, flip, join(outside, 'exercise.ts')], { stdio: 'ignore' });
    const seen = { own: 0, refused: 0, leaked: 0 };
    const exited = new Promise((resolve) => flipper.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      const read = readOwnFile(root, flip, 1000);
      if ('text' in read) seen[read.text.includes('SECRET') ? 'leaked' : 'own']++;
      else seen.refused++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(seen.leaked).toBe(0);
    expect(seen.own).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
