// However the grader ends, nothing of it stays behind: not its temporary folders (which hold a copy of the
// learner's files for the type checker), not its sandbox processes. Tested on real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../curriculum/index.ts';
import { sandboxLauncher } from './sandbox/launch.ts';
import { removeStaleFolders } from './workspace.ts';

const launcher = await sandboxLauncher();

/** A grader-like process: opens a temp folder (and, asked to, a sandbox that hangs), says what it made, waits. */
function graderLike(extra = ''): { child: ChildProcess; ready: Promise<{ dir: string; sandbox?: number }> } {
  const script = `
    import { withTempFolder } from './grader/workspace.ts';
    import { runFile, SANDBOX_DEFAULTS } from './grader/isolate.ts';
    import { serializedCalls } from './grader/sandbox/protocol.ts';
    setInterval(() => {}, 1000);
    await withTempFolder('cleanup-test', async (dir) => {
      ${extra}
      process.stdout.write(JSON.stringify({ dir }) + '\\n');
      await new Promise(() => {});
    });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<{ dir: string }>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as { dir: string });
    });
  });
  return { child, ready };
}

const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of parents) if (of === parent) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((resolve) => setTimeout(resolve, 50))) if (check()) return true;
  return check();
}

describe('temporary folders', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('are removed on %s, and the grader exits as the signal would have it (%i)', async (signal, code) => {
    const { child, ready } = graderLike();
    const { dir } = await ready;
    expect(existsSync(dir)).toBe(true);
    child.kill(signal);
    expect(await exited(child)).toEqual({ code, signal: null });
    expect(existsSync(dir)).toBe(false);
  });

  it('are removed when the grader crashes', async () => {
    const { child, ready } = graderLike(`setTimeout(() => { throw new Error('a bug in the grader'); }, 300);`);
    const { dir } = await ready;
    const end = await exited(child);
    expect(end.code).not.toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('left by a killed grader are removed by the next one', async () => {
    const { child, ready } = graderLike();
    const { dir } = await ready;
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(dir)).toBe(true);
    removeStaleFolders();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('sandbox processes', () => {
  const hang = `
    const bundle = { code: 'export function spin() { for (;;) {} }', usesMathjs: false, files: [], where: () => undefined };
    void runFile(bundle, [{ name: 'spin', calls: serializedCalls([[]]), callTimeoutMs: 600_000, functionTimeoutMs: 600_000 }], SANDBOX_DEFAULTS);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  `;

  // Processes are found through /proc, so these run where there is one.
  it.runIf(existsSync('/proc')).each(['SIGINT', 'SIGTERM'] as const)('are killed when the grader is stopped with %s', async (signal) => {
    const { child, ready } = graderLike(hang);
    await ready;
    const sandboxes = descendants(child.pid!);
    expect(sandboxes.length).toBeGreaterThan(0);
    child.kill(signal);
    await exited(child);
    expect(await eventually(() => sandboxes.every((pid) => !alive(pid)))).toBe(true);
  });

  it.runIf(existsSync('/proc') && launcher.layers.find((layer) => layer.id === 'dies-with-grader')?.active)('die with a grader killed outright (SIGKILL)', async () => {
    const { child, ready } = graderLike(hang);
    await ready;
    const sandboxes = descendants(child.pid!);
    expect(sandboxes.length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await exited(child);
    expect(await eventually(() => sandboxes.every((pid) => !alive(pid)))).toBe(true);
  });
});
