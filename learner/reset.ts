// `npm run reset -- TARGET`: puts one function, or a whole lesson file, back as it was handed out (stubs/).
// The learner asked for exactly that; still, their file is first copied to a backup beside it, whose path is
// printed, and the file is replaced whole or not at all.
import { constants, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { LESSONS_DIR, STUBS_DIR, exerciseFile, shownPath, type Lesson } from '../curriculum/index.ts';
import { writeWhole } from '../grader/kept-files.ts';
import { functionLines, functionText, replaceFunction } from './source.ts';

export interface ResetWhere {
  /** The learner's lessons (default lessons/), and the stubs they came from (default stubs/). */
  readonly lessons?: string;
  readonly stubs?: string;
  /** The time the backup is named after. */
  readonly now?: Date;
}

export type Reset =
  | { readonly changed: false; readonly message: string }
  | { readonly changed: true; readonly message: string; readonly backup?: string };

/** An expected "no" of reset: the function is not where reset can find it in the learner's file. */
export class ResetRefused extends Error {}


/** `exercise.ts.backup-20261130-064512`, or with `-2`, `-3` … when that name is taken. */
function backupName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let n = 1; ; n++) {
    const candidate = `${file}.backup-${stamp}${n > 1 ? `-${n}` : ''}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Resets `functionName` of `lesson` (or the whole lesson file when it is undefined) to the stub. Nothing is
 * written when the file already holds what reset would write.
 */
export function reset(lesson: Lesson, functionName: string | undefined, { lessons = LESSONS_DIR, stubs = STUBS_DIR, now = new Date() }: ResetWhere = {}): Reset {
  const file = exerciseFile(lesson, lessons);
  const stub = readFileSync(exerciseFile(lesson, stubs), 'utf8');
  const what = functionName ?? `${shownPath(file)}`;
  if (!existsSync(file)) {
    writeFileSync(file, stub, { flag: 'wx' });
    return { changed: true, message: `${shownPath(file)} was missing: it is back as it was handed out.` };
  }
  const current = readFileSync(file, 'utf8');
  let wanted = stub;
  if (functionName) {
    const span = functionLines(current, functionName);
    if ('problem' in span) {
      throw new ResetRefused(
        `${functionName} is not where reset looks for it in ${shownPath(file)} (${span.problem}). ` +
          `To put the whole file back as it was handed out, with your version kept as a backup: npm run reset -- ${lesson.number}`,
      );
    }
    wanted = replaceFunction(current, functionName, functionText(stub, functionName));
  }
  if (wanted === current) return { changed: false, message: `${what} is already as it was handed out: nothing changed.` };
  const backup = backupName(file, now);
  copyFileSync(file, backup, constants.COPYFILE_EXCL);
  writeWhole(file, wanted);
  return { changed: true, message: `${what} is back as it was handed out. Your version is kept in ${shownPath(backup)}`, backup };
}
