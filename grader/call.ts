// Runs a learner's lesson file in the sandbox: for grading, and for tools that want the learner's own
// results on given inputs (npm run search), never trusting the code with the calling process.
import { exerciseFile, findFunction, type LessonSpec } from '../curriculum/index.ts';
import { SANDBOX_DEFAULTS, runFile, runFiles, startSandboxesAhead, type FileJobs, type FileRun, type FunctionJob, type StuckWatch } from './isolate.ts';
import { serializedCalls } from './sandbox/protocol.ts';
import type { Argument } from './types.ts';
import { loadLessonFile, type LessonBundle } from './load.ts';
import { withTempFolder } from './workspace.ts';

/** Runs the jobs on an already bundled lesson file in a sandbox of its own (more only if it breaks). */
export function runLesson(bundle: LessonBundle, jobs: readonly FunctionJob[], watch?: StuckWatch): Promise<FileRun> {
  return runFile(bundle, jobs, SANDBOX_DEFAULTS, watch);
}

/** Runs bundled lesson files in as few sandboxes as the isolation allows: each file's run as soon as it is known. */
export function runLessons(files: readonly FileJobs[]): Promise<FileRun>[] {
  return runFiles(files, SANDBOX_DEFAULTS);
}

/**
 * Starts the sandboxes for `files` lesson files now, while they are bundled; those of them not taken end with
 * `done`. Sandboxes others started ahead (the watch mode's, kept ready between saves) are left alone.
 */
export function sandboxesAhead(files: number): { done: () => void } {
  return { done: startSandboxesAhead(SANDBOX_DEFAULTS, files) };
}

export type Called = { readonly ok: true; readonly run: FileRun } | { readonly ok: false; readonly reason: string };

/** Calls some of a lesson's functions on given inputs, with the registry's time limits. */
export async function callLessonFunctions(
  submission: string,
  lesson: LessonSpec,
  jobs: readonly { readonly name: string; readonly calls: readonly (readonly Argument[])[] }[],
): Promise<Called> {
  const timed = jobs.map(({ name, calls }): FunctionJob => {
    const located = findFunction(name);
    if (located?.lesson.number !== lesson.number) throw new Error(`lesson ${lesson.number} has no function ${name}`);
    return { name, calls: serializedCalls(calls), callTimeoutMs: located.spec.callTimeoutMs, functionTimeoutMs: located.spec.functionTimeoutMs };
  });
  const loaded = await withTempFolder('bundles', (outDir) => loadLessonFile(exerciseFile(lesson, submission), submission, outDir));
  if (!loaded.ok) return { ok: false, reason: loaded.message };
  const run = await runLesson(loaded.bundle, timed);
  return run.loadFailure ? { ok: false, reason: 'the lesson file did not load' } : { ok: true, run };
}
