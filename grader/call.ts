// Runs a learner's lesson file in the sandbox: for grading, and for tools that want the learner's own
// results on given inputs (npm run search), never trusting the code with the calling process.
import { exerciseFile, findFunction, type LessonSpec } from '../curriculum/index.ts';
import { SANDBOX_DEFAULTS, runFile, type FileRun, type FunctionJob } from './isolate.ts';
import { loadLessonFile, type Loaded } from './load.ts';
import { inWorkspace, type Workspace } from './workspace.ts';

export type LessonRun = { readonly ok: true; readonly run: FileRun } | { readonly ok: false; readonly failure: Extract<Loaded, { ok: false }> };

/** Bundles the submission's lesson file and runs the jobs on it in sandbox processes. */
export async function runLesson(submission: string, lesson: LessonSpec, jobs: readonly FunctionJob[], workspace: Workspace): Promise<LessonRun> {
  const loaded = await loadLessonFile(exerciseFile(lesson, submission), { root: submission, outDir: workspace.outDir });
  if (!loaded.ok) return { ok: false, failure: loaded };
  const run = await runFile(loaded.url, jobs, { sandboxEntry: workspace.sandboxEntry, ...SANDBOX_DEFAULTS, fileTimeoutMs: lesson.fileTimeoutMs });
  return { ok: true, run };
}

export type Called = { readonly ok: true; readonly run: FileRun } | { readonly ok: false; readonly reason: string };

/** Calls some of a lesson's functions on given inputs, with the registry's time limits. */
export async function callLessonFunctions(
  submission: string,
  lesson: LessonSpec,
  jobs: readonly Omit<FunctionJob, 'callTimeoutMs'>[],
  workspace?: Workspace,
): Promise<Called> {
  const timed = jobs.map((job) => {
    const located = findFunction(job.name);
    if (located?.lesson.number !== lesson.number) throw new Error(`lesson ${lesson.number} has no function ${job.name}`);
    return { ...job, callTimeoutMs: located.spec.callTimeoutMs };
  });
  return inWorkspace(workspace, async (ready) => {
    const result = await runLesson(submission, lesson, timed, ready);
    if (!result.ok) return { ok: false, reason: result.failure.message };
    return result.run.loadFailure ? { ok: false, reason: 'the lesson file did not load' } : { ok: true, run: result.run };
  });
}
