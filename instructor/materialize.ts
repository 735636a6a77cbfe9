// A submission, as the grader takes it: a private folder laid out like lessons/, holding copies of the
// student's code files and nothing else. Copies are read as the bundler reads (own-files.ts: regular files,
// no link that leads out), within limits no honest submission reaches, so SUBMISSIONS is only ever read and a
// hostile entry can neither reach outside it nor flood the disk. The copies' hash is what a re-run compares.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { LESSONS, exerciseFile, lessonFolder, type Lesson } from '../curriculum/index.ts';
import { isCodeFile } from '../grader/load.ts';
import { readOwnFile } from '../grader/own-files.ts';
import type { Submission } from './submissions.ts';
import { unzipInto } from './unzip.ts';

/** More than any honest submission holds; a submission past them is refused with the reason. */
const LIMITS = { files: 200, fileBytes: 256 * 1024, totalBytes: 4 * 1024 * 1024, depth: 6 } as const;

const SKIPPED = new Set(['node_modules', '.git']);

export type Materialized =
  | { readonly ok: true; readonly dir: string; readonly hash: string; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

class Refused extends Error {}

/** Whether `folder` holds at least one lesson file where lessons/ does (01-euclidean/exercise.ts …). */
function looksLikeLessons(folder: string): boolean {
  return LESSONS.some((lesson) => {
    try {
      return lstatSync(exerciseFile(lesson, folder)).isFile();
    } catch {
      return false;
    }
  });
}

/** The folder laid out like lessons/: `folder` itself, or the shallowest one inside it (a cloned repository's lessons/). */
function lessonRoot(folder: string): string | undefined {
  let level = [folder];
  for (let depth = 0; depth <= LIMITS.depth && level.length > 0; depth++) {
    const found = level.filter(looksLikeLessons).sort((a, b) => Number(b.endsWith(`${sep}lessons`)) - Number(a.endsWith(`${sep}lessons`)));
    if (found.length > 0) return found[0];
    level = level.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => !SKIPPED.has(name))
        .map((name) => join(dir, name))
        .filter((path) => lstatSync(path).isDirectory()),
    );
  }
  return undefined;
}

/** Copies into `into`, counting against the limits, and hashes what was copied. */
class Copier {
  private files = 0;
  private bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly into: string) {}

  add(relativePath: string, text: string): void {
    this.bytes += Buffer.byteLength(text);
    if (++this.files > LIMITS.files || this.bytes > LIMITS.totalBytes) {
      throw new Refused(`more than ${LIMITS.files} code files or ${LIMITS.totalBytes / 1024 / 1024} MB of code, far more than the lessons need`);
    }
    const target = join(this.into, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    this.hash.update(`${relativePath.split(sep).join('/')}\0${text}\0`);
  }

  done(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Every code file under `root` (links never followed), copied with its path relative to `root`; the notes name
 * a file that could not be read as itself (no permission, or changed while it was read), which is not graded.
 */
function copyTree(root: string, copier: Copier): string[] {
  const notes: string[] = [];
  const realRoot = realpathSync(root);
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED.has(name)) continue;
      const path = join(dir, name);
      const stats = lstatSync(path);
      if (stats.isDirectory() && depth < LIMITS.depth) walk(path, depth + 1);
      if (!stats.isFile() || !isCodeFile(name)) continue;
      // A hard link may be a file from anywhere on the disk, under a name inside the submission.
      if (stats.nlink > 1) throw new Refused(`${relative(root, path)} is a hard link to another file: submit the file itself`);
      const read = readOwnFile(realRoot, path, LIMITS.fileBytes);
      if ('refused' in read) {
        if (read.refused === 'too-large') throw new Refused(`${relative(root, path)} is larger than ${LIMITS.fileBytes / 1024} KB`);
        notes.push(`${relative(root, path)} could not be read (no permission, or it changed while it was read): not graded`);
        continue;
      }
      copier.add(relative(root, path), read.text);
    }
  };
  walk(root, 0);
  return notes;
}

