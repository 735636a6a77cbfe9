// A grader kept warm in this process, for the loops that grade each save of the learner's lesson files: the watch
// mode (index.ts) and the browser workbook (workbook/live.ts). The grader's modules stay loaded, esbuild's service
// stays up, unchanged lessons give back their kept results, and between grades sandboxes are started and the next
// grade's cases drawn, so a save costs a bundle and a run of the changed lesson only. The search for a failure's
// smallest input comes after the verdict is out. Learner code still runs in sandboxes, never here.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LESSONS, exerciseFile } from '../../curriculum/index.ts';
import { DEFAULT_SEED, grade } from '../../grader/grade.ts';
import { REACH } from '../../grader/reference.ts';
import { typecheckSubmission } from '../../grader/typecheck.ts';
import type { GradeReport } from '../../grader/types.ts';

/** Sandboxes kept ready between grades: as many as a grade of several lesson files shares them out to. */
const READY_SANDBOXES = 2;

/** Each lesson file's SHA-256 as it was when a grade began, by lesson number ('none' for a file that is not there). */
export type GradedFiles = Readonly<Record<string, string>>;

/** The lesson files' digests now. */
export function lessonFileDigests(lessons: string): GradedFiles {
  return Object.fromEntries(
    LESSONS.map((lesson) => {
      const file = exerciseFile(lesson, lessons);
      return [lesson.number, existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'none'];
    }),
  );
}

export interface WarmGrading {
  /**
   * Verdicts, `ms` after the save: first as soon as they are known, then again (`searched`) with the smallest
   * input that fails, where a function failed; with the lesson files as they were when the grade began (a file
   * saved since may not be what was graded). Awaited before the next grade is made ready.
   */
  readonly graded: (report: GradeReport, ms: number, searched: boolean, files: GradedFiles) => void | Promise<void>;
  /** Grading gave no verdicts (a bug of the grader's, or a folder gone). */
  readonly failed: (message: string) => void;
}

export interface WarmGrader {
  /** Grades the lessons now; `began` (performance.now()) is when the save that asked for it was first seen. */
  grade(began?: number): void;
  /** Starts sandboxes and draws cases for the next grade: again after other sandbox work took the ready ones. */
  ready(): Promise<void>;
}

export function warmGrader(lessons: string, on: WarmGrading): WarmGrader {
  const ready = async () => {
    const pipeline = await import('../../grader/pipeline.ts');
    pipeline.sandboxesAhead(READY_SANDBOXES);
    pipeline.drawCasesAhead(DEFAULT_SEED, true);
  };
  // Bumped by every grade asked for: a slower, older grade's search never replaces a newer grade's verdicts.
  let generation = 0;
  return {
    ready,
    grade(began = performance.now()) {
      const mine = ++generation;
      const files = lessonFileDigests(lessons);
      const options = { submission: lessons, seed: DEFAULT_SEED, cache: true, typecheck: false } as const;
      grade({ ...options, counterexamples: false }).then(
        async (report) => {
          // A newer grade is under way: its verdicts are the ones to show.
          if (mine !== generation) return;
          const ms = performance.now() - began;
          await on.graded(report, ms, false, files);
          // Out first: making the next grade ready keeps the process busy a while, and what was written to a socket
          // (the workbook's event stream) leaves only once the code running now lets go.
          await new Promise((resolve) => setImmediate(resolve));
          // What follows the verdict only adds to it: its failure is not the grade's, whose verdicts stand.
          try {
            await ready();
            // The smallest input that fails takes sandbox runs of its own: it is looked for once the verdict is out
            // (never in a student copy, whose reference has no answers for new inputs: grade.ts).
            if (REACH.kind === 'public' || mine !== generation || !report.exercises.some((exercise) => exercise.status === 'fail')) return;
            const searched = await grade({ ...options, counterexamples: true });
            if (mine === generation) await on.graded(searched, ms, true, files);
            await ready();
          } catch {
            // the verdicts shown stand; the next save grades afresh
          }
        },
        (error: Error) => {
          if (mine === generation) on.failed(error.message);
        },
      );
    },
  };
}

/**
 * The type check of the lesson files, one at a time: asked for while one runs, it runs once more when that one
 * ends. Its warnings only add to the verdicts, so a type check that fails is let go.
 */
export function typecheckLoop(lessons: string, onWarnings: (warnings: string[]) => void): () => void {
  const files = LESSONS.map((lesson) => relative(lessons, exerciseFile(lesson, lessons)));
  let state: 'idle' | 'running' | 'again' = 'idle';
  const run = (): void => {
    if (state !== 'idle') return void (state = 'again');
    state = 'running';
    typecheckSubmission(lessons, files, undefined, true)
      .then(onWarnings)
      .catch(() => undefined)
      .finally(() => {
        const again = state === 'again';
        state = 'idle';
        if (again) run();
      });
  };
  return run;
}
