// `npm run release -- OUT_DIR`: the student copy of the workbook. The lessons as handed out, their texts and
// hints, and the grader with the public cases only, whose answers are recorded (tables.ts): no solutions, no
// hidden cases, no seed but the public one, no instructor commands. Written into a folder of its own first,
// then moved into place: OUT_DIR is new or empty, and never half written.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { LESSONS, ROOT, STUBS_DIR, exerciseFile, lessonFolder, shownPath } from '../../curriculum/index.ts';
import { PUBLIC_TABLES } from '../../grader/public-answers.ts';
import { UsageError, fromCaller, isInside, parseCommandLine, type CommandSpec } from '../../lib/cli.ts';
import { CLASSROOM_WORKFLOW, classroomWorkflow } from './classroom.ts';
import { ENTRIES, LAUNCHERS, REFERENCE_FILE, RUNTIME_ASSETS, releaseSources } from './files.ts';
import { prunedLock, studentPackage, type PackageJson, type PackageLock } from './package.ts';
import { publicTables } from './tables.ts';

const USAGE = `Usage: npm run release -- OUT_DIR [--github-classroom]

Writes the student copy of the workbook into OUT_DIR, a new or empty folder
outside this one: the lesson files as handed out, the lesson texts and hints,
and the grader with the public cases only (their answers recorded, so the
copy needs no solution). No solutions, hidden cases, secret seed or
instructor commands go in. In the copy, npm install, then npm start or
npm run grade, work as here.

Options:
  --github-classroom  add .github/workflows/classroom.yml: GitHub Classroom's
                      autograding, a test per function with its points, run
                      on GitHub's own runners at each push
  -h, --help          show this help`;

/** The files of the root a copy has as they are. */
const ROOT_FILES = ['.gitignore', '.npmrc', 'lessons/data/bugs.json'];

/**
 * The copy's grader/reference.ts: the recorded answers (see grader/public-answers.ts). It names the tables'
 * digest, so that the grader's version (grader/version.ts, which hashes the sources) changes with them.
 */
function referenceSource(seed: number, countingKey: string, tables: Uint8Array): string {
  return `// This copy's reference, written by npm run release: the answers for the public cases, recorded from the
// reference solutions when the copy was made, and read from ${basename(PUBLIC_TABLES)}
// (SHA-256 ${createHash('sha256').update(tables).digest('hex')}). It holds no solution, so other seeds, hidden
// cases and the search for counterexamples need your instructor's grader.
import { ROOT, allFunctions, type FunctionName } from '../curriculum/index.ts';
import { publicReference } from './public-answers.ts';

export const { REFERENCE, REACH } = publicReference(
  ROOT,
  allFunctions().map(({ spec }) => spec.name as FunctionName),
  ${seed},
  '${countingKey}',
);
`;
}

/** tsconfig.json for the folders the copy has. */
function studentTsconfig(): string {
  const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: unknown; exclude: string[] };
  const include = ['bin', 'lessons', 'stubs', 'curriculum', 'grader', 'learner', 'workbook', 'embeddings', 'lib'];
  return `${JSON.stringify({ ...config, include, exclude: config.exclude.filter((path) => !path.startsWith('grader/fixtures')) }, null, 2)}\n`;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** OUT_DIR as given: a usage error unless it is new or empty, and outside the workbook. */
function outFolder(given: string): string {
  const out = fromCaller(given);
  if (isInside(ROOT, out)) throw new UsageError(`${given} is inside the workbook: give a folder outside it (the copy becomes a repository of its own)`);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new UsageError(`${given} already holds files: give a new or empty folder (nothing was written)`);
  }
  return out;
}

/** Every file of the copy, by path inside it: a path to copy from the workbook, or the text to write. */
async function copyFiles(classroom: boolean, report: (line: string) => void): Promise<Map<string, { from: string } | { text: string | Uint8Array }>> {
  report('Drawing the public cases and recording the reference’s answers …');
  const tables = await publicTables();
  const reference = referenceSource(tables.seed, tables.countingKey, tables.file);
  const sources = await releaseSources(reference);
  const pkg = studentPackage(readJson<PackageJson>('package.json'), sources.packages);
  const files = new Map<string, { from: string } | { text: string | Uint8Array }>();
  for (const file of [...sources.files, ...LAUNCHERS, ...RUNTIME_ASSETS, ...ROOT_FILES]) files.set(file, { from: join(ROOT, file) });
  for (const lesson of LESSONS) {
    const folder = lessonFolder(lesson);
    files.set(`lessons/${folder}/README.md`, { from: join(ROOT, 'lessons', folder, 'README.md') });
    files.set(`lessons/${folder}/exercise.ts`, { from: exerciseFile(lesson, STUBS_DIR) });
    files.set(`stubs/${folder}/exercise.ts`, { from: exerciseFile(lesson, STUBS_DIR) });
  }
  files.set(REFERENCE_FILE, { text: reference });
  files.set(PUBLIC_TABLES, { text: tables.file });
  files.set('README.md', { from: join(ROOT, 'instructor', 'release', 'README.md') });
  files.set('tsconfig.json', { text: studentTsconfig() });
  files.set('package.json', { text: json(pkg) });
  files.set('package-lock.json', { text: json(prunedLock(readJson<PackageLock>('package-lock.json'), pkg)) });
  if (classroom) files.set(CLASSROOM_WORKFLOW, { text: classroomWorkflow() });
  report(`${tables.cases} public cases, ${tables.answers} recorded answers; ${Object.keys(pkg.dependencies).length} dependencies.`);
  return files;
}

/** Bundles the copy's commands from the copy itself: every file they import must be there. */
async function checkComplete(dir: string): Promise<void> {
  try {
    await build({ entryPoints: ENTRIES, absWorkingDir: dir, bundle: true, write: false, outdir: 'unused', packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent' });
  } catch (error) {
    throw new Error(`the copy is incomplete, a file its commands import is missing: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    'github-classroom': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give one OUT_DIR: the folder the student copy goes into');
  const out = outFolder(positionals[0]);
  const report = (line: string) => process.stderr.write(`${line}\n`);
  const files = await copyFiles(values['github-classroom'], report);

  const staging = join(dirname(out), `.${basename(out)}.release-${process.pid}`);
  try {
    for (const [path, source] of files) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      if ('from' in source) cpSync(source.from, target);
      else writeFileSync(target, source.text);
    }
    await checkComplete(staging);
    if (existsSync(out)) rmdirSync(out); // empty, as checked: the copy takes its place
    renameSync(staging, out);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  process.stdout.write(
    [
      `Wrote the student copy to ${shownPath(out)} (${files.size} files).`,
      'Next:',
      `  cd ${shownPath(out)} && npm install && npm run grade    # try it: every function is a stub, so all fail`,
      '  git init && git add -A && git commit -m "Vector similarity workbook"   # then push it as the students\' template repository',
      ...(values['github-classroom'] ? [`  In GitHub Classroom, create the assignment from that repository: ${CLASSROOM_WORKFLOW} grades each push.`] : []),
      '',
    ].join('\n'),
  );
  return 0;
}

export const RELEASE: CommandSpec = { name: 'release', usage: USAGE, main };
