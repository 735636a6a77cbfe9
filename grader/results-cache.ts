// Results that do not change for unchanged files: a lesson's results are kept, keyed by everything that decides
// them (the grader's own sources and dependencies, the seed, the functions asked, and the lesson file and every
// file it imports, by content), and given back while all of these are the same. A result that may depend on the
// machine's load (a timeout, a crash) is never kept. Learner code cannot reach .cache/: its sandbox writes
// nothing, and the grader alone writes here.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import { forgetOldest, writeWhole } from './kept-files.ts';
import { readOwnFile } from './own-files.ts';
import type { ExerciseResult, LayerState } from './types.ts';
import { graderVersion } from './version.ts';

const DIR = join(ROOT, '.cache', 'grader', 'results');
/** Kept lesson results at most; the oldest go first. */
const KEPT = 500;
/** The largest file worth hashing: the bundler refuses larger ones anyway. */
const MAX_FILE_BYTES = 1 << 20;

/** What a lesson's results are graded from, besides its files. */
export interface LessonKey {
  /** The lesson file, relative to the submission. */
  readonly file: string;
  readonly seed: number;
  /** The functions asked for, in this lesson. */
  readonly functions: readonly string[];
  /** Whether failures are to be searched for their smallest input: kept failures without it are not given back. */
  readonly counterexamples: boolean;
}

interface Entry {
  /** Every file the results came from, relative to the submission, with its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
  /** Whether its failures were searched for their smallest input (results that all pass are the same either way). */
  readonly counterexamples: boolean;
  readonly results: readonly ExerciseResult[];
  /** The protection layers the learner's code ran behind. */
  readonly layers: readonly LayerState[];
}

/** A lesson's kept results, the files they came from, and the layers they were graded behind. */
export interface Kept {
  readonly results: readonly ExerciseResult[];
  readonly files: readonly string[];
  readonly layers: readonly LayerState[];
}

/** The SHA-256 of a submission file read safely (see own-files.ts), or undefined if it cannot be read. */
function hashOf(realRoot: string, submission: string, file: string): string | undefined {
  const read = readOwnFile(realRoot, join(submission, file), MAX_FILE_BYTES);
  return 'refused' in read ? undefined : createHash('sha256').update(read.text).digest('hex');
}

/** Where the results of the lesson `key` names are kept, given its lesson file's hash. */
function entryFile(key: LessonKey, lessonHash: string): string {
  const name = createHash('sha256').update(JSON.stringify([graderVersion(), key.file, key.seed, [...key.functions].sort(), lessonHash])).digest('hex');
  return join(DIR, `${name}.json`);
}

/** The kept results of a lesson, with the files they came from, if every one of those files is as it was. */
export function keptResults(submission: string, key: LessonKey): Kept | undefined {
  try {
    const realRoot = realpathSync(submission);
    const lessonHash = hashOf(realRoot, submission, key.file);
    if (!lessonHash) return undefined;
    const entry = JSON.parse(readFileSync(entryFile(key, lessonHash), 'utf8')) as Entry;
    // The lesson file is in the key already: only the files it imports are read again.
    const same = Object.entries(entry.files).every(([path, hash]) => (path === key.file ? lessonHash : hashOf(realRoot, submission, path)) === hash);
    // A failure kept without its smallest input is no answer to a grade that asks for it.
    if (key.counterexamples && !entry.counterexamples && entry.results.some((result) => result.status === 'fail')) return undefined;
    return same && Array.isArray(entry.layers) ? { results: entry.results, files: Object.keys(entry.files), layers: entry.layers } : undefined;
  } catch {
    return undefined; // none kept, or unreadable: graded afresh
  }
}

/** Whether a verdict among `results` may depend on the machine's load (a timeout, a crash): never kept. */
export const dependsOnLoad = (results: readonly ExerciseResult[]): boolean => results.some((result) => result.status === 'timeout' || result.status === 'error');

/**
 * Keeps a lesson's results, unless one of them may depend on the machine's load. `hashes` are those of the files
 * as they were graded (the bundle's, the lesson file among them), never read again here: a file saved meanwhile
 * would have the old text's results kept under the new text.
 */
export function keepResults(key: LessonKey, hashes: Readonly<Record<string, string>>, results: readonly ExerciseResult[], layers: readonly LayerState[]): void {
  if (dependsOnLoad(results)) return;
  const lessonHash = hashes[key.file];
  if (!lessonHash) return;
  try {
    mkdirSync(DIR, { recursive: true });
    const entry: Entry = { files: hashes, counterexamples: key.counterexamples, results, layers };
    writeWhole(entryFile(key, lessonHash), JSON.stringify(entry));
    forgetOldest(DIR, KEPT);
  } catch {
    // a read-only checkout: graded again next time
  }
}
