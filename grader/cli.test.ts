import { describe, expect, it } from 'vitest';
import { LESSONS_DIR, SOLUTIONS_DIR } from '../curriculum/index.ts';
import { UsageError } from '../lib/cli.ts';
import { parseCli } from './cli.ts';
import { DEFAULT_SEED } from './grade.ts';

describe('parseCli', () => {
  it('grades everything in lessons/ by default', () => {
    const options = parseCli([]);
    expect(options).toMatchObject({ submission: LESSONS_DIR, format: 'terminal', seed: DEFAULT_SEED, typecheck: true, cache: true, allHints: false, help: false });
    expect(options.functions).toHaveLength(14);
  });

  it('takes lessons by number, folder or slug, and functions by name; a shared name means the function', () => {
    expect(parseCli(['3']).functions).toEqual(['norm', 'norms', 'normalize']);
    expect(parseCli(['04-cosine']).functions).toEqual(['cosine', 'cosineMatrix', 'cosineDistanceMatrix']);
    expect(parseCli(['query-search']).functions).toEqual(['querySearch', 'topK']);
    expect(parseCli(['normalize']).functions).toEqual(['normalize']);
    expect(parseCli(['topK', '01']).functions).toEqual(['topK', 'euclidean', 'euclideanMatrix', 'euclideanMatrixSymmetric']);
    // As a learner may type them: a folder, a file, the start of a name.
    for (const target of ['lessons/01-euclidean', '01-euclidean/exercise.ts', 'eucl']) expect(parseCli([target]).functions).toEqual(['euclidean', 'euclideanMatrix', 'euclideanMatrixSymmetric']);
  });

  it('reads the options', () => {
    expect(parseCli(['--submission', 'solutions', '--json', '--seed', '7', '--hints', '--no-typecheck', '--no-cache'])).toMatchObject({
      submission: SOLUTIONS_DIR,
      format: 'json',
      seed: 7,
      allHints: true,
      typecheck: false,
      cache: false,
    });
  });

  it('reads --format, --json being --format json, and refuses an unknown format or two at once', () => {
    expect(parseCli([]).format).toBe('terminal');
    expect(parseCli(['--json']).format).toBe('json');
    expect(parseCli(['--format', 'gradescope']).format).toBe('gradescope');
    expect(parseCli(['--format', 'junit']).format).toBe('junit');
    expect(() => parseCli(['--format', 'html'])).toThrow('--format takes terminal, json, gradescope, junit; got "html"');
    expect(() => parseCli(['--json', '--format', 'junit'])).toThrow('--json and --format junit ask for two formats: give one');
  });

  it('draws a fresh seed for --seed random, a different one each time', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => parseCli(['--seed', 'random']).seed));
    expect(seeds.size).toBeGreaterThan(1);
    for (const seed of seeds) expect(Number.isSafeInteger(seed)).toBe(true);
    // Nothing kept could ever be given back for a seed nobody will use again.
    expect(parseCli(['--seed', 'random']).cache).toBe(false);
  });

  it('reads --doctor', () => {
    expect(parseCli(['--doctor']).doctor).toBe(true);
  });

  it.each([[['--bogus']], [['nine']], [['--seed', '1.5']], [['--seed', 'randomly']], [['--submission', 'no/such/dir']], [['--json=maybe']]])('rejects %j as a usage error', (args) => {
    expect(() => parseCli(args)).toThrow(UsageError);
  });
});
