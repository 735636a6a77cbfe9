// Step 1 of grading: turn a learner's lesson file into one ES module for the sandbox. esbuild bundles the
// file with the lesson files it imports, so a syntax error anywhere is caught here with its location, before
// any learner code runs. esbuild itself reads nothing: every import is resolved here, only to files inside
// the submission, and every file is read here and handed over as text (with any sourceMappingURL comment
// disabled, so no map from elsewhere is ever opened). Node's built-in modules become stubs that throw when
// used, and mathjs a shim over the copy the sandbox loads.
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BuildResult, Message, Plugin } from 'esbuild';
import { fairTimeout } from './fair-timeout.ts';
import { insideRoot, isOwnFile, readOwnFile } from './own-files.ts';
import { mathjsBundle } from './sandbox/mathjs.ts';
import { ALLOWED_BUILTINS, MATHJS_GLOBAL } from './sandbox/protocol.ts';

export interface LessonBundle {
  /** The lesson file and the files it imports, as one ES module. */
  readonly code: string;
  readonly usesMathjs: boolean;
  /** The submission's files in the bundle, relative to the submission. */
  readonly files: readonly string[];
  /**
   * The SHA-256 of each of those files as the bundler read it: what the results are kept by (results-cache.ts),
   * so that a file saved again while it was graded never has the old text's results kept under its new text.
   */
  readonly hashes: Readonly<Record<string, string>>;
  /** `01-euclidean/exercise.ts:3:5` for a position in `code`, when it comes from the learner's files. */
  where(at: { readonly line: number; readonly column: number }): string | undefined;
}

export type Loaded =
  | { readonly ok: true; readonly bundle: LessonBundle }
  | { readonly ok: false; readonly kind: 'missing' | 'syntax' | 'import'; readonly message: string; readonly frame?: string };

const SUBMISSION = 'submission';
const STUB = 'builtin-stub';
const SHIM = 'mathjs-shim';
const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '/index.ts', '/index.js'];
/**
 * esbuild parses learner source in the grader's own service: a file nested a few hundred thousand levels deep
 * crashes it (for every lesson), some shapes take it minutes, and a const enum inlined a thousand times makes
 * a bundle hundreds of megabytes large. No lesson file comes near these limits.
 */
const LIMITS = { fileBytes: 64 * 1024, bundleInputBytes: 256 * 1024, bundleFiles: 64, nesting: 1000, bundleBytes: 2 * 1024 * 1024, timeoutMs: 10_000 };

/** The deepest run of open brackets, counted on the raw text: strings and comments count too, so it errs high. */
function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x28 || char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x29 || char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}
const LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** A file a lesson can import: TypeScript or JavaScript, as the bundler loads it. */
export const isCodeFile = (path: string): boolean => Object.hasOwn(LOADERS, extname(path));

/** A path with `/` between its parts, as esbuild and the report write them on every system. */
const posix = (path: string) => path.split(sep).join('/');

