// The lockdown, run in a real sandbox process: a small stand-in harness applies it and then tries, as learner
// code would, every way around it, reporting each attempt on stderr (which learner code cannot reach).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS } from '../../isolate.ts';
import { sandboxLauncher } from '../launch.ts';

const PROBES = `
import { writeSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { lockdown } from ${JSON.stringify(fileURLToPath(new URL('./lockdown.ts', import.meta.url)))};
const printed = [];
lockdown((text) => printed.push(text));
const report = {};
const attempt = (name, action) => {
  try {
    const result = action();
    report[name] = result === undefined ? 'ok' : String(result).slice(0, 80);
  } catch (error) {
    report[name] = 'refused: ' + String(error.message).slice(0, 100);
  }
};
attempt('console.log is captured', () => { console.log('hello', 1); process.stdout.write('raw'); return printed.join('|'); });
attempt('every built-in still loads (as a stub or for real)', () => builtinModules.filter((name) => !process.getBuiltinModule(name)).join(',') || 'all');
attempt('fs is a stub', () => process.getBuiltinModule('fs').readFileSync('/etc/hostname'));
attempt('a stub can be constructed and still refuses', () => new (process.getBuiltinModule('net').Socket)());
attempt('util is real', () => process.getBuiltinModule('node:util').format('%d', 7));
attempt('the -e globals are gone', () => ['fs', 'net', 'child_process', 'module', 'v8'].filter((name) => name in globalThis).join(',') || 'none');
attempt('fetch', () => fetch('http://127.0.0.1:1/'));
attempt('another process', () => process.kill(process.pid + 1, 0));
attempt('aborting', () => process.abort());
const disguised = { valueOf: () => 6, toString: () => 'SIGABRT' };
const signals = { 'SIGABRT by name': 'SIGABRT', 'SIGIOT by name': 'SIGIOT', 'SIGABRT by number': 6, 'SIGKILL': 'SIGKILL', 'SIGTERM by default': undefined, 'a disguised SIGABRT': disguised };
for (const [name, signal] of Object.entries(signals)) attempt(name, () => process.kill(process.pid, signal));
for (const [name, signal] of Object.entries({ 'SIGABRT through _kill': 6, '"6" through _kill': '6', '2 ** 32 + 6 through _kill': 2 ** 32 + 6, 'a disguised 6 through _kill': disguised })) {
  attempt(name, () => process._kill(process.pid, signal));
}
attempt('signal 0 to itself', () => process.kill(process.pid, 0));
attempt('a native binding', () => process.binding('tcp_wrap'));
attempt('active handles', () => process._getActiveHandles().length);
attempt('a report', () => process.report.getReport());
attempt('swapping Math', () => { globalThis.Math = {}; return typeof Math.sqrt; });
attempt('swapping process', () => Object.defineProperty(globalThis, 'process', { value: { pid: 1 } }));
attempt('swapping Buffer', () => Object.defineProperty(globalThis, 'Buffer', { value: {} }));
attempt('swapping process.stdout', () => { process.stdout = { write() {} }; });
attempt('patching Buffer', () => { Buffer.concat = () => 1; });
writeSync(2, JSON.stringify(report));
`;

const launcher = await sandboxLauncher();

async function probe(): Promise<Record<string, string>> {
  const { outputFiles } = await build({ stdin: { contents: PROBES, loader: 'js', resolveDir: process.cwd() }, bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
  const { file, args } = launcher.command(outputFiles[0].text, SANDBOX_DEFAULTS);
  const run = spawnSync(file, args, { encoding: 'utf8', env: {}, cwd: '/' });
  return JSON.parse(run.stderr) as Record<string, string>;
}

describe('lockdown', async () => {
  const report = await probe();

  it('captures console and stdout output instead of writing to a descriptor', () => {
    expect(report['console.log is captured']).toBe('hello 1\n|raw');
  });

  it('keeps every built-in module loadable, as a stub that says why it is unavailable, or for real when it is safe', () => {
    expect(report['every built-in still loads (as a stub or for real)']).toBe('all');
    expect(report['fs is a stub']).toMatch(/^refused: node:fs \(readFileSync\) is not available while grading/);
    expect(report['a stub can be constructed and still refuses']).toMatch(/^refused: node:net \(Socket\) is not available/);
    expect(report['util is real']).toBe('7');
  });

  it('leaves no way out: no built-in globals, no fetch, no other process, no binding, no handle, no report', () => {
    expect(report['the -e globals are gone']).toBe('none');
    for (const name of ['fetch', 'another process', 'a native binding', 'a report']) expect(report[name], name).toMatch(/^refused/);
    expect(report['active handles']).toBe('0');
  });

  it('sends no signal at all, however it is named or disguised; signal 0, which sends nothing, is answered', () => {
    const refused = Object.keys(report).filter((name) => /SIG|_kill|aborting/.test(name));
    expect(refused.length).toBe(11);
    for (const name of refused) expect(report[name], name).toMatch(/^refused/);
    expect(report['signal 0 to itself']).toBe('true');
  });

  it('makes the global bindings and the objects the harness relies on read-only', () => {
    for (const name of ['swapping Math', 'swapping process', 'swapping Buffer', 'swapping process.stdout', 'patching Buffer']) {
      expect(report[name], name).toMatch(/^refused: Cannot (assign|redefine)/);
    }
  });
});
