// Type errors never stop grading: a learner's code can be type-wrong yet compute the right numbers. They are
// reported as warnings. The type checker sees a closed set of files: copies of the submission's own (those the
// lesson bundles hold, and the lesson files, each a regular file really inside the submission) and the grader's
// installed declarations (TypeScript's libraries, Node's and mathjs's types). With `noResolve`, an import of
// anything else is reported as not found without being read, so no other file's text can surface in a
// warning; tsc's own list of the files it read proves it. Types can be made to compute for ever, so the
// checker (the native binary itself, not its Node wrapper, which would leave it running when killed) has a
// time limit, a memory cap and dies with the grader.
import { type ExecFileException, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import { onCleanup } from './cleanup.ts';
import { forgetOldest, writeWhole } from './kept-files.ts';
import { insideRoot, readOwnFile } from './own-files.ts';
import { sandboxLauncher } from './sandbox/launch.ts';
import { withTempFolder } from './workspace.ts';

const require = createRequire(import.meta.url);
/** How long, how much memory and how much output the checker may take; tests lower them. */
export interface TypecheckLimits {
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** More than the type errors of every lesson file together: more is a type bomb's, not a learner's. */
  readonly outputBytes: number;
}
const LIMITS: TypecheckLimits = { timeoutMs: 20_000, memoryMb: 1024, outputBytes: 4 << 20 };
/** Larger than any lesson file: a bigger one is not worth the checker's time. */
const MAX_FILE_BYTES = 256 * 1024;
/** Type errors shown; the rest are counted. */
const MAX_WARNINGS = 50;
/** A type error's message can quote a type the learner made as long as they liked. */
const MAX_WARNING_LENGTH = 500;

/** TypeScript 7's compiler is a native binary in a package per platform; `bin/tsc` only starts it. */
const TSC = join(
  dirname(createRequire(require.resolve('typescript/package.json')).resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`)),
  'lib',
  process.platform === 'win32' ? 'tsc.exe' : 'tsc',
);

const COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'ESNext',
  moduleResolution: 'bundler',
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  // The submission may live anywhere on disk; its `mathjs` is the grader's.
  paths: { mathjs: [join(ROOT, 'node_modules', 'mathjs')] },
};

const clip = (warning: string) => (warning.length > MAX_WARNING_LENGTH ? `${warning.slice(0, MAX_WARNING_LENGTH)}…` : warning);

/** `01-euclidean/exercise.ts:3:5: type error TS2322: …` lines from tsc's `file(line,col): error TSnnnn: …`. */
export function parseTscOutput(output: string, submission: string): string[] {
  const warnings: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (match) warnings.push(clip(`${relative(submission, match[1])}:${match[2]}:${match[3]}: type error ${match[4]}: ${match[5]}`));
  }
  return warnings.length > MAX_WARNINGS ? [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more type errors`] : warnings;
}

/**
 * Why tsc's run cannot be trusted to have listed every type error, if it cannot. Every doubt fails closed: a
 * skipped check says so instead of passing for a clean one. tsc exits 0 when clean and 1 with type errors listed;
 * a crash (a Go panic exits 2) writes to stderr, where tsc writes nothing otherwise. Exported for its tests only.
 */
export function failureOf(error: ExecFileException | null, stdout: string, stderr: string, limits: TypecheckLimits): string | undefined {
  if (error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `its output passed ${Math.ceil(limits.outputBytes / 1024)} KB`;
  if (error?.signal) return `it took longer than ${limits.timeoutMs / 1000} s`;
  if (/out of memory/i.test(stderr)) return `the type checker needed more than ${limits.memoryMb} MB`;
  if (typeof error?.code === 'string') return `the type checker could not start (${error.code})`;
  if (stderr.trim() !== '') return 'the type checker crashed';
  const code = error?.code ?? 0;
  if (code === 0 || (code === 1 && /\): error TS\d+: /.test(stdout))) return undefined;
  return `the type checker stopped with exit code ${code} without listing a type error`;
}

async function tsc(config: object, dir: string, limits: TypecheckLimits = LIMITS): Promise<{ stdout: string; failure?: string }> {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const args = ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false', '--listFiles'];
  const command = (await sandboxLauncher()).tool(TSC, args, { memoryMb: limits.memoryMb, cpuSeconds: Math.ceil(limits.timeoutMs / 1000) });
  return new Promise((done) => {
    const child = execFile(command.file, command.args, { timeout: limits.timeoutMs, killSignal: 'SIGKILL', maxBuffer: limits.outputBytes }, (error, stdout, stderr) => {
      stopWith();
      const failure = failureOf(error, stdout, stderr, limits);
      done({ stdout, ...(failure ? { failure } : {}) });
    });
    const stopWith = onCleanup(() => child.kill('SIGKILL'));
  });
}

/** The absolute paths tsc listed as the files of its program. */
const listedFiles = (stdout: string) => stdout.split('\n').map((line) => line.trim()).filter((line) => isAbsolute(line) && !line.includes('): error TS'));

const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

interface Declarations {
  /** Node's and mathjs's declaration files, with everything they pull in. */
  readonly files: readonly string[];
  /** TypeScript's own library folder (lib.es2023.d.ts …): tsc may read any of it. */
  readonly libraryDir: string;
}

let declarations: Promise<Declarations> | undefined;

/** The grader's declaration files, found once by letting tsc resolve them for a file of its own; cached by version. */
function graderDeclarations(): Promise<Declarations> {
  declarations ??= (async () => {
    const cache = join(ROOT, '.cache', 'grader', `declarations-${versionOf('typescript')}-${versionOf('@types/node')}-${versionOf('mathjs')}.json`);
    if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as Declarations;
    const listed = await withTempFolder('declarations', async (dir) => {
      writeFileSync(join(dir, 'probe.ts'), "import * as math from 'mathjs';\nexport const probe = [math, process];\n");
      const config = { compilerOptions: { ...COMPILER_OPTIONS, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] }, files: [join(dir, 'probe.ts')] };
      return listedFiles((await tsc(config, dir)).stdout).filter((file) => file.startsWith(join(ROOT, 'node_modules')));
    });
    const libraryDir = dirname(listed.find((file) => basename(file) === 'lib.es5.d.ts') ?? TSC);
    const found = { files: listed.filter((file) => dirname(file) !== libraryDir), libraryDir };
    try {
      mkdirSync(dirname(cache), { recursive: true });
      writeWhole(cache, JSON.stringify(found));
    } catch {
      // read-only checkout: found again next time
    }
    return found;
  })();
  return declarations;
}