/** Keeps esbuild inside the submission: every import is resolved and every file read here, its hash into `hashes`. */
function closedWorld(root: string, realRoot: string, hashes: Record<string, string>): Plugin {
  const fail = (text: string) => ({ errors: [{ text }] });
  let inputBytes = 0;
  let inputFiles = 0;
  return {
    name: 'closed-world',
    setup(bundle) {
      bundle.onResolve({ filter: /.*/ }, (args) => {
        const spec = args.path;
        const bare = spec.replace(/^node:/, '');
        if (spec.startsWith('node:') || BUILTINS.has(bare)) {
          return ALLOWED_BUILTINS.has(bare) ? { path: `node:${bare}`, external: true } : { path: bare, namespace: STUB };
        }
        if (spec === 'mathjs') return { path: 'mathjs', namespace: SHIM };
        if (!spec.startsWith('.') && !isAbsolute(spec)) {
          return fail(`cannot import "${spec}": only mathjs, Node's util and assert, and your own lesson files (by relative path) are available`);
        }
        const importerDir = args.kind === 'entry-point' ? root : dirname(join(root, args.importer));
        const target = resolve(importerDir, spec);
        // Decided on the path alone, before anything is looked at: nothing outside is ever opened.
        if (!insideRoot(root, target)) return fail(`cannot import ${spec}: it is outside the submission folder`);
        // A link inside the folder may still lead out of it: such a file counts as absent, with the same words,
        // so that no import can tell whether something exists outside.
        const found = EXTENSIONS.map((extension) => target + extension).find((path) => isOwnFile(realRoot, path));
        if (!found) return fail(`cannot import ${spec}: no such file in the submission (links that lead out of it do not count)`);
        return { path: posix(relative(root, found)), namespace: SUBMISSION };
      });
      bundle.onLoad({ filter: /.*/, namespace: SUBMISSION }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader) return fail(`cannot import ${args.path}: only TypeScript and JavaScript files can be imported`);
        const read = readOwnFile(realRoot, join(root, args.path), LIMITS.fileBytes);
        if ('refused' in read) {
          return fail(read.refused === 'too-large' ? `${args.path} is larger than ${LIMITS.fileBytes / 1024} KB, more than any lesson file needs` : `cannot read ${args.path}`);
        }
        inputBytes += read.bytes;
        hashes[args.path] = createHash('sha256').update(read.text).digest('hex');
        if (++inputFiles > LIMITS.bundleFiles || inputBytes > LIMITS.bundleInputBytes) {
          return fail(`the lesson imports more than ${LIMITS.bundleFiles} files or ${LIMITS.bundleInputBytes / 1024} KB of code, more than any lesson needs`);
        }
        // "sourceMappingURL" loses one letter, so esbuild never goes looking for a map (same length: columns stay).
        const contents = read.text.replace(/sourceMappingURL/g, 'sourceMappingURI');
        if (nestingOf(contents) > LIMITS.nesting) return fail(`${args.path} nests brackets more than ${LIMITS.nesting} levels deep`);
        return { contents, loader };
      });
      bundle.onLoad({ filter: /.*/, namespace: STUB }, (args) => ({
        // The sandbox's getBuiltinModule hands out a stub whose every function says why it is unavailable.
        contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
        loader: 'js',
      }));
      bundle.onLoad({ filter: /.*/, namespace: SHIM }, async () => {
        let exports: readonly string[];
        try {
          ({ exports } = await mathjsBundle());
        } catch {
          return fail('mathjs could not be prepared for the sandbox; grade again');
        }
        // Pure calls: the bundler keeps only those of the names the lesson uses, so only those are made.
        const names = exports.map((name, i) => `const m${i} = /* @__PURE__ */ take(${JSON.stringify(name)});`).join('\n');
        const list = exports.map((name, i) => `m${i} as ${JSON.stringify(name)}`).join(', ');
        return { contents: `const { take } = globalThis[Symbol.for(${JSON.stringify(MATHJS_GLOBAL)})];\n${names}\nexport { ${list} };\n`, loader: 'js' };
      });
    },
  };
}

/** `12 | const x = ;` with a caret under the column (counted in characters), the way compilers show it. */
export function codeFrame(lineText: string, line: number, column: number): string {
  const gutter = `${line} | `;
  // Tabs stay tabs under the line, so the caret lines up however wide the terminal draws them.
  const indent = lineText.slice(0, column).replace(/[^\t]/g, ' ');
  return `${gutter}${lineText}\n${' '.repeat(gutter.length)}${indent}^`;
}

function describeBuildError(error: Message): Extract<Loaded, { ok: false }> {
  const location = error.location;
  if (!location) return { ok: false, kind: 'import', message: error.text };
  // esbuild counts columns in UTF-8 bytes; people count characters.
  const column = Buffer.from(location.lineText).subarray(0, location.column).toString().length;
  const isSyntax = !/cannot import|Could not resolve|No matching export/.test(error.text);
  const file = location.file.replace(`${SUBMISSION}:`, '');
  return {
    ok: false,
    kind: isSyntax ? 'syntax' : 'import',
    message: `${file}:${location.line}:${column + 1}: ${error.text}`,
    frame: codeFrame(location.lineText, location.line, column),
  };
}

/** Times the bundler was restarted in this process: a build that fails under a restart was not brought down by its own file. */
let bundlerRestarts = 0;

