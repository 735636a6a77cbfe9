import { join } from 'node:path';
import { ROOT } from '../../curriculum/index.ts';

/** A single command-line argument may not exceed 128 KiB on Linux; the harness travels as one (`node -e`). */
const MAX_HARNESS_BYTES = 120 * 1024;

/** The harness as bin/compile.mjs built it into the grader's compiled bundle; not defined when the grader runs from source. */
declare const COMPILED_HARNESS: string | undefined;

/** The harness bundled now (the grader runs from source: tests, tsx). */
async function bundleHarness(): Promise<string> {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    // From the project root, not from this module: in the grader's compiled bundle (bin/compile.mjs) this module
    // is not where its source is.
    entryPoints: [join(ROOT, 'grader', 'sandbox', 'harness', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  return outputFiles[0].text;
}

let harness: Promise<string> | undefined;

/**
 * The sandbox harness as one ES module source, built once (by bin/compile.mjs with the grader, or here once per
 * process). It is passed to `node -e`, so the sandbox starts without reading a single file.
 */
export function harnessSource(): Promise<string> {
  harness ??= (typeof COMPILED_HARNESS === 'string' ? Promise.resolve(COMPILED_HARNESS) : bundleHarness()).then((source) => {
    const bytes = Buffer.byteLength(source);
    if (bytes > MAX_HARNESS_BYTES) throw new Error(`the sandbox harness is ${bytes} bytes, over the ${MAX_HARNESS_BYTES} a command-line argument can carry`);
    return source;
  });
  return harness;
}
