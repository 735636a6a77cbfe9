// Which of the workbook's files a student copy holds: those the students' commands are built from, found by
// esbuild as it bundles them (so nothing is left out that they import, and nothing they do not), with the
// reference swapped for the copy's own (public-answers.ts). A file of solutions/, instructor/ or hidden/
// reached from them fails the release: the copy must be able to work without it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ROOT } from '../../curriculum/index.ts';

/** The students' commands (package.json's scripts start them) and the sandbox's harness, built at run time. */
export const ENTRIES = ['grader/cli.ts', 'learner/cli.ts', 'workbook/index.ts', 'embeddings/cli.ts', 'grader/sandbox/harness/main.ts'];
/** The launchers package.json's scripts run, and what they import. */
export const LAUNCHERS = ['bin/compile.mjs', 'bin/grade.mjs', 'bin/learner.mjs', 'bin/workbook.mjs', 'bin/embeddings.mjs'];
/** Files the commands read at run time rather than import: the browser workbook's stylesheet and script. */
export const RUNTIME_ASSETS = ['workbook/workbook.css', 'workbook/client.js'];
/** The one file whose copy differs: written by the release, from the public tables. */
export const REFERENCE_FILE = 'grader/reference.ts';
const OFF_LIMITS = /^(solutions|instructor|hidden|bench|scripts|test)\//;

export interface ReleaseSources {
  /** Project files to copy as they are, relative to the root. */
  readonly files: readonly string[];
  /** The packages they import (the launchers import esbuild too). */
  readonly packages: readonly string[];
}

/** The package an import names (`mathjs`, `@huggingface/transformers`), or undefined for Node's own modules. */
function packageOf(path: string): string | undefined {
  if (path.startsWith('node:') || path.startsWith('.') || path.startsWith('/')) return undefined;
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The sources of the students' commands, with `reference` as the copy's grader/reference.ts. */
export async function releaseSources(reference: string): Promise<ReleaseSources> {
  const swap: Plugin = {
    name: 'student-copy',
    setup(builder) {
      builder.onLoad({ filter: /\.[cm]?[jt]s$/ }, ({ path }) => {
        const file = relative(ROOT, path).split('\\').join('/');
        if (file === REFERENCE_FILE) return { contents: reference, loader: 'ts' };
        if (OFF_LIMITS.test(file)) return { errors: [{ text: `${file} is reached from the students' commands, but a student copy cannot hold it` }] };
        return undefined;
      });
    },
  };
  const result = await build({
    entryPoints: ENTRIES,
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    outdir: 'unused',
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [swap],
  });
  const inputs = result.metafile.inputs;
  const files = withTypeSources(Object.keys(inputs).filter((file) => file !== REFERENCE_FILE));
  const imported = Object.values(inputs).flatMap((input) => input.imports.filter((item) => item.external).map((item) => packageOf(item.path)));
  const packages = new Set([...imported.filter((name): name is string => name !== undefined), 'esbuild']);
  return { files, packages: [...packages].sort() };
}

/**
 * The files with the project files they import for types only, which bundling drops: without them the copy's
 * sources would not type-check in a student's editor.
 */
function withTypeSources(bundled: readonly string[]): string[] {
  const files = new Set(bundled);
  for (const file of files) {
    if (!file.endsWith('.ts')) continue;
    // The project's own sources, all formatted alike: a statement's `from '…'` names what it imports.
    for (const [, fileName] of readFileSync(join(ROOT, file), 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom '(\.[^']+)'/gm)) {
      const imported = join(dirname(file), fileName).split('\\').join('/');
      if (!OFF_LIMITS.test(imported) && existsSync(join(ROOT, imported))) files.add(imported);
    }
  }
  return [...files].sort();
}