/**
 * Bundles `file` (inside the submission `root`) into one ES module. esbuild writes it into `outDir` (the
 * grader's private temporary folder), so that its size can be checked before the grader reads a byte of it.
 */
export async function loadLessonFile(file: string, root: string, outDir: string, retried = false): Promise<Loaded> {
  const entry = relative(root, file);
  const realRoot = realpathSync(root);
  // A lesson file behind a link that leads out of the submission is as missing as one that is not there.
  if (!isOwnFile(realRoot, file)) return { ok: false, kind: 'missing', message: `${posix(entry)} does not exist` };
  const outfile = join(outDir, `${posix(entry).replace(/\//g, '__')}.js`);
  let result: BuildResult<{ write: true; metafile: true }>;
  let cancelTimer: (() => void) | undefined;
  // Loaded only when a file is bundled: a grade that finds every result kept needs no bundler, nor source maps.
  const [{ build, stop }, { TraceMap, originalPositionFor }] = await Promise.all([import('esbuild'), import('@jridgewell/trace-mapping')]);
  const restartsBefore = bundlerRestarts;
  const hashes: Record<string, string> = {};
  try {
    const bundling = build({
      entryPoints: [`./${posix(entry)}`],
      bundle: true,
      write: true,
      metafile: true,
      outfile,
      format: 'esm',
      platform: 'neutral',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      absWorkingDir: root,
      // No tsconfig.json is read (esbuild would follow its "extends" anywhere), and no code reaches
      // import.meta (whose resolve() would probe the disk) or a real dynamic import().
      tsconfigRaw: {},
      define: { 'import.meta': '{}' },
      supported: { 'dynamic-import': false },
      plugins: [closedWorld(root, realRoot, hashes)],
    });
    // Time the grader spent busy elsewhere (judging another lesson, say) is not the file's.
    const outOfTime = new Promise<never>((_, reject) => {
      cancelTimer = fairTimeout(LIMITS.timeoutMs, () => reject(new Error('timeout')));
    });
    result = await Promise.race([bundling, outOfTime]);
  } catch (failure) {
    const errors = (failure as { errors?: Message[] }).errors;
    if (errors?.length) return describeBuildError(errors[0]);
    // Another file's bundling restarted the bundler under this one (its build then fails, or never answers):
    // this file is not to blame, bundle it again.
    if (bundlerRestarts !== restartsBefore && !retried) return loadLessonFile(file, root, outDir, true);
    // The bundler is stuck on this file or was brought down by it: restart it, and blame the file only.
    bundlerRestarts++;
    await stop();
    const what = (failure as Error).message === 'timeout' ? `did not finish bundling within ${LIMITS.timeoutMs / 1000} s` : 'made the bundler fail';
    return { ok: false, kind: 'syntax', message: `${posix(entry)} ${what}: simplify it (no lesson file needs such deep or long constructs)` };
  } finally {
    cancelTimer?.();
  }
  if (statSync(outfile).size + statSync(`${outfile}.map`).size > LIMITS.bundleBytes) {
    return { ok: false, kind: 'syntax', message: `${posix(entry)} bundles to more than ${LIMITS.bundleBytes / 1024 / 1024} MB of code (a const enum used very often?)` };
  }
  const code = readFileSync(outfile, 'utf8');
  const map = new TraceMap(readFileSync(`${outfile}.map`, 'utf8'));
  const inputs = Object.keys(result.metafile.inputs);
  const files = inputs.filter((input) => input.startsWith(`${SUBMISSION}:`)).map((input) => input.slice(SUBMISSION.length + 1));
  return {
    ok: true,
    bundle: {
      code,
      usesMathjs: inputs.includes(`${SHIM}:mathjs`),
      files,
      hashes: Object.fromEntries(files.map((file) => [file, hashes[file]])),
      where(at) {
        const original = originalPositionFor(map, at);
        if (!original.source?.includes(`${SUBMISSION}:`)) return undefined;
        return `${original.source.slice(original.source.indexOf(`${SUBMISSION}:`) + SUBMISSION.length + 1)}:${original.line}:${original.column + 1}`;
      },
    },
  };
}
