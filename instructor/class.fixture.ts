// Internal to the instructor's tests: a class of 30 submissions in every form grade-all reads, built in a
// temporary folder: right, partly wrong and untouched work; as folders, zips, a cloned repository, Moodle's
// folders and Canvas's flat files; and the broken and hostile ones (empty, not a zip, a syntax error, an
// infinite loop, a grader killer, a zip that climbs out of its folder or holds a link).
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, lessonFolder } from '../curriculum/index.ts';
import { WRONG } from '../grader/zoo/mutants.ts';
import { swapFunction } from '../test/submission.ts';

export interface FixtureClass {
  readonly dir: string;
  /** What each entry's row must say: graded (and its score), or not graded (and a word of the reason). */
  readonly expected: ReadonlyMap<string, { readonly status: 'graded'; readonly score?: number } | { readonly status: 'refused' | 'duplicate'; readonly reason: RegExp }>;
  /** The manifest's CSV text. */
  readonly manifest: string;
}

/** The solutions with one function replaced by a known wrong version. */
function oneWrong(dir: string, index: number): void {
  const mutant = WRONG[index];
  swapFunction(dir, mutant.fn, mutant.source, mutant.preamble);
}

/** A zip of `tree`'s files, plus entries given raw (a name that climbs out, a link). */
async function zipOf(tree: string | undefined, target: string, extra: (zip: yazl.ZipFile) => void = () => undefined): Promise<void> {
  const zip = new yazl.ZipFile();
  if (tree) {
    for (const lesson of LESSONS) zip.addFile(exerciseFile(lesson, tree), `${lessonFolder(lesson)}/exercise.ts`);
  }
  extra(zip);
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(target)));
}

