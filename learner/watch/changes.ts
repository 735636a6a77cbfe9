// Saved lesson files, as one event per save. Editors save in several writes, or write a temporary file and
// rename it over the old one (an unlink and an add, or a change): every event on a TypeScript file under the
// lessons folder restarts a short quiet period, and the save is told once that period passes. chokidar smooths
// over what each platform's file events do (inotify, FSEvents, ReadDirectoryChangesW).
import { watch } from 'chokidar';
import { statSync, type Stats } from 'node:fs';
import { isCodeFile } from '../../grader/load.ts';

/** Quiet time after the last file event before a save is told: longer than an editor's writes of one save. */
const QUIET_MS = 15;
/**
 * chokidar drops a file's further change events for 50 ms after one: a save still being written when it is told
 * would go unseen. Its files are looked at once more after that window, and a change is told as a save.
 */
const LOOK_AGAIN_MS = 60;

/** What tells one version of a file from the next without reading it. */
const versionOf = (path: string) => {
  try {
    const { mtimeMs, size, ino } = statSync(path);
    return `${mtimeMs}/${size}/${ino}`;
  } catch {
    return 'gone';
  }
};

/** Files whose change can change a verdict: lesson files and what they import. Backups and data are not. */
const countsAsLessonCode = (path: string, stats?: Stats) => !stats?.isFile() || isCodeFile(path);

export interface LessonWatch {
  /** Resolves once the watcher is ready: saves from then on are told. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls `onSave` with the time (performance.now()) of the first file event of each save under `folder`. */
export function watchLessonFiles(folder: string, onSave: (firstEventAt: number) => void, quietMs = QUIET_MS): LessonWatch {
  const watcher = watch(folder, {
    ignoreInitial: true,
    // The rename of a save is taken as the change it is by the quiet period, without chokidar's own 100 ms wait.
    atomic: false,
    ignored: (path, stats) => path.includes('node_modules') || !countsAsLessonCode(path, stats),
  });
  let timer: NodeJS.Timeout | undefined;
  let first: number | undefined;
  let paths = new Set<string>();
  const lookAgain = (versions: ReadonlyMap<string, string>) => {
    const later = setTimeout(() => {
      if ([...versions].some(([path, version]) => versionOf(path) !== version)) told(performance.now(), new Set(versions.keys()));
    }, LOOK_AGAIN_MS);
    later.unref();
  };
  const told = (at: number, changed: ReadonlySet<string>) => {
    lookAgain(new Map([...changed].map((path) => [path, versionOf(path)])));
    onSave(at);
  };
  watcher.on('all', (_, path) => {
    first ??= performance.now();
    paths.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const at = first!;
      const changed = paths;
      first = undefined;
      paths = new Set();
      told(at, changed);
    }, quietMs);
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