/** The lesson whose functions a file exports the most of, if any. */
function lessonOfCode(text: string): Lesson | undefined {
  const exported = new Set([...text.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/g)].map((match) => match[1]));
  const scored = LESSONS.map((lesson) => ({ lesson, count: lesson.functions.filter((spec) => exported.has(spec.name)).length }));
  const best = scored.sort((a, b) => b.count - a.count)[0];
  return best.count > 0 ? best.lesson : undefined;
}

/** Canvas names a file uploaded again `exercise-1.ts`, `exercise-2.ts`: the higher, the later. */
const uploadOrder = (uploaded: string) => Number(/-(\d+)\.[^.]+$/.exec(uploaded)?.[1] ?? 0);

/** Canvas's flat files, each put where its lesson's file goes (by the functions it exports). */
function copyFlat(files: Extract<Submission['source'], { kind: 'files' }>['files'], copier: Copier): string[] {
  const notes: string[] = [];
  const chosen = new Map<Lesson, { uploaded: string; text: string }>();
  for (const file of [...files].sort((a, b) => uploadOrder(a.uploaded) - uploadOrder(b.uploaded))) {
    if (!isCodeFile(file.uploaded)) continue;
    const read = readOwnFile(realpathSync(dirname(file.path)), file.path, LIMITS.fileBytes);
    if ('refused' in read) throw new Refused(read.refused === 'too-large' ? `${file.uploaded} is larger than ${LIMITS.fileBytes / 1024} KB` : `${file.uploaded} could not be read`);
    const lesson = lessonOfCode(read.text);
    if (!lesson) {
      notes.push(`${file.uploaded} exports no function of any lesson: not graded`);
      continue;
    }
    const before = chosen.get(lesson);
    if (before) notes.push(`${before.uploaded} and ${file.uploaded} are both lesson ${lessonFolder(lesson)}: the later upload, ${file.uploaded}, is graded`);
    chosen.set(lesson, { uploaded: file.uploaded, text: read.text });
  }
  for (const [lesson, { text }] of chosen) copier.add(join(lessonFolder(lesson), 'exercise.ts'), text);
  return notes;
}

/** The submission copied into `into` (an empty private folder), or why it cannot be graded. */
export async function materialize(submission: Submission, into: string, scratch: string): Promise<Materialized> {
  const copier = new Copier(into);
  try {
    let notes: string[] = [];
    if (submission.source.kind === 'files') notes = copyFlat(submission.source.files, copier);
    else {
      let folder = submission.source.path;
      if (submission.source.kind === 'zip') {
        const unzipped = await unzipInto(submission.source.path, scratch);
        if (!unzipped.ok) return { ok: false, reason: unzipped.reason };
        folder = scratch;
      }
      const root = lessonRoot(folder);
      if (!root) return { ok: false, reason: `no lesson file in it: expected ${lessonFolder(LESSONS[0])}/exercise.ts and the others, or a lessons/ folder holding them` };
      notes = copyTree(root, copier);
    }
    if (!looksLikeLessons(into)) return { ok: false, reason: `no lesson file in it: expected ${lessonFolder(LESSONS[0])}/exercise.ts and the others` };
    return { ok: true, dir: into, hash: copier.done(), notes };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    // A folder or file that cannot be read (no permission, gone meanwhile) is this submission's problem only.
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { ok: false, reason: `part of it could not be read (${code}${(error as NodeJS.ErrnoException).path ? ` at ${relative(submissionRoot(submission), (error as NodeJS.ErrnoException).path!)}` : ''})` };
    throw error;
  }
}

/** Where a submission's files are, for naming a path in a reason. */
const submissionRoot = (submission: Submission) => (submission.source.kind === 'files' ? dirname(submission.source.files[0]?.path ?? '.') : submission.source.path);
