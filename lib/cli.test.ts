import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError, isInside, parseCommandLine, runCommand, runNamedCommand } from './cli.ts';

const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
afterEach(() => stderr.mockClear());
const written = () => stderr.mock.calls.map(([chunk]) => String(chunk)).join('');

class ExpectedNo extends Error {}
const spec = (main: () => Promise<number>) => ({
  name: 'demo',
  usage: 'Usage: demo',
  main,
  isExpected: (error: unknown): error is Error => error instanceof ExpectedNo,
});

describe('runCommand', () => {
  it('passes the command’s own exit code through', async () => {
    expect(await runCommand(spec(async () => 0), [])).toBe(0);
    expect(await runCommand(spec(async () => 1), [])).toBe(1);
    expect(written()).toBe('');
  });

  it('a usage error exits 2 with the message, and where the usage is, not the whole of it', async () => {
    expect(await runCommand(spec(async () => Promise.reject(new UsageError('no such option'))), [])).toBe(2);
    expect(written()).toBe('demo: no such option\nUsage and options: npm run demo -- --help\n');
    stderr.mockClear();
    expect(await runCommand({ ...spec(async () => Promise.reject(new UsageError('x'))), usage: 'Usage: npm run model:download [-- options]' }, [])).toBe(2);
    expect(written()).toBe('demo: x\nUsage and options: npm run model:download -- --help\n');
  });

  it('an expected failure exits 1 with its message and no stack trace', async () => {
    expect(await runCommand(spec(async () => Promise.reject(new ExpectedNo('the model is not cached'))), [])).toBe(1);
    expect(written()).toBe('demo: the model is not cached\n');
  });

  it('anything else is a bug: exit 3, with the stack to report', async () => {
    expect(await runCommand(spec(async () => Promise.reject(new TypeError('x is undefined'))), [])).toBe(3);
    expect(written()).toMatch(/demo: the workbook itself failed, which is a bug[\s\S]*TypeError: x is undefined\n\s+at /);
  });
});

describe('parseCommandLine', () => {
  it('parses options and positionals, and --no-X negations', () => {
    const { values, positionals } = parseCommandLine(['a', '--k', '3', '--no-typecheck'], { k: { type: 'string' }, typecheck: { type: 'boolean' } });
    expect(values).toEqual({ k: '3', typecheck: false });
    expect(positionals).toEqual(['a']);
  });

  it('turns unknown options, missing values and values given to flags into one-line usage errors naming the option', () => {
    expect(() => parseCommandLine(['--nope'], {})).toThrow(new UsageError('unknown option --nope'));
    expect(() => parseCommandLine(['-x'], {})).toThrow(new UsageError('unknown option -x'));
    expect(() => parseCommandLine(['--k'], { k: { type: 'string' } })).toThrow(new UsageError('option --k needs a value'));
    expect(() => parseCommandLine(['--json=maybe'], { json: { type: 'boolean' } })).toThrow(new UsageError('option --json takes no value'));
  });
});

describe('isInside', () => {
  it('sees through links, to folders that exist and to those about to be made', async () => {
    const { mkdtempSync, mkdirSync, rmSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'inside-'));
    try {
      mkdirSync(join(root, 'class', 'ada'), { recursive: true });
      mkdirSync(join(root, 'elsewhere'));
      symlinkSync(join(root, 'class'), join(root, 'link-to-class'));
      expect(isInside(join(root, 'class'), join(root, 'class', 'ada'))).toBe(true);
      expect(isInside(join(root, 'class'), join(root, 'class', 'results', 'new'))).toBe(true);
      expect(isInside(join(root, 'class'), join(root, 'link-to-class', 'results'))).toBe(true);
      expect(isInside(join(root, 'link-to-class'), join(root, 'class'))).toBe(true);
      expect(isInside(join(root, 'class'), join(root, 'elsewhere', 'results'))).toBe(false);
      expect(isInside(join(root, 'class'), join(root, 'class-results'))).toBe(false);
      // A name that only starts with two dots is a name like any other, inside.
      expect(isInside(join(root, 'class'), join(root, 'class', '..results'))).toBe(true);
      expect(isInside(join(root, 'class'), join(root, 'class', '..'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('runNamedCommand', () => {
  it('runs the command named first, a loaded one too, with the rest of the arguments', async () => {
    const seen: string[][] = [];
    const main = async (argv: readonly string[]) => (seen.push([...argv]), 0);
    let loaded = 0;
    const commands = { now: { ...spec(async () => 0), main }, later: async () => (loaded++, { ...spec(async () => 0), main }) };
    expect(await runNamedCommand('family', commands, 'now and later', ['now', 'a'])).toBe(0);
    expect(loaded).toBe(0);
    expect(await runNamedCommand('family', commands, 'now and later', ['later', 'b', 'c'])).toBe(0);
    expect(loaded).toBe(1);
    expect(seen).toEqual([['a'], ['b', 'c']]);
  });

  it('exits 2 naming the commands for none, an unknown one, or a name every object has', async () => {
    for (const argv of [[], ['nope'], ['constructor'], ['toString']]) {
      stderr.mockClear();
      expect(await runNamedCommand('family', { now: spec(async () => 0) }, 'now and later', argv)).toBe(2);
      expect(written()).toBe(`family: no command "${argv[0] ?? ''}"; the commands are now and later\n`);
    }
  });
});
