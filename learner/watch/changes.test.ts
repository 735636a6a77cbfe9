import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchLessonFiles, type LessonWatch } from './changes.ts';

/** Longer than the watch mode's own, so that a loaded machine's late events still fall within one save. */
const QUIET_MS = 150;

const open: { watch: LessonWatch; dir: string }[] = [];
afterEach(async () => {
  for (const { watch, dir } of open.splice(0)) {
    await watch.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A lessons folder with one lesson file, watched; the saves told so far. */
async function watched(quietMs = QUIET_MS): Promise<{ dir: string; file: string; saves: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'watch-changes-'));
  mkdirSync(join(dir, '01-euclidean'));
  const file = join(dir, '01-euclidean', 'exercise.ts');
  writeFileSync(file, 'export const a = 1;\n');
  const saves: number[] = [];
  const watch = watchLessonFiles(dir, (at) => saves.push(at), quietMs);
  open.push({ watch, dir });
  await watch.ready;
  return { dir, file, saves };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS * 5));

describe('watchLessonFiles', () => {
  it('tells a save made in several writes once', async () => {
    const { file, saves } = await watched();
    writeFileSync(file, 'export const a = ');
    appendFileSync(file, '2;');
    appendFileSync(file, '\n');
    await settle();
    expect(saves).toHaveLength(1);
  });

  it('tells a save by rename (a temporary file moved over the lesson file) once', async () => {
    const { file, saves } = await watched();
    const temporary = `${file}.tmp-save`;
    writeFileSync(temporary, 'export const a = 3;\n');
    renameSync(temporary, file);
    await settle();
    expect(saves).toHaveLength(1);
  });

  it('tells each save apart in time, and a new TypeScript or JavaScript file in the folder', async () => {
    const { dir, file, saves } = await watched();
    writeFileSync(file, 'export const a = 4;\n');
    await settle();
    writeFileSync(join(dir, '01-euclidean', 'helper.ts'), 'export const b = 1;\n');
    await settle();
    // JavaScript can be imported too.
    writeFileSync(join(dir, 'shared.mjs'), 'export const c = 1;\n');
    await settle();
    expect(saves).toHaveLength(3);
    expect(saves[1]).toBeGreaterThan(saves[0]);
  });

  it('tells a save again when it was still being written after it was told (chokidar drops events 50 ms apart)', async () => {
    const { file, saves } = await watched(5);
    writeFileSync(file, 'export const a = ');
    await new Promise((resolve) => setTimeout(resolve, 25));
    appendFileSync(file, '5;\n');
    const lastWrite = performance.now();
    await settle();
    expect(saves.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...saves)).toBeGreaterThanOrEqual(lastWrite);
  });

  it('ignores what cannot change a verdict: backups, notes, data', async () => {
    const { dir, file, saves } = await watched();
    writeFileSync(`${file}.backup-20261130-080000`, 'old');
    writeFileSync(join(dir, 'notes.md'), '# notes');
    writeFileSync(join(dir, 'data.json'), '{}');
    await settle();
    expect(saves).toHaveLength(0);
  });
});