/** Type-checks `files` (relative to `submission`) and returns the type errors as warnings. */
/** `useKept`: give back the warnings kept from an earlier check of exactly these files, and keep this one's. */
export async function typecheckSubmission(submission: string, files: readonly string[], limits: TypecheckLimits = LIMITS, useKept = false): Promise<string[]> {
  const realRoot = realpathSync(submission);
  return withTempFolder('typecheck', async (dir) => {
    // tsc reads copies in the grader's private folder, made from files read once and checked as they were read
    // (see own-files.ts): nothing done to the submission meanwhile, such as a file swapped for a link, reaches it.
    const copies = join(realpathSync(dir), 'submission');
    const own: string[] = [];
    for (const file of new Set(files)) {
      const copy = join(copies, file);
      const read = insideRoot(copies, copy) ? readOwnFile(realRoot, join(submission, file), MAX_FILE_BYTES) : undefined;
      if (!read || 'refused' in read) continue;
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(copy, read.text);
      own.push(copy);
    }
    if (own.length === 0) return [];
    const { files: provided, libraryDir } = await graderDeclarations();
    const remembered = useKept ? rememberedWarnings(copies, own, provided) : { keep: (warnings: string[]) => warnings };
    if (remembered.warnings) return remembered.warnings;
    const allowed = new Set([...provided, ...own]);
    const config = { compilerOptions: { ...COMPILER_OPTIONS, noResolve: true, types: [], typeRoots: [] }, files: [...allowed] };
    const { stdout, failure } = await tsc(config, dir, limits);
    if (failure) return [`type check skipped: ${failure}`];
    const stray = listedFiles(stdout).find((file) => !allowed.has(file) && dirname(file) !== libraryDir);
    // Never expected: a change in how tsc reads files would show here instead of leaking a file's text.
    if (stray) return [`type check skipped: it would have read a file outside the submission`];
    return remembered.keep(parseTscOutput(stdout, copies));
  });
}

// ---- the same files give the same type errors: a finished check is kept, by content hash ----

const RESULTS_DIR = join(ROOT, '.cache', 'grader', 'typecheck');
/** Kept results at most; the oldest go first. */
const RESULTS_KEPT = 500;
/** Raised when what a kept result means changes (the warnings' wording, say). */
const RESULTS_FORMAT = 1;

/**
 * The warnings a check of exactly these files (names and texts, read from the copies tsc would read) gave
 * before, with the same compiler, options and declarations; or how to keep this check's. Only a finished
 * check is kept: one skipped for time or memory may go through next time.
 */
function rememberedWarnings(copies: string, own: readonly string[], provided: readonly string[]): { warnings?: string[]; keep: (warnings: string[]) => string[] } {
  const hash = createHash('sha256').update(JSON.stringify([RESULTS_FORMAT, versionOf('typescript'), COMPILER_OPTIONS, provided.map((file) => relative(ROOT, file))]));
  for (const file of [...own].sort()) hash.update(`\0${relative(copies, file)}\0`).update(readFileSync(file));
  const kept = join(RESULTS_DIR, `${hash.digest('hex')}.json`);
  try {
    return { warnings: JSON.parse(readFileSync(kept, 'utf8')) as string[], keep: (warnings) => warnings };
  } catch {
    // not checked before
  }
  const keep = (warnings: string[]) => {
    try {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeWhole(kept, JSON.stringify(warnings));
      forgetOldest(RESULTS_DIR, RESULTS_KEPT);
    } catch {
      // read-only checkout: checked again next time
    }
    return warnings;
  };
  return { keep };
}
