import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSandboxEntry } from './sandbox/build.ts';

/** A private temporary folder with the compiled sandbox harness; removed when `work` ends. */
export interface Workspace {
  readonly outDir: string;
  readonly sandboxEntry: string;
}

export async function withWorkspace<T>(work: (workspace: Workspace) => Promise<T>): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'vector-grader-'));
  try {
    return await work({ outDir, sandboxEntry: await buildSandboxEntry(outDir) });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs `work` in the caller's workspace when there is one, else in a fresh one. */
export function inWorkspace<T>(existing: Workspace | undefined, work: (workspace: Workspace) => Promise<T>): Promise<T> {
  return existing ? work(existing) : withWorkspace(work);
}
