import { join } from 'node:path';
import { ROOT } from '../../curriculum/index.ts';

/** A single command-line argument may not exceed 128 KiB on Linux; the harness travels as one (`node -e`). */
const MAX_HARNESS_BYTES = 120 * 1024;

let harness: Promise<string> | undefined;

/**
 * The sandbox harness as one ES module source, built once per process. It is passed to `node -e`, so the
 * sandbox starts without reading a single file.
 */
export function harnessSource(): Promise<string> {
  harness ??= import('esbuild').then(({ build }) => build({
    // From the project root, not from this module: in the grader's compiled bundle (bin/compile.mjs) this module
    // is not where its source is.
    entryPoints: [join(ROOT, 'grader', 'sandbox', 'harness', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  })).then(({ outputFiles: [output] }) => {
    if (output.contents.length > MAX_HARNESS_BYTES) throw new Error(`the sandbox harness is ${output.contents.length} bytes, over the ${MAX_HARNESS_BYTES} a command-line argument can carry`);
    return output.text;
  });
  return harness;
}
