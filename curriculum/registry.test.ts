// Curriculum integrity: every lesson the registry names exists, every stub (in stubs/, as handed out: the
// learner's lessons/ may hold anything) throws its TODO, and the solutions export exactly the same functions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionText } from '../learner/source.ts';
import { describe, expect, it } from 'vitest';
import { LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, allFunctions, exerciseFile, findFunction, findLesson, lessonReadme } from './index.ts';

const loadModule = (file: string) => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
const SAMPLE_ARGUMENTS = [[1, 2], [[1, 2], [3, 4]], 1];

describe.each(LESSONS.map((lesson) => [lesson.number, lesson] as const))('lesson %s', (_, lesson) => {
  it('has its lesson text, stub and solution files', () => {
    expect(existsSync(lessonReadme(lesson))).toBe(true);
    expect(existsSync(exerciseFile(lesson, STUBS_DIR))).toBe(true);
    expect(existsSync(exerciseFile(lesson, SOLUTIONS_DIR))).toBe(true);
  });

  it('stub and solution export exactly the registry functions', async () => {
    const names = lesson.functions.map((spec) => spec.name).sort();
    const stub = await loadModule(exerciseFile(lesson, STUBS_DIR));
    const solution = await loadModule(exerciseFile(lesson, SOLUTIONS_DIR));
    expect(Object.keys(stub).sort()).toEqual(names);
    expect(Object.keys(solution).sort()).toEqual(names);
  });

  it('every stub function carries a TODO marker and throws its TODO error', async () => {
    const source = readFileSync(exerciseFile(lesson, STUBS_DIR), 'utf8');
    const stub = await loadModule(exerciseFile(lesson, STUBS_DIR));
    for (const { name } of lesson.functions) {
      expect(source).toMatch(new RegExp(`export function ${name}\\([\\s\\S]*?// TODO`));
      expect(() => (stub[name] as (...args: unknown[]) => unknown)(...SAMPLE_ARGUMENTS)).toThrow(
        new RegExp(`^TODO: implement ${name} in lessons/${lesson.number}-${lesson.slug}/exercise.ts$`),
      );
    }
  });

  it('every function has a signature, a summary, 2 or 3 hints and a sane tolerance', () => {
    for (const spec of lesson.functions) {
      expect(spec.signature.startsWith(`${spec.name}(`)).toBe(true);
      expect(spec.summary.trim()).not.toBe('');
      expect(spec.hints.length).toBeGreaterThanOrEqual(2);
      expect(spec.hints.length).toBeLessThanOrEqual(3);
      for (const hint of spec.hints) expect(hint.trim()).not.toBe('');
      // Values are compared within a tolerance; indices (whole numbers) exactly.
      if (['querySearch', 'topK'].includes(spec.name)) expect(spec.tolerance).toEqual({ rtol: 0, atol: 0 });
      else {
        expect(spec.tolerance.rtol).toBeGreaterThan(0);
        expect(spec.tolerance.atol).toBeGreaterThan(0);
        expect(spec.tolerance.rtol).toBeLessThanOrEqual(1e-4);
      }
      expect(spec.callTimeoutMs).toBeGreaterThan(0);
    }
  });
});

describe('lookup', () => {
  it('has 14 uniquely named functions', () => {
    const names = allFunctions().map(({ spec }) => spec.name);
    expect(names).toHaveLength(14);
    expect(new Set(names).size).toBe(14);
  });

  it('finds lessons by number, slug or folder and functions by name', () => {
    expect(findLesson('3')?.slug).toBe('normalize');
    expect(findLesson('03')?.slug).toBe('normalize');
    expect(findLesson('04-cosine')?.number).toBe('04');
    expect(findLesson('query-search')?.number).toBe('05');
    expect(findLesson('99')).toBeUndefined();
    expect(findFunction('topK')?.lesson.number).toBe('05');
    expect(findFunction('nope')).toBeUndefined();
  });
});

describe('what each function is built on', () => {
  it.each(allFunctions().filter(({ spec }) => spec.builtOn).map(({ lesson, spec }) => [spec.name, lesson, spec] as const))('%s is built on functions of its lesson or earlier ones, which its solution calls', (_, lesson, spec) => {
    const solution = functionText(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'), spec.name);
    for (const used of spec.builtOn!) {
      expect(findFunction(used)!.lesson.number <= lesson.number, used).toBe(true);
      expect(solution, used).toMatch(new RegExp(`\\b${used}\\b`));
    }
  });
});

describe('the project check (npm test)', () => {
  it('reads the stubs, never the learner’s lesson files, so it passes whatever state those are in', () => {
    const listed = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT, '--listFilesOnly'], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    const files = listed.stdout.split('\n').map((line) => line.trim());
    for (const lesson of LESSONS) {
      expect(files).toContain(exerciseFile(lesson, STUBS_DIR));
      expect(files).not.toContain(exerciseFile(lesson));
    }
  });
});
