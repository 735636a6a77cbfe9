import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../curriculum/index.ts';
import { compiled } from './compile.mjs';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project of two TypeScript files, the entry importing the other and saying where it thinks it is. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'compile-'));
  made.push(root);
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'entry.ts'), "import { word } from './word.ts';\nexport const said: string = word;\nexport const here = import.meta.url;\n");
  writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'first';\n");
  return root;
}

describe('compiled', () => {
  it('bundles an entry with the files it imports, keeping its own URL as import.meta.url', async () => {
    const root = project();
    const bundle = await compiled('src/entry.ts', { root });
    expect(fileURLToPath(bundle)).toMatch(new RegExp(`^${join(root, '.cache', 'compiled', 'src__entry')}/[0-9a-f]{16}/main\\.mjs$`));
    const module = await import(bundle);
    expect(module.said).toBe('first');
    expect(fileURLToPath(module.here)).toBe(join(root, 'src', 'entry.ts'));
  });

  it('builds again only when a file it was built from changes, into a folder of its own', async () => {
    const root = project();
    const bundle = fileURLToPath(await compiled('src/entry.ts', { root }));
    const built = statSync(bundle).mtimeMs;
    expect(fileURLToPath(await compiled('src/entry.ts', { root }))).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBe(built);
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'second';\n");
    const again = fileURLToPath(await compiled('src/entry.ts', { root }));
    expect(again).not.toBe(bundle);
    expect(readFileSync(again, 'utf8')).toContain('"second"');
    // The older build stays: a command started from it may still load its chunks.
    expect(readFileSync(bundle, 'utf8')).toContain('"first"');
  });

  it('puts a module imported dynamically in a chunk of its own, loaded when it is', async () => {
    const root = project();
    writeFileSync(join(root, 'src', 'lazy.ts'), "export const later = async (): Promise<string> => (await import('./word.ts')).word;\n");
    const bundle = fileURLToPath(await compiled('src/lazy.ts', { root }));
    expect(readFileSync(bundle, 'utf8')).not.toContain('"first"');
    expect(await (await import(pathToFileURL(bundle).href)).later()).toBe('first');
  });
  it('hands an embedded entry, bundled whole, to the code as a string, and builds again when its files change', async () => {
    const root = project();
    writeFileSync(join(root, 'src', 'shown.ts'), "declare const EMBEDDED: string;\nexport const text = EMBEDDED;\n");
    writeFileSync(join(root, 'src', 'run-elsewhere.ts'), "import { word } from './word.ts';\nconsole.log(word);\n");
    const embed = { EMBEDDED: 'src/run-elsewhere.ts' };
    const first = await import(await compiled('src/shown.ts', { root, embed }));
    expect(first.text).toMatch(/var word = "first";[\s\S]*console\.log\(word\)/);
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'second';\n");
    // A query makes it a module of its own: the first import is cached under the plain URL.
    const again = await import(`${await compiled('src/shown.ts', { root, embed })}?again`);
    expect(again.text).toMatch(/var word = "second";/);
  });
});

describe('bin/grade.mjs', () => {
  it('starts the grader without a TypeScript loader', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'grade.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run grade -- \[TARGET …\] \[options\]/);
    expect(run.stderr).toBe('');
  });
});
