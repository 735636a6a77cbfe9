import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as mathjs from 'mathjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS, lessonFolder } from '../curriculum/index.ts';
import { codeFrame, loadLessonFile, type LessonBundle, type Loaded } from './load.ts';
import { MATHJS_GLOBAL } from './sandbox/protocol.ts';

// Folder names come from the registry; the tests only need two distinct lesson folders.
const FIRST = lessonFolder(LESSONS[0]);
const SECOND = lessonFolder(LESSONS[1]);

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'load-test-'));
  root = join(base, 'submission');
  mkdirSync(root);
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** Writes `text` at `rel` inside a fresh copy of the submission tree named `tree`; returns the absolute path. */
function write(tree: string, rel: string, text: string): string {
  const file = join(root, tree, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Each test gets its own submission root, so trees never collide. */
function load(tree: string, rel: string): Promise<Loaded> {
  const outDir = join(base, 'out', tree);
  mkdirSync(outDir, { recursive: true });
  return loadLessonFile(join(root, tree, rel), join(root, tree), outDir);
}

function failure(result: Loaded) {
  if (result.ok) throw new Error('expected the load to fail');
  return result;
}

function bundled(result: Loaded): LessonBundle {
  if (!result.ok) throw new Error(result.message);
  return result.bundle;
}

/** Evaluates a bundle here, as the sandbox would (these tests trust their own sources). */
const evaluate = <T>(bundle: LessonBundle) => import(`data:text/javascript;base64,${Buffer.from(bundle.code).toString('base64')}`) as Promise<T>;

describe('loadLessonFile', () => {
  it('bundles a sibling lesson imported by relative path without extension', async () => {
    write('sibling', `${SECOND}/exercise.ts`, 'export function dot(a: number[], b: number[]): number {\n  return a[0] * b[0] + a[1] * b[1];\n}\n');
    write('sibling', `${FIRST}/exercise.ts`, `import { dot } from '../${SECOND}/exercise';\nexport function viaDot(): number {\n  return dot([1, 2], [3, 4]);\n}\n`);
    const bundle = bundled(await load('sibling', `${FIRST}/exercise.ts`));
    expect([...bundle.files].sort()).toEqual([`${FIRST}/exercise.ts`, `${SECOND}/exercise.ts`]);
    expect(bundle.usesMathjs).toBe(false);
    const module = await evaluate<{ viaDot: () => number }>(bundle);
    expect(module.viaDot()).toBe(11);
  });

  it('gives the hash of each file as it read it, whatever the file holds once the bundle is made', async () => {
    const text = 'export const one = 1;\n';
    const file = write('hashed', `${FIRST}/exercise.ts`, text);
    const bundle = bundled(await load('hashed', `${FIRST}/exercise.ts`));
    writeFileSync(file, 'export const one = 2;\n');
    expect(bundle.hashes).toEqual({ [`${FIRST}/exercise.ts`]: createHash('sha256').update(text).digest('hex') });
  });

  it('lets the submission import mathjs, through a shim over the copy the sandbox provides', async () => {
    write('mathjs', `${FIRST}/exercise.ts`, "import * as math from 'mathjs';\nexport function root16(): number {\n  return math.sqrt(16) as number;\n}\n");
    const bundle = bundled(await load('mathjs', `${FIRST}/exercise.ts`));
    expect(bundle.usesMathjs).toBe(true);
    expect(bundle.code).not.toMatch(/\bimport\b.*mathjs/);
    Object.defineProperty(globalThis, Symbol.for(MATHJS_GLOBAL), { value: { take: (name: string) => (mathjs as Record<string, unknown>)[name] }, configurable: true });
    const module = await evaluate<{ root16: () => number }>(bundle);
    expect(module.root16()).toBe(4);
  });

  it('turns Node built-ins into stubs: the import works, using it says why it is not available', async () => {
    write('builtin', `${FIRST}/exercise.ts`, "import { readFileSync } from 'node:fs';\nimport * as net from 'net';\nexport const read = () => readFileSync('x');\nexport const connect = () => net.connect(80);\n");
    const bundle = bundled(await load('builtin', `${FIRST}/exercise.ts`));
    expect(bundle.code).not.toMatch(/from ["']node:fs["']|from ["']net["']/);
    expect(bundle.code).toContain('process.getBuiltinModule("node:fs")');
    expect(bundle.code).toContain('process.getBuiltinModule("node:net")');
  });

  it('keeps the safe built-ins (util, assert) as real imports', async () => {
    write('safe', `${FIRST}/exercise.ts`, "import { format } from 'node:util';\nimport assert from 'assert';\nexport const f = () => { assert.ok(true); return format('%d', 1); };\n");
    const module = await evaluate<{ f: () => string }>(bundled(await load('safe', `${FIRST}/exercise.ts`)));
    expect(module.f()).toBe('1');
  });

  it('leaves no way to import at run time or to probe the disk through import.meta', async () => {
    write('dynamic', `${FIRST}/exercise.ts`, "export const dyn = (name: string) => import(name);\nexport const meta = () => [typeof import.meta.url, typeof (import.meta as { resolve?: unknown }).resolve];\n");
    const module = await evaluate<{ dyn: (name: string) => Promise<unknown>; meta: () => string[] }>(bundled(await load('dynamic', `${FIRST}/exercise.ts`)));
    await expect(module.dyn('node:fs')).rejects.toThrow(/not supported/);
    expect(module.meta()).toEqual(['undefined', 'undefined']);
  });

  it('never follows a sourceMappingURL comment, inside or outside the folder', async () => {
    const map = join(base, 'secret.map');
    writeFileSync(map, JSON.stringify({ version: 3, sources: ['secret.ts'], sourcesContent: ['TOP-SECRET-SOURCE'], mappings: 'AAAA' }));
    write('sourcemap', `${FIRST}/exercise.ts`, `export const f = () => 1;\n//# sourceMappingURL=${map}\n`);
    const bundle = bundled(await load('sourcemap', `${FIRST}/exercise.ts`));
    expect(bundle.code).not.toContain('TOP-SECRET-SOURCE');
    expect(bundle.where({ line: 1, column: 0 }) ?? '').not.toContain('secret');
  });

  it('ignores the tsconfig.json files around the submission, and their "extends"', async () => {
    write('tsconfig', 'tsconfig.json', JSON.stringify({ extends: join(base, 'missing-base.json'), compilerOptions: { jsx: 'preserve' } }));
    write('tsconfig', `${FIRST}/exercise.ts`, 'export const f = (): number => 1;\n');
    expect((await load('tsconfig', `${FIRST}/exercise.ts`)).ok).toBe(true);
  });

  it('refuses a link inside the folder that points outside it, in the words it uses for a missing file', async () => {
    writeFileSync(join(base, 'elsewhere.ts'), 'export const secret = 42;\n');
    write('link', `${FIRST}/exercise.ts`, "import { secret } from './helper';\nexport const f = () => secret;\n");
    symlinkSync(join(base, 'elsewhere.ts'), join(root, 'link', FIRST, 'helper.ts'));
    expect(failure(await load('link', `${FIRST}/exercise.ts`)).message).toMatch(/no such file in the submission/);
  });

  it('cannot be used to tell whether a file exists outside: a link to / finds nothing either way', async () => {
    const probe = async (target: string) => {
      write(`oracle-${target.length}`, `${FIRST}/exercise.ts`, `import './root${target}';\nexport const f = 1;\n`);
      const link = join(root, `oracle-${target.length}`, FIRST, 'root');
      symlinkSync('/', link);
      return failure(await load(`oracle-${target.length}`, `${FIRST}/exercise.ts`)).message.replace(target, 'TARGET');
    };
    expect(await probe('/etc/hostname')).toBe(await probe('/etc/no-such-file-here'));
  });

  it('maps a position in the bundle back to the learner’s file, line and column', async () => {
    write('where', `${FIRST}/exercise.ts`, '// a comment\nexport function f(): number {\n  throw new Error("here");\n}\n');
    const bundle = bundled(await load('where', `${FIRST}/exercise.ts`));
    const module = await evaluate<{ f: () => number }>(bundle);
    const line = bundle.code.split('\n').findIndex((text) => text.includes('throw new Error')) + 1;
    const column = bundle.code.split('\n')[line - 1].indexOf('throw');
    expect(bundle.where({ line, column })).toBe(`${FIRST}/exercise.ts:3:3`);
    expect(() => module.f()).toThrow('here');
  });

  it('refuses an unknown package, naming it and what is allowed', async () => {
    write('lodash', `${FIRST}/exercise.ts`, "import _ from 'lodash';\nexport const f = () => _;\n");
    const result = failure(await load('lodash', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('import');
    expect(result.message).toContain('"lodash"');
    expect(result.message).toContain('mathjs');
    expect(result.message).toMatch(/relative path/);
    // The location points at the learner's line.
    expect(result.message.startsWith(`${FIRST}/exercise.ts:1:`)).toBe(true);
  });

  it('refuses a file outside the submission folder', async () => {
    // `../../outside` from <tree>/<lesson>/ lands next to the tree, i.e. outside its root.
    writeFileSync(join(root, 'outside.ts'), 'export const secret = 42;\n');
    write('escape', `${FIRST}/exercise.ts`, "import { secret } from '../../outside';\nexport const f = () => secret;\n");
    const result = failure(await load('escape', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('import');
    expect(result.message).toContain('outside the submission');
  });

  it('reports a syntax error with a root-relative, 1-based location and a frame pointing at it', async () => {
    write('syntax', `${FIRST}/exercise.ts`, 'export function f(): number {\n  const x = ;\n  return x;\n}\n');
    const result = failure(await load('syntax', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('syntax');
    // `;` is the 13th character of `  const x = ;`.
    expect(result.message.startsWith(`${FIRST}/exercise.ts:2:13:`)).toBe(true);
    const [code, caret] = (result.frame ?? '').split('\n');
    expect(code).toBe('2 |   const x = ;');
    expect(caret.trimEnd()).toMatch(/^ *\^$/);
    expect(code[caret.indexOf('^')]).toBe(';');
  });

  it('reports a syntax error in an imported lesson file under that file’s name', async () => {
    write('deep', `${SECOND}/exercise.ts`, 'export const broken = (;\n');
    write('deep', `${FIRST}/exercise.ts`, `import { broken } from '../${SECOND}/exercise';\nexport const f = () => broken;\n`);
    const result = failure(await load('deep', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('syntax');
    expect(result.message.startsWith(`${SECOND}/exercise.ts:1:`)).toBe(true);
  });

  // esbuild counts columns in UTF-8 bytes: every non-ASCII character earlier on the line would move the caret.
  it('places the column and caret by characters when the line has non-ASCII text', async () => {
    write('unicode', `${FIRST}/exercise.ts`, "const s = '××××'; const x = ;\n");
    const result = failure(await load('unicode', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('syntax');
    const [code, caret] = (result.frame ?? '').split('\n');
    expect(code[caret.indexOf('^')]).toBe(';');
    expect(result.message.startsWith(`${FIRST}/exercise.ts:1:29:`)).toBe(true);
  });

  it('refuses, as the file’s own error, sources that would bring the bundler down or keep it busy for minutes', async () => {
    write('deep', `${FIRST}/exercise.ts`, `export const deep = ${'['.repeat(5000)}${']'.repeat(5000)};\n`);
    expect(failure(await load('deep', `${FIRST}/exercise.ts`)).message).toMatch(/nests brackets more than 1000 levels deep/);
    write('large', `${FIRST}/exercise.ts`, `export const big = '${'x'.repeat(70 * 1024)}';\n`);
    expect(failure(await load('large', `${FIRST}/exercise.ts`)).message).toMatch(/larger than 64 KB/);
    // A small file whose const enum is inlined at every use: the bundle would be huge, and is refused unread.
    write('inlined', `${FIRST}/exercise.ts`, `const enum E { A = '${'y'.repeat(30_000)}' }\nexport const uses = [${'E.A, '.repeat(100)}];\n`);
    expect(failure(await load('inlined', `${FIRST}/exercise.ts`)).message).toMatch(/bundles to more than 2 MB/);
    for (let i = 0; i < 70; i++) write('many', `${FIRST}/m${i}.ts`, i < 69 ? `import './m${i + 1}';\n` : 'export {};\n');
    write('many', `${FIRST}/exercise.ts`, "import './m0';\nexport const f = 1;\n");
    expect(failure(await load('many', `${FIRST}/exercise.ts`)).message).toMatch(/more than 64 files/);
    write('slow', `${FIRST}/exercise.ts`, `export const slow = ${'a=>'.repeat(7000)}1;\n`);
    expect(failure(await load('slow', `${FIRST}/exercise.ts`)).message).toMatch(/did not finish bundling within 10 s/);
    // The bundler was restarted: the next file bundles as ever.
    write('after', `${FIRST}/exercise.ts`, 'export const fine = (): number => 1;\n');
    expect((await load('after', `${FIRST}/exercise.ts`)).ok).toBe(true);
  });

  it('reports a lesson folder that is a link out of the submission as missing, whatever it points at', async () => {
    write('linked', 'placeholder.txt', '');
    symlinkSync(join(base, 'no-such-folder'), join(root, 'linked', FIRST));
    const missing = failure(await load('linked', `${FIRST}/exercise.ts`));
    mkdirSync(join(base, 'elsewhere-lesson'), { recursive: true });
    writeFileSync(join(base, 'elsewhere-lesson', 'exercise.ts'), 'export const f = 1;\n');
    write('linked2', 'placeholder.txt', '');
    symlinkSync(join(base, 'elsewhere-lesson'), join(root, 'linked2', FIRST));
    const existing = failure(await load('linked2', `${FIRST}/exercise.ts`));
    expect(existing).toEqual(missing);
    expect(existing.kind).toBe('missing');
  });

  it('reports a missing file as missing, relative to the root', async () => {
    mkdirSync(join(root, 'empty'), { recursive: true });
    const result = failure(await load('empty', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('missing');
    expect(result.message).toContain(`${FIRST}/exercise.ts`);
    expect(result.message).not.toContain(root);
  });
});

describe('codeFrame', () => {
  it('puts the caret under the 0-based column, past the line-number gutter', () => {
    expect(codeFrame('const x = ;', 12, 10)).toBe('12 | const x = ;\n' + ' '.repeat('12 | '.length + 10) + '^');
  });

  it('points at the first character for column 0', () => {
    const [code, caret] = codeFrame('oops', 1, 0).split('\n');
    expect(code).toBe('1 | oops');
    expect(code[caret.indexOf('^')]).toBe('o');
  });
});
