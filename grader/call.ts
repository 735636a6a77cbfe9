// Calls a learner's lesson functions on given inputs, in the same sandbox the grader uses: for tools that
// want the learner's own results (npm run search), never trusting the code with the process.
import { exerciseFile, type LessonSpec } from '../curriculum/index.ts';
import { SANDBOX_DEFAULTS, runFile, type FunctionJob, type FileRun } from './isolate.ts';
import { loadLessonFile } from './load.ts';
import { withWorkspace } from './workspace.ts';

export type Called = { readonly ok: true; readonly run: FileRun } | { readonly ok: false; readonly reason: string };

export function callLessonFunctions(submission: string, lesson: LessonSpec, jobs: readonly Omit<FunctionJob, 'callTimeoutMs'>[]): Promise<Called> {
  return withWorkspace(async ({ outDir, sandboxEntry }) => {
    const loaded = await loadLessonFile(exerciseFile(lesson, submission), { root: submission, outDir });
    if (!loaded.ok) return { ok: false, reason: loaded.message };
    const callTimeoutMs = (name: string) => {
      const spec = lesson.functions.find((candidate) => candidate.name === name);
      if (!spec) throw new Error(`lesson ${lesson.number} has no function ${name}`);
      return spec.callTimeoutMs;
    };
    const run = await runFile(
      loaded.url,
      jobs.map((job) => ({ ...job, callTimeoutMs: callTimeoutMs(job.name) })),
      { sandboxEntry, ...SANDBOX_DEFAULTS, fileTimeoutMs: lesson.fileTimeoutMs },
    );
    return run.loadFailure ? { ok: false, reason: 'the lesson file did not load' } : { ok: true, run };
  });
}
