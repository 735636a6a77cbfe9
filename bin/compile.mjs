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
 * Whether the bundle described by `manifest` was built with the same embedded entries from exactly the files as
 * they are now: the same size and time, or failing that the same content.
 * @param {string} root
 * @param {string} manifest
 * @param {Record<string, string>} embed
 */
function isFresh(root, manifest, embed) {
  try {
    /** @type {{ embed?: Record<string, string>, inputs: Record<string, { hash: string, size: number, mtimeMs: number }> }} */
    const built = JSON.parse(readFileSync(manifest, 'utf8'));
    if (JSON.stringify(built.embed ?? {}) !== JSON.stringify(embed)) return false;
    return Object.entries(built.inputs).every(([file, known]) => {
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
 * bundle, `import.meta.url` is the entry's own URL, so paths the code derives from it stay right. `embed` names
 * other entries to bundle whole (packages too) and hand to the code as string constants, by global name: a
 * module that is run as text elsewhere (the sandbox harness, run as `node -e`), built then and not at each start.
 * @param {string} entry
 * @param {{ root?: string, out?: string, embed?: Record<string, string> }} [where]
 */
export async function compiled(entry, { root = PROJECT, out = join(root, '.cache', 'compiled'), embed = {} } = {}) {
  const name = entry.replace(/\.ts$/, '').replace(/[\\/]/g, '__');
  const bundle = join(out, `${name}.mjs`);
  const manifest = join(out, `${name}.json`);
  if (!isFresh(root, manifest, embed)) {
    const { build } = await import('esbuild');
    const source = join(root, entry);
    /** @type {import('esbuild').BuildOptions} */
    const shared = { bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent', absWorkingDir: root };
    const embedded = await Promise.all(Object.entries(embed).map(async ([global, file]) => ({ global, result: await build({ ...shared, entryPoints: [join(root, file)] }) })));
    const result = await build({
      ...shared,
      entryPoints: [source],
      packages: 'external',
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(source).href),
        ...Object.fromEntries(embedded.map(({ global, result: { outputFiles } }) => [global, JSON.stringify(outputFiles?.[0].text)])),
      },
    });
    const files = [result, ...embedded.map((built) => built.result)].flatMap((built) => Object.keys(built.metafile?.inputs ?? {}));
    const inputs = Object.fromEntries(files.map((file) => [file, stamp(join(root, file))]));
    mkdirSync(out, { recursive: true });
    writeWhole(bundle, result.outputFiles?.[0].text ?? '');
    writeWhole(manifest, `${JSON.stringify({ entry: relative(root, source), embed, inputs }, null, 1)}\n`);
  }
  return pathToFileURL(bundle).href;
}

/**
 * Runs the command `entry` exports as `run(argv)`, from its bundle.
 * @param {string} entry
 * @param {Record<string, string>} [embed] see `compiled`
 */
export async function runCompiled(entry, embed = {}) {
  const { run } = await import(await compiled(entry, { embed }));
  process.exitCode = await run(process.argv.slice(2));
}
