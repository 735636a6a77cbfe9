import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Compiles the sandbox harness to plain JavaScript, so sandbox processes start without a TypeScript loader. */
export async function buildSandboxEntry(outDir: string): Promise<string> {
  const outfile = join(outDir, 'sandbox.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
