// @ts-check
// Starts a TypeScript entry point of the project without a TypeScript loader: tsx costs about 0.6 s at every
// start, this a few milliseconds. esbuild bundles the entry and the project files it imports (packages stay
// imports, resolved from node_modules as usual) into .cache/compiled/, the first time and again whenever one of
// the files it was built from has changed, by content hash. Plain JavaScript, since nothing compiles it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 * The bundle's entry file (relative to `out`) if the manifest says it was built with the same embedded entries
 * from exactly the files as they are now: the same size and time, or failing that the same content.
 * @param {string} root
 * @param {string} out
 * @param {string} manifest
 * @param {Record<string, string>} embed
 * @returns {string | undefined}
 */
function freshBundle(root, out, manifest, embed) {
  try {
    /** @type {{ main: string, embed?: Record<string, string>, inputs: Record<string, { hash: string, size: number, mtimeMs: number }> }} */
    const built = JSON.parse(readFileSync(manifest, 'utf8'));
    if (JSON.stringify(built.embed ?? {}) !== JSON.stringify(embed) || !existsSync(join(out, built.main))) return undefined;
    const same = Object.entries(built.inputs).every(([file, known]) => {
      const { size, mtimeMs } = statSync(join(root, file));
      return (size === known.size && mtimeMs === known.mtimeMs) || hashOf(join(root, file)) === known.hash;
    });
    return same ? built.main : undefined;
  } catch {
    return undefined; // no manifest yet, an older one, or a file it names is gone
  }
}

/**
 * Writes `text` to `file` whole or not at all: two commands starting at once may build the same bundle.
 * @param {string} file
 * @param {string | Uint8Array} text
 */
function writeWhole(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Builds kept of each entry: a command started from an older one may still load its chunks. */
const BUILDS_KEPT = 3;

/**
 * The file URL of `entry`'s bundle (`entry` relative to `root`), built first if it is missing or stale. In the
 * bundle, `import.meta.url` is the entry's own URL, so paths the code derives from it stay right. A module the
 * code imports dynamically goes to a chunk of its own, with the packages only it imports: they load when it
 * does, not at every start. `embed` names other entries to bundle whole (packages too) and hand to the code as
 * string constants, by global name: a module that is run as text elsewhere (the sandbox harness, run as
 * `node -e`), built then and not at each start.
 * @param {string} entry
 * @param {{ root?: string, out?: string, embed?: Record<string, string> }} [where]
 */
export async function compiled(entry, { root = PROJECT, out = join(root, '.cache', 'compiled'), embed = {} } = {}) {
  const name = entry.replace(/\.ts$/, '').replace(/[\\/]/g, '__');
  const manifest = join(out, `${name}.json`);
  const fresh = freshBundle(root, out, manifest, embed);
  if (fresh) return pathToFileURL(join(out, fresh)).href;
  const { build } = await import('esbuild');
  const source = join(root, entry);
  /** @type {import('esbuild').BuildOptions} */
  const shared = { bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent', absWorkingDir: root };
  const embedded = await Promise.all(Object.entries(embed).map(async ([global, file]) => ({ global, result: await build({ ...shared, entryPoints: [join(root, file)] }) })));
  const staging = join(out, name, 'staging');
  const result = await build({
    ...shared,
    entryPoints: [source],
    packages: 'external',
    splitting: true,
    outdir: staging,
    entryNames: 'main',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(source).href),
      ...Object.fromEntries(embedded.map(({ global, result: { outputFiles } }) => [global, JSON.stringify(outputFiles?.[0].text)])),
    },
  });
  const outputs = result.outputFiles ?? [];
  // Each build in a folder named by its content: the manifest, written last, points to a complete one.
  const id = createHash('sha256').update(outputs.map((file) => `${relative(staging, file.path)}\0${file.text}`).join('\0')).digest('hex').slice(0, 16);
  const folder = join(out, name, id);
  mkdirSync(folder, { recursive: true });
  for (const file of outputs) writeWhole(join(folder, relative(staging, file.path)), file.contents);
  const files = [result, ...embedded.map((built) => built.result)].flatMap((built) => Object.keys(built.metafile?.inputs ?? {}));
  const inputs = Object.fromEntries(files.map((file) => [file, stamp(join(root, file))]));
  const main = relative(out, join(folder, 'main.mjs'));
  writeWhole(manifest, `${JSON.stringify({ entry: relative(root, source), main, embed, inputs }, null, 1)}\n`);
  forgetOlderBuilds(join(out, name), id);
  return pathToFileURL(join(out, main)).href;
}

/**
 * Removes the builds of an entry past the BUILDS_KEPT newest, never `current`.
 * @param {string} dir
 * @param {string} current
 */
function forgetOlderBuilds(dir, current) {
  try {
    const builds = readdirSync(dir, { withFileTypes: true })
      .filter((item) => item.isDirectory() && item.name !== current)
      .map((item) => ({ path: join(dir, item.name), time: statSync(join(dir, item.name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { path } of builds.slice(BUILDS_KEPT - 1)) rmSync(path, { recursive: true, force: true });
  } catch {
    // another command pruning at the same time: the next build prunes again
  }
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
