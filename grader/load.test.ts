import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS, lessonFolder } from '../curriculum/index.ts';
import { codeFrame, loadLessonFile, type Loaded } from './load.ts';

// Folder names come from the registry; the tests only need two distinct lesson folders.
const FIRST = lessonFolder(LESSONS[0]);
const SECOND = lessonFolder(LESSONS[1]);

let base: string;
let root: string;
let outDir: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'load-test-'));
  root = join(base, 'submission');
  outDir = join(base, 'out');
  mkdirSync(root);
  mkdirSync(outDir);
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

/** Each test gets its own submission root, so bundles and trees never collide. */
function load(tree: string, rel: string): Promise<Loaded> {
  const treeOut = join(outDir, tree);
  mkdirSync(treeOut, { recursive: true });
  return loadLessonFile(join(root, tree, rel), { root: join(root, tree), outDir: treeOut });
}

function failure(result: Loaded) {
  if (result.ok) throw new Error('expected the load to fail');
  return result;
}

describe('loadLessonFile', () => {
  it('bundles a sibling lesson imported by relative path without extension', async () => {
    write('sibling', `${SECOND}/exercise.ts`, 'export function dot(a: number[], b: number[]): number {\n  return a[0] * b[0] + a[1] * b[1];\n}\n');
    write('sibling', `${FIRST}/exercise.ts`, `import { dot } from '../${SECOND}/exercise';\nexport function viaDot(): number {\n  return dot([1, 2], [3, 4]);\n}\n`);
    const result = await load('sibling', `${FIRST}/exercise.ts`);
    if (!result.ok) throw new Error(result.message);
    expect(result.url.startsWith('file://')).toBe(true);
    const module = (await import(result.url)) as { viaDot: () => number };
    expect(module.viaDot()).toBe(11);
  });

  it('lets the submission import mathjs, resolved to the grader’s copy', async () => {
    write('mathjs', `${FIRST}/exercise.ts`, "import * as math from 'mathjs';\nexport function root16(): number {\n  return math.sqrt(16) as number;\n}\n");
    const result = await load('mathjs', `${FIRST}/exercise.ts`);
    if (!result.ok) throw new Error(result.message);
    const module = (await import(result.url)) as { root16: () => number };
    expect(module.root16()).toBe(4);
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

  // Fails today: esbuild's column counts UTF-8 bytes, so every non-ASCII character earlier on the line (a `×`
  // in a comment or string, an accented name) moves the reported column and the caret right by one per extra byte.
  it('places the column and caret by characters when the line has non-ASCII text', async () => {
    write('unicode', `${FIRST}/exercise.ts`, "const s = '××××'; const x = ;\n");
    const result = failure(await load('unicode', `${FIRST}/exercise.ts`));
    expect(result.kind).toBe('syntax');
    const [code, caret] = (result.frame ?? '').split('\n');
    expect(code[caret.indexOf('^')]).toBe(';');
    expect(result.message.startsWith(`${FIRST}/exercise.ts:1:29:`)).toBe(true);
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
