// The operating-system layers, tested for what they do: a program started the way a sandbox is (with a
// stand-in for the harness that reports what it can see) must find no network, no other process, no
// privileges and a hard memory cap. Each test runs where its layer is active; `layers` says which.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../isolate.ts';
import { sandboxLauncher, type Launcher, type LayerId } from './launch.ts';

// Probed before the tests are collected, so a layer this machine lacks shows as skipped, not as passed.
const launcher: Launcher = await sandboxLauncher();
const server = createServer((socket) => socket.end());
let port: number;

beforeAll(async () => {
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
});
afterAll(() => {
  server.close();
});

const active = (id: LayerId) => launcher.layers.find((layer) => layer.id === id)?.active === true;

/** Runs `code` as the sandbox's harness would run; it reports by its exit code and what it prints. */
function runAsSandbox(code: string): Promise<{ code: number | null; out: string }> {
  const { file, args } = launcher.command(code, SANDBOX_DEFAULTS);
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: {}, cwd: '/' });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (exitCode) => resolve({ code: exitCode, out }));
  });
}

describe('the layers', () => {
  it('are all described, and those inside the process are active everywhere', () => {
    expect(launcher.layers.map((layer) => layer.id)).toEqual([
      'closed-reads',
      'private-temp-folders',
      'separate-process',
      'authenticated-channel',
      'permission-model',
      'lockdown',
      'network-namespace',
      'pid-namespace',
      'unprivileged-user',
      'resource-limits',
      'dies-with-grader',
    ]);
    for (const layer of launcher.layers.slice(0, 6)) expect(layer.active, layer.id).toBe(true);
    for (const layer of launcher.layers) expect(layer.detail.length, layer.id).toBeGreaterThan(20);
  });

  it('start the sandbox with Node’s permission model, frozen built-ins and no eval, whatever else is there', () => {
    const { args } = launcher.command('HARNESS', SANDBOX_DEFAULTS);
    expect(args.slice(-2)).toEqual(['-e', 'HARNESS']);
    expect(args).toEqual(expect.arrayContaining(['--frozen-intrinsics', '--disallow-code-generation-from-strings', '--no-addons']));
    expect(args.some((arg) => arg === '--experimental-permission' || arg === '--permission')).toBe(true);
    expect(args.some((arg) => arg.startsWith('--allow-'))).toBe(false);
  });
});

describe('inside a sandbox', () => {
  it('no file can be read', async () => {
    const { out } = await runAsSandbox(`import('node:fs').then((fs) => { try { fs.readFileSync('/etc/hostname'); console.log('READ'); } catch (e) { console.log(e.code); } });`);
    expect(out.trim()).toBe('ERR_ACCESS_DENIED');
  });

  it.runIf(active('network-namespace'))('no network: a loopback server outside is unreachable', async () => {
    const { out } = await runAsSandbox(`import('node:net').then((net) => net.connect(${port}, '127.0.0.1').on('connect', () => console.log('CONNECTED')).on('error', (e) => console.log(e.code)));`);
    expect(out.trim()).toMatch(/^E[A-Z]+$/);
    expect(out).not.toContain('CONNECTED');
  });

  it.runIf(active('pid-namespace'))('no other process can be seen: its own parent is the namespace’s first process', async () => {
    const { out } = await runAsSandbox(`console.log(process.pid, process.ppid); try { process.kill(${process.pid}, 0); console.log('SEEN'); } catch (e) { console.log(e.code); }`);
    expect(out.trim().split(/\s+/)).toEqual(['2', '1', 'ESRCH']);
  });

  it.runIf(process.getuid?.() === 0 && active('unprivileged-user'))('a grader running as root starts sandboxes as a user with no account and no groups', async () => {
    const { out } = await runAsSandbox(`console.log(process.getuid(), process.getgid(), process.getgroups().join(','));`);
    const [uid, gid, groups] = out.trim().split(' ');
    expect(Number(uid)).toBeGreaterThanOrEqual(2_000_000_000);
    expect(gid).toBe(uid);
    expect(groups).toBe(gid);
  });

  it.runIf(active('resource-limits'))('memory outside the heap is capped: ArrayBuffers run out well below a gigabyte', async () => {
    // Each step is printed as it is taken: when the cap is hit, V8 may throw or may end the process outright.
    const { out } = await runAsSandbox(`const fs = await import('node:fs'); const kept = []; for (let i = 1; i <= 128; i++) { kept.push(new Uint8Array(16 << 20).fill(1)); fs.writeSync(1, (i * 16) + '\\n'); }`);
    const held = Math.max(0, ...out.split('\n').map(Number).filter(Number.isFinite));
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(SANDBOX_DEFAULTS.memoryMb);
  });
});
