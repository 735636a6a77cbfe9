// What a submission becomes before it is graded, and what makes it refused: each a reason on its row, never a
// stop of the batch.
import { execFileSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { STUBS_DIR } from '../curriculum/index.ts';
import { materialize } from './materialize.ts';

// A file the grader cannot read as itself: as root, no permission bit makes one, so the read is made to fail.
const UNREADABLE = `${join('04-cosine', 'exercise.ts')}`;
vi.mock('../grader/own-files.ts', async (original) => {
  const real = await original<typeof import('../grader/own-files.ts')>();
  return { ...real, readOwnFile: (root: string, path: string, max: number) => (path.endsWith(`unreadable${'/'}${UNREADABLE}`) ? { refused: 'not-own' } : real.readOwnFile(root, path, max)) };
});
import { findSubmissions, type Submission } from './submissions.ts';

const dir = mkdtempSync(join(tmpdir(), 'materialize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function copyOf(submission: Submission) {
  const into = join(dir, `into-${++n}`);
  mkdirSync(into);
  mkdirSync(`${into}-scratch`);
  return materialize(submission, into, `${into}-scratch`);
}

describe('materialize', () => {
  it('refuses a lesson file that is a hard link: it may be any file of the disk under a name inside the submission', async () => {
    const outside = join(dir, 'outside.ts');
    writeFileSync(outside, 'export const secret = 42;\n');
    const folder = join(dir, 'eve');
    cpSync(STUBS_DIR, folder, { recursive: true });
    rmSync(join(folder, '05-query-search', 'exercise.ts'));
    linkSync(outside, join(folder, '05-query-search', 'exercise.ts'));
    expect(await copyOf({ label: 'eve', student: { id: 'eve' }, source: { kind: 'folder', path: folder } })).toEqual({
      ok: false,
      reason: '05-query-search/exercise.ts is a hard link to another file: submit the file itself',
    });
  });

  it('grades the rest of a submission one of whose files cannot be read, with a note naming it', async () => {
    const folder = join(dir, 'unreadable');
    cpSync(STUBS_DIR, folder, { recursive: true });
    const made = await copyOf({ label: 'unreadable', student: { id: 'unreadable' }, source: { kind: 'folder', path: folder } });
    expect(made).toMatchObject({ ok: true, notes: [`${UNREADABLE} could not be read (no permission, or it changed while it was read): not graded`] });
  });

  it('refuses a zip that has become a FIFO, at once, instead of waiting for a writer for ever', async () => {
    const fifo = join(dir, 'swapped.zip');
    execFileSync('mkfifo', [fifo]);
    const made = await copyOf({ label: 'swapped', student: { id: 'swapped' }, source: { kind: 'zip', path: fifo } });
    expect(made).toEqual({ ok: false, reason: 'not a zip archive that can be read (it is not a regular file)' });
  });

  it('turns a part that cannot be read into a reason, not a failure of the whole run', async () => {
    const made = await copyOf({ label: 'gone', student: { id: 'gone' }, source: { kind: 'folder', path: join(dir, 'no-such-folder') } });
    expect(made).toMatchObject({ ok: false, reason: expect.stringMatching(/^part of it could not be read \(ENOENT/) });
  });
});

describe('findSubmissions', () => {
  it('names a zip from Canvas’s download after its student’s user id, as any Canvas file', () => {
    const folder = join(dir, 'canvas');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ada_123_456_work.zip'), '');
    expect(findSubmissions(folder).submissions[0].student).toEqual({ id: '123', name: 'ada' });
  });
});
