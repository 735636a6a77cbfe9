// Type errors never stop grading: a learner's code can be type-wrong yet compute the right numbers. They are
// reported as warnings. The type checker sees a closed set of files: the submission's own (those the lesson
// bundles hold, and the lesson files) and the grader's installed declarations (TypeScript's libraries, Node's
// and mathjs's types). With `noResolve`, an import of anything else is reported as not found without being
// read, so no other file's text can surface in a warning; tsc's own list of the files it read proves it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import { withTempFolder } from './workspace.ts';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TIMEOUT_MS = 20_000;
const require = createRequire(import.meta.url);

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

/** `01-euclidean/exercise.ts:3:5: type error TS2322: …` lines from tsc's `file(line,col): error TSnnnn: …`. */
export function parseTscOutput(output: string, submission: string): string[] {
  const warnings: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (match) warnings.push(`${relative(submission, match[1])}:${match[2]}:${match[3]}: type error ${match[4]}: ${match[5]}`);
  }
  return warnings;
}

function tsc(config: object, dir: string): Promise<{ stdout: string; failure?: string }> {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  return new Promise((done) => {
    execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false', '--listFiles'], { timeout: TIMEOUT_MS, maxBuffer: 4 << 20 }, (error, stdout) => {
      const failure = error?.killed ? `it took longer than ${TIMEOUT_MS / 1000} s` : undefined;
      done({ stdout, ...(failure ? { failure } : {}) });
    });
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
      writeFileSync(`${cache}.${process.pid}.tmp`, JSON.stringify(found));
      renameSync(`${cache}.${process.pid}.tmp`, cache);
    } catch {
      // read-only checkout: found again next time
    }
    return found;
  })();
  return declarations;
}

/** Type-checks `files` (relative to `submission`) and returns the type errors as warnings. */
export async function typecheckSubmission(submission: string, files: readonly string[]): Promise<string[]> {
  const own = [...new Set(files)].map((file) => join(submission, file)).filter((file) => existsSync(file));
  if (own.length === 0) return [];
  const { files: provided, libraryDir } = await graderDeclarations();
  const allowed = new Set([...provided, ...own]);
  return withTempFolder('typecheck', async (dir) => {
    const config = { compilerOptions: { ...COMPILER_OPTIONS, noResolve: true, types: [], typeRoots: [] }, files: [...provided, ...own] };
    const { stdout, failure } = await tsc(config, dir);
    if (failure) return [`type check skipped: ${failure}`];
    const stray = listedFiles(stdout).find((file) => !allowed.has(file) && dirname(file) !== libraryDir);
    // Never expected: a change in how tsc reads files would show here instead of leaking a file's text.
    if (stray) return [`type check skipped: it would have read a file outside the submission`];
    return parseTscOutput(stdout, submission);
  });
}
