// mathjs for the sandbox: bundled once into a single module (far quicker to load than its thousand files)
// and cached under .cache/ by mathjs and esbuild version. The sandbox reads no files: the grader hands it
// this source, and lesson code reaches it through a shim (see load.ts).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../curriculum/index.ts';
import { writeWhole } from '../kept-files.ts';

export interface MathjsBundle {
  readonly source: string;
  /** Every name mathjs exports, for the shim that re-exports them. */
  readonly exports: readonly string[];
}

const CACHE_DIR = join(ROOT, '.cache', 'grader');

async function bundleMathjs(): Promise<MathjsBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents: "export * from 'mathjs';", resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'node20',
    logLevel: 'silent',
    outfile: 'mathjs.js',
  });
  const [output] = Object.values(result.metafile.outputs);
  return { source: result.outputFiles[0].text, exports: output.exports };
}

let cached: Promise<MathjsBundle> | undefined;

/**
 * The bundle, from the cache when it is there; a cache that cannot be written only costs speed. A failed
 * build (the bundler restarted under it, say) is forgotten, so the next lesson that needs mathjs tries again.
 */
export function mathjsBundle(): Promise<MathjsBundle> {
  cached ??= (async () => {
    const versionOf = (name: string) => (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
    const file = join(CACHE_DIR, `mathjs-${versionOf('mathjs')}-esbuild-${versionOf('esbuild')}.json`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as MathjsBundle;
    } catch {
      const bundle = await bundleMathjs();
      try {
        mkdirSync(CACHE_DIR, { recursive: true });
        writeWhole(file, JSON.stringify(bundle));
      } catch {
        // read-only checkout: bundle again next time
      }
      return bundle;
    }
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
