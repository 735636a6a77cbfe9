import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../curriculum/index.ts';
import { mathjsBundle } from './mathjs.ts';

describe('mathjsBundle', () => {
  it('is one ES module, imported by nothing else, that gives what mathjs exports by name', async () => {
    const bundle = await mathjsBundle();
    expect(bundle.exports).toEqual(expect.arrayContaining(['add', 'dot', 'norm', 'subtract', 'multiply', 'transpose', 'evaluate', 'create', 'dotDependencies']));
    expect(bundle.source).not.toMatch(/^import .* from ["'](?!data:)/m);
    const module = (await import(`data:text/javascript;base64,${Buffer.from(bundle.source).toString('base64')}`)) as { take(name: string): unknown };
    const take = <T>(name: string) => module.take(name) as T;
    expect(take<(a: number[], b: number[]) => number>('dot')([1, 2], [3, 4])).toBe(11);
    expect(take<(m: number[][]) => number[][]>('transpose')([[1, 2]])).toEqual([[1], [2]]);
    expect(take<number>('pi')).toBe(Math.PI);
    // Not on an instance, but exported: factories and dependency lists, as mathjs exports them (a copy of its own).
    expect(Object.keys(take<object>('dotDependencies')).sort()).toEqual(Object.keys(mathjs.dotDependencies).sort());
    expect(typeof take('create')).toBe('function');
    for (const name of bundle.exports.filter((name) => name !== 'docs')) expect(take(name), name).toBeDefined();
  });

  it('is built once and cached by version, so later graders only read it', async () => {
    expect(await mathjsBundle()).toBe(await mathjsBundle());
    const cache = join(ROOT, '.cache', 'grader');
    expect(existsSync(cache) && readdirSync(cache).some((name) => /^mathjs-lazy-[\d.]+-esbuild-[\d.]+\.json$/.test(name))).toBe(true);
  });
});
