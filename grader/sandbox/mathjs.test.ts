import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../curriculum/index.ts';
import { mathjsBundle } from './mathjs.ts';

describe('mathjsBundle', () => {
  it('is one ES module with every name mathjs exports, imported by nothing else', async () => {
    const bundle = await mathjsBundle();
    expect(bundle.exports).toEqual(expect.arrayContaining(['add', 'dot', 'norm', 'subtract', 'multiply', 'transpose', 'evaluate']));
    expect(bundle.source).not.toMatch(/^import .* from ["'](?!data:)/m);
    const module = (await import(`data:text/javascript;base64,${Buffer.from(bundle.source).toString('base64')}`)) as { dot(a: number[], b: number[]): number };
    expect(module.dot([1, 2], [3, 4])).toBe(11);
  });

  it('is built once and cached by version, so later graders only read it', async () => {
    expect(await mathjsBundle()).toBe(await mathjsBundle());
    const cache = join(ROOT, '.cache', 'grader');
    expect(existsSync(cache) && readdirSync(cache).some((name) => /^mathjs-[\d.]+-esbuild-[\d.]+\.json$/.test(name))).toBe(true);
  });
});
