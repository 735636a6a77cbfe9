// What the learner loop remembers between commands: how many hints of each function were shown. Kept in a
// small gitignored file; the rest of the progress (what passes) is always recomputed by grading the lesson
// files, so a lessons folder copied to another machine carries its progress with it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import { writeWhole } from '../grader/kept-files.ts';

/** The progress file of a lessons folder: one per folder, so that grading another (a test's copy) leaves it alone. */
export const progressFile = (lessons: string) => join(ROOT, '.cache', 'learner', `progress-${createHash('sha256').update(resolve(lessons)).digest('hex').slice(0, 16)}.json`);

export interface Progress {
  /** Hints shown so far, by function. */
  readonly hintsShown: Readonly<Record<string, number>>;
}

/** The progress kept, or a fresh one when there is none or it cannot be read. */
export function readProgress(file: string): Progress {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<Progress>;
    const hintsShown = Object.fromEntries(Object.entries(kept.hintsShown ?? {}).filter(([, count]) => Number.isInteger(count) && count >= 0));
    return { hintsShown };
  } catch {
    return { hintsShown: {} };
  }
}

/** Keeps the progress; a file that cannot be written only means hints start over next time. */
export function writeProgress(progress: Progress, file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeWhole(file, `${JSON.stringify(progress, null, 1)}\n`);
  } catch {
    // a read-only checkout
  }
}
