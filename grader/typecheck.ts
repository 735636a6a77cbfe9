// Type errors never stop grading: a learner's code can be type-wrong yet compute the right numbers. They are
// reported as warnings. The native TypeScript compiler checks a submission in well under a second.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, exerciseFile, type LessonSpec } from '../curriculum/index.ts';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TIMEOUT_MS = 20_000;

/** `01-euclidean/exercise.ts:3:5: type error TS2322: …` lines from tsc's `file(line,col): error TSnnnn: …`. */
export function parseTscOutput(output: string, submission: string): string[] {
  const warnings: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim());
    if (match) warnings.push(`${relative(submission, match[1])}:${match[2]}:${match[3]}: type error ${match[4]}: ${match[5]}`);
  }
  return warnings;
}

export function typecheckSubmission(submission: string, lessons: readonly Pick<LessonSpec, 'number' | 'slug'>[]): Promise<string[]> {
  const files = lessons.map((lesson) => exerciseFile(lesson, submission)).filter(existsSync);
  if (files.length === 0) return Promise.resolve([]);
  const dir = mkdtempSync(join(tmpdir(), 'vector-typecheck-'));
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'ESNext',
      moduleResolution: 'bundler',
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      types: ['node'],
      // The submission may live anywhere on disk; its `mathjs` is the grader's.
      paths: { mathjs: [join(ROOT, 'node_modules', 'mathjs')] },
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { timeout: TIMEOUT_MS, maxBuffer: 4 << 20 }, (error, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      const warnings = parseTscOutput(stdout, submission);
      if (error && warnings.length === 0) {
        const reason = error.killed ? `it took longer than ${TIMEOUT_MS / 1000} s` : stdout.trim().split('\n')[0] || error.message;
        resolve([`type check skipped: ${reason}`]);
      } else resolve(warnings);
    });
  });
}
