// Files the grader keeps under .cache/ between runs (the mathjs bundle, declarations, cases, type check results,
// lesson results): written whole or not at all, since two graders may run at once; the results are pruned to the
// newest so their folders cannot grow for ever. `npm run reset` writes a learner's file the same way.
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `text` to `file` through a temporary file and a rename: a reader sees the old file or the new, never half. */
export function writeWhole(file: string, text: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Removes the oldest files of `dir` past the `most` newest. */
export function forgetOldest(dir: string, most: number): void {
  const files = readdirSync(dir).map((name) => join(dir, name));
  if (files.length <= most) return;
  const byAge = files.map((file) => ({ file, time: statSync(file).mtimeMs })).sort((a, b) => b.time - a.time);
  for (const { file } of byAge.slice(most)) rmSync(file, { force: true });
}
