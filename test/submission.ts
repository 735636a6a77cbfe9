// Submissions built for tests: a copy of the reference solutions with some functions swapped for other code
// (the mutant zoo, the attack fixtures).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LESSONS, SOLUTIONS_DIR, exerciseFile, findFunction } from '../curriculum/index.ts';
import { replaceFunction } from '../learner/source.ts';

/** A fresh copy of all reference solutions in a temporary folder laid out like `lessons/`; `track` gets it for cleanup. */
export function solutionCopy(track: string[], prefix = 'solution-copy-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  track.push(dir);
  for (const lesson of LESSONS) {
    const target = exerciseFile(lesson, dir);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(exerciseFile(lesson, SOLUTIONS_DIR), target);
  }
  return dir;
}

/**
 * Replaces the function `name` in its lesson file under `dir` (a folder laid out like `lessons/`) with `source`
 * (its whole text, from `export function NAME(` to its closing `}`), with `preamble` (imports, say) at the top.
 */
export function swapFunction(dir: string, name: string, source: string, preamble?: string): void {
  const located = findFunction(name);
  if (!located) throw new Error(`${name} is not a function of the course`);
  const file = exerciseFile(located.lesson, dir);
  const replaced = replaceFunction(readFileSync(file, 'utf8'), name, source);
  writeFileSync(file, preamble ? `${preamble}\n${replaced}` : replaced);
}

/** A fresh copy of the reference solutions with one function swapped (see `swapFunction`). */
export function solutionWith(track: string[], prefix: string, name: string, source: string, preamble?: string): string {
  const dir = solutionCopy(track, prefix);
  swapFunction(dir, name, source, preamble);
  return dir;
}

export function removeAll(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export { replaceFunction };