export async function fixtureClass(): Promise<FixtureClass> {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-class-'));
  const expected = new Map<string, FixtureClass['expected'] extends ReadonlyMap<string, infer V> ? V : never>();
  const folder = (name: string, from: string) => {
    cpSync(from, join(dir, name), { recursive: true });
    return join(dir, name);
  };
  // Right, in every form.
  for (const name of ['ada', 'ben', 'cy']) {
    folder(name, SOLUTIONS_DIR);
    expected.set(name, { status: 'graded', score: 14 });
  }
  cpSync(SOLUTIONS_DIR, join(dir, 'dan-repo', 'project', 'lessons'), { recursive: true });
  writeFileSync(join(dir, 'dan-repo', 'README.md'), '# my work\n');
  expected.set('dan-repo', { status: 'graded', score: 14 });
  folder('Émilie Zoë_1001_assignsubmission_file_', SOLUTIONS_DIR);
  expected.set('Émilie Zoë_1001_assignsubmission_file_', { status: 'graded', score: 14 });
  await zipOf(SOLUTIONS_DIR, join(dir, 'fay.zip'));
  expected.set('fay.zip', { status: 'graded', score: 14 });
  // Canvas's flat download: two students, one with a file uploaded twice (the later one counts).
  for (const lesson of LESSONS) writeFileSync(join(dir, `gomezgus_2002_9${lesson.number}_exercise${lesson.number === '01' ? '' : `-${Number(lesson.number) - 1}`}.ts`), readFileSync(exerciseFile(lesson, SOLUTIONS_DIR)));
  expected.set('canvas:2002', { status: 'graded', score: 14 });
  writeFileSync(join(dir, 'hillhal_late_3003_91_exercise.ts'), readFileSync(exerciseFile(LESSONS[0], STUBS_DIR)));
  writeFileSync(join(dir, 'hillhal_late_3003_92_exercise-1.ts'), readFileSync(exerciseFile(LESSONS[0], SOLUTIONS_DIR)));
  expected.set('canvas:3003', { status: 'graded', score: 3 });
  // Partly wrong: one known mistake each, in lessons 01 to 05.
  for (const [i, index] of [0, 8, 16, 24, 32, 40, 48, 56].entries()) {
    oneWrong(folder(`wrong-${i}`, SOLUTIONS_DIR), index % WRONG.length);
    // Functions built on the wrong one may fail too: the score is checked against grading it alone.
    expected.set(`wrong-${i}`, { status: 'graded' });
  }
  // Not started, or started in part.
  for (const name of ['ivy', 'jon', 'kim']) {
    folder(name, STUBS_DIR);
    expected.set(name, { status: 'graded', score: 0 });
  }
  const half = folder('lee', STUBS_DIR);
  cpSync(exerciseFile(LESSONS[0], SOLUTIONS_DIR), exerciseFile(LESSONS[0], half));
  expected.set('lee', { status: 'graded', score: 3 });
  // Broken.
  mkdirSync(join(dir, 'empty'));
  expected.set('empty', { status: 'refused', reason: /no lesson file/ });
  writeFileSync(join(dir, 'not-a-zip.zip'), 'PK this is not a zip archive');
  expected.set('not-a-zip.zip', { status: 'refused', reason: /not a zip archive/ });
  const syntax = folder('syntax', SOLUTIONS_DIR);
  writeFileSync(exerciseFile(LESSONS[1], syntax), 'export function dot(a: number[], b: number[]): number {\n  return a[0] * * b[0];\n}\n');
  // Lesson 02 does not bundle, nor do 03 to 05, which import it: lesson 01 alone passes.
  expected.set('syntax', { status: 'graded', score: 3 });
  // Hostile: a function that never returns, one that kills its parent and exits; a zip that climbs out and links.
  folder('hostile', join(ROOT, 'grader', 'fixtures', 'hostile'));
  expected.set('hostile', { status: 'graded' });
  const loops = folder('loops', SOLUTIONS_DIR);
  writeFileSync(exerciseFile(LESSONS[0], loops), readFileSync(exerciseFile(LESSONS[0], loops), 'utf8').replace('export function euclidean(a: readonly number[], b: readonly number[]): number {', '$&\n  for (;;) {}'));
  expected.set('loops', { status: 'graded' });
  // yazl refuses to write a name that climbs out: one of the same length is written, then renamed in the bytes.
  await zipOf(SOLUTIONS_DIR, join(dir, 'climber.zip'), (zip) => zip.addBuffer(Buffer.from('export const escaped = true;\n'), 'x/zz/zz/escaped.ts'));
  const climber = readFileSync(join(dir, 'climber.zip'));
  writeFileSync(join(dir, 'climber.zip'), Buffer.from(climber.toString('latin1').replaceAll('x/zz/zz/escaped.ts', 'x/../../escaped.ts'), 'latin1'));
  expected.set('climber.zip', { status: 'refused', reason: /zip archive/ });
  await zipOf(SOLUTIONS_DIR, join(dir, 'linker.zip'), (zip) => {
    // A link to the grader's own files, stored as a link entry (mode 0o120777): never followed, never written.
    zip.addBuffer(Buffer.from(join(ROOT, 'solutions')), 'solutions.ts', { mode: 0o120777 });
  });
  expected.set('linker.zip', { status: 'graded', score: 14 });
  await zipOf(STUBS_DIR, join(dir, 'nia.zip'));
  expected.set('nia.zip', { status: 'graded', score: 0 });
  // Two entries of one student, named so by the manifest.
  folder('mia-first', SOLUTIONS_DIR);
  folder('mia-second', STUBS_DIR);
  expected.set('mia-first', { status: 'duplicate', reason: /also has mia-second/ });
  expected.set('mia-second', { status: 'duplicate', reason: /also has mia-first/ });
  writeFileSync(join(dir, 'notes.txt'), 'not a submission');
  const manifest = ['submission,student_id,name', 'mia-first,5005,"Mia ""M"" O\'Neil, Jr."', 'mia-second,5005,"Mia ""M"" O\'Neil, Jr."', 'ada,6006,"Ada, Countess of Lovelace"'].join('\n');
  return { dir, expected, manifest };
}

/** Every path under `dir` with its bytes: equal before and after means nothing was created, changed or removed. */
export function snapshot(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else result.set(relative(dir, path), entry.isFile() ? readFileSync(path).toString('base64') : 'not a file');
    }
  };
  walk(dir);
  return result;
}
