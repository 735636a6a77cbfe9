// Internal to the benchmarks: a command run in a fresh process, timed, with the peak memory of its whole process
// tree (the command, its sandboxes, the type checker) sampled from /proc on Linux.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { ROOT } from '../curriculum/index.ts';

/** The process's resident memory in bytes, from /proc/PID/statm (Linux); 0 once it is gone. */
function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/** The process's children, from /proc/PID/task/TID/children: read for the tree alone, not for every process. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/**
 * Resident memory of `root` and all its descendants, in bytes, from /proc (Linux); undefined elsewhere. Only the
 * tree is read, so that sampling it every few milliseconds takes little from the run it measures.
 */
function treeMemory(root: number): number | undefined {
  if (!existsSync(`/proc/${root}/task`)) return undefined;
  let total = 0;
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop()!;
    total += residentBytes(pid);
    queue.push(...childrenOf(pid));
  }
  return total;
}

export interface Measured {
  readonly ms: number;
  /** The peak memory of the whole process tree, in bytes (Linux only). */
  readonly peak?: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** `node ARGS` from the project's root, with `env` added: its wall time, peak memory, exit code and stderr. */
export function measured(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Measured> {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peak: number | undefined;
    const sampler = setInterval(() => {
      const now = child.pid === undefined ? undefined : treeMemory(child.pid);
      if (now !== undefined) peak = Math.max(peak ?? 0, now);
    }, 25);
    child.on('exit', (code) => {
      clearInterval(sampler);
      done({ ms: Number(process.hrtime.bigint() - start) / 1e6, ...(peak === undefined ? {} : { peak }), code, stderr });
    });
  });
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
