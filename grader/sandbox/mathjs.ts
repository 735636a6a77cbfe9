// mathjs for the sandbox: bundled once into a single module (far quicker to load than its thousand files) and
// cached under .cache/ by mathjs and esbuild version. Loading mathjs as it is makes every one of its 400 functions
// up front (about 0.3 s); this module makes each only when first used, from the factories of a lazy instance
// (mathjs's `create(all)`), so a lesson that uses `dot` pays for `dot`. The sandbox reads no files: the grader
// hands it this source, and lesson code reaches it through a shim (see load.ts) that takes only the names the
// lesson uses.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../curriculum/index.ts';
import { writeWhole } from '../kept-files.ts';

export interface MathjsBundle {
  /** An ES module whose `take(name)` gives what mathjs exports under that name. */
  readonly source: string;
  /** Every name mathjs exports, for the shim that re-exports them. */
  readonly exports: readonly string[];
}

const CACHE_DIR = join(ROOT, '.cache', 'grader');

/**
 * mathjs's help texts (`docs`) come with every impure function made up front: left out (`help()` still has
 * them). Every other name is on the lazy instance, or is a factory or a dependency list, made at no cost.
 */
const LEFT_OUT = new Set(['docs']);

async function bundleMathjs(): Promise<MathjsBundle> {
  const [{ build }, mathjs] = await Promise.all([import('esbuild'), import('mathjs')]);
  const exports = Object.keys(mathjs);
  const onInstance = new Set(Object.keys(mathjs.create(mathjs.all)));
  const others = exports.filter((name) => !onInstance.has(name) && !LEFT_OUT.has(name));
  const contents = `import * as mathjs from 'mathjs';
const instance = mathjs.create(mathjs.all);
const others = { ${others.map((name) => `${name}: mathjs.${name}`).join(', ')} };
export function take(name) {
  return Object.hasOwn(others, name) ? others[name] : instance[name];
}
`;
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'node20',
    logLevel: 'silent',
    outfile: 'mathjs.js',
  });
  return { source: result.outputFiles[0].text, exports };
}

let cached: Promise<MathjsBundle> | undefined;

/**
 * The bundle, from the cache when it is there; a cache that cannot be written only costs speed. A failed
 * build (the bundler restarted under it, say) is forgotten, so the next lesson that needs mathjs tries again.
 */
export function mathjsBundle(): Promise<MathjsBundle> {
  cached ??= (async () => {
    const versionOf = (name: string) => (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
    const file = join(CACHE_DIR, `mathjs-lazy-${versionOf('mathjs')}-esbuild-${versionOf('esbuild')}.json`);
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
