// The grader's version for what it keeps between runs (cases, results): a hash of everything that may change a
// case or a verdict, so that nothing kept by another grader is ever given back.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';

/**
 * The files whose change may change any verdict: the grader, its registry and references (a student copy's
 * reference.ts names the digest of its public tables), and its dependencies.
 */
const GRADER_SOURCES = ['grader', 'curriculum', 'lib', 'solutions'];
const isGraderSource = (path: string) => /\.(ts|json)$/.test(path) && !/\.test\.ts$/.test(path) && !/(^|\/)(fixtures|zoo)(\/|$)/.test(path);

function filesUnder(dir: string): string[] {
  // A student copy has no solutions/ (instructor/release/).
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() && isGraderSource(path) ? [path] : [];
  });
}

let version: string | undefined;

/** A hash of the grader as it is now: its sources, the lesson data, and the exact versions of its dependencies. */
export function graderVersion(): string {
  if (version) return version;
  const hash = createHash('sha256');
  for (const file of [...GRADER_SOURCES.flatMap(filesUnder), 'lessons/data/bugs.json', 'package-lock.json'].sort()) {
    hash.update(`\0${file}\0`).update(readFileSync(join(ROOT, file)));
  }
  version = hash.digest('hex');
  return version;
}
