// Step 1 of grading: turn a learner's lesson file into one ES module the sandbox can import. esbuild
// bundles the file with the lesson files it imports, so a syntax error anywhere is caught here with its
// location, before any learner code runs.
import { builtinModules } from 'node:module';
import { existsSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Message, type Plugin } from 'esbuild';

/** Packages a submission may import; they resolve to the grader's own installed copies. */
const IMPORTABLE_PACKAGES = ['mathjs'] as const;

export type Loaded =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly kind: 'missing' | 'syntax' | 'import'; readonly message: string; readonly frame?: string };

export interface LoadOptions {
  /** The submission root: every imported file must stay inside it. */
  readonly root: string;
  /** Where bundles are written (a private temporary folder). */
  readonly outDir: string;
}

function insideRoot(root: string, file: string): boolean {
  const path = relative(root, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

/** Keeps imports to the submission's own files, the allowed packages and Node's built-ins. */
function submissionBoundary(root: string): Plugin {
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  return {
    name: 'submission-boundary',
    setup(bundle) {
      bundle.onResolve({ filter: /^[^./]/ }, (args) => {
        if (builtins.has(args.path)) return { path: args.path, external: true };
        const pkg = IMPORTABLE_PACKAGES.find((name) => args.path === name || args.path.startsWith(`${name}/`));
        if (pkg) return { path: import.meta.resolve(args.path), external: true };
        return {
          errors: [{ text: `cannot import "${args.path}": only ${IMPORTABLE_PACKAGES.join(', ')} and your own lesson files (by relative path) are available` }],
        };
      });
      bundle.onLoad({ filter: /.*/ }, (args) => {
        if (insideRoot(root, args.path)) return undefined;
        return { errors: [{ text: `cannot import ${relative(root, args.path)}: it is outside the submission folder` }] };
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
  return {
    ok: false,
    kind: isSyntax ? 'syntax' : 'import',
    message: `${location.file}:${location.line}:${column + 1}: ${error.text}`,
    frame: codeFrame(location.lineText, location.line, column),
  };
}

export async function loadLessonFile(file: string, options: LoadOptions): Promise<Loaded> {
  if (!existsSync(file)) return { ok: false, kind: 'missing', message: `${relative(options.root, file)} does not exist` };
  const outfile = join(options.outDir, `${relative(options.root, file).replace(/[\\/]/g, '__')}.mjs`);
  try {
    await build({
      entryPoints: [file],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [submissionBoundary(options.root)],
      // Paths in esbuild's messages are then relative to the submission.
      absWorkingDir: options.root,
    });
  } catch (failure) {
    const errors = (failure as { errors?: Message[] }).errors;
    if (!errors?.length) throw failure;
    return describeBuildError(errors[0]);
  }
  return { ok: true, url: pathToFileURL(outfile).href };
}
