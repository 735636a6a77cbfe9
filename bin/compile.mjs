// @ts-check
// Starts a TypeScript entry point of the project without a TypeScript loader: tsx costs about 0.6 s at every
// start, this a few milliseconds. esbuild bundles the entry and the project files it imports (packages stay
// imports, resolved from node_modules as usual) into .cache/compiled/, the first time and again whenever one of
// the files it was built from has changed, by content hash. Plain JavaScript, since nothing compiles it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} file */
const hashOf = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * What a source file is known by: its content hash, and its size and modification time, which spare reading
 * it while they are unchanged (as git's index does).
 * @param {string} file
 */
function stamp(file) {
  const { size, mtimeMs } = statSync(file);
  return { hash: hashOf(file), size, mtimeMs };
}

/**
 * Whether the bundle described by `manifest` was built from exactly the files as they are now: the same size
 * and time, or failing that the same content.
 * @param {string} root
 * @param {string} manifest
 */
function isFresh(root, manifest) {
  try {
    /** @type {Record<string, { hash: string, size: number, mtimeMs: number }>} */
    const inputs = JSON.parse(readFileSync(manifest, 'utf8')).inputs;
    return Object.entries(inputs).every(([file, known]) => {
      const { size, mtimeMs } = statSync(join(root, file));
      return (size === known.size && mtimeMs === known.mtimeMs) || hashOf(join(root, file)) === known.hash;
    });
  } catch {
    return false; // no manifest yet, an older one, or a file it names is gone
  }
}

/**
 * Writes `text` to `file` whole or not at all: two commands starting at once may build the same bundle.
 * @param {string} file
 * @param {string} text
 */
function writeWhole(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * The file URL of `entry`'s bundle (`entry` relative to `root`), built first if it is missing or stale. In the
 * bundle, `import.meta.url` is the entry's own URL, so paths the code derives from it stay right.
 * @param {string} entry
 * @param {{ root?: string, out?: string }} [where]
 */
export async function compiled(entry, { root = PROJECT, out = join(root, '.cache', 'compiled') } = {}) {
  const name = entry.replace(/\.ts$/, '').replace(/[\\/]/g, '__');
  const bundle = join(out, `${name}.mjs`);
  const manifest = join(out, `${name}.json`);
  if (!isFresh(root, manifest)) {
    const { build } = await import('esbuild');
    const source = join(root, entry);
    const result = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) },
      logLevel: 'silent',
      absWorkingDir: root,
    });
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, stamp(join(root, file))]));
    mkdirSync(out, { recursive: true });
    writeWhole(bundle, result.outputFiles[0].text);
    writeWhole(manifest, `${JSON.stringify({ entry: relative(root, source), inputs }, null, 1)}\n`);
  }
  return pathToFileURL(bundle).href;
}

/**
 * Runs the command `entry` exports as `run(argv)`, from its bundle.
 * @param {string} entry
 */
export async function runCompiled(entry) {
  const { run } = await import(await compiled(entry));
  process.exitCode = await run(process.argv.slice(2));
}
