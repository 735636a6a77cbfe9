// The workbook's live verdicts: the learner's lesson files watched (learner/watch/changes.ts) and graded again at
// each save by the grader kept warm as in the watch mode (learner/watch/warm.ts), the type check beside it. A save
// seen while a grade runs is graded once that grade ends, as the watch mode's state machine does. Whoever listens
// (the server's event stream) is told at each change: a grade began, verdicts came, warnings came. Nothing here
// writes a file of the learner's.
import { watchLessonFiles, type LessonWatch } from '../learner/watch/changes.ts';
import { typecheckLoop, warmGrader, type GradedFiles } from '../learner/watch/warm.ts';
import type { GradeReport } from '../grader/types.ts';

export interface LiveState {
  readonly report?: GradeReport;
  /** The lesson files as they were when the verdicts' grade began. */
  readonly graded?: GradedFiles;
  /** A grade is running: the verdicts may be about to change. */
  readonly grading: boolean;
  readonly failure?: string;
  readonly warnings: readonly string[];
  /** The last verdicts' time from the save that asked for them, in ms. */
  readonly ms?: number;
}

export interface Live {
  state(): LiveState;
  /** Calls `listener` at each change of the state; returns what stops it. */
  subscribe(listener: (state: LiveState) => void): () => void;
  /** Resolves once saves are watched and the first grade is under way. */
  readonly ready: Promise<void>;
  /** Grades again now, as a save does: for file systems that tell no saves (some WSL setups, network drives). */
  gradeAgain(): void;
  /** Makes the next grade's sandboxes ready again, after other sandbox work (the pictures) took them. */
  readyForNextSave(): Promise<void>;
  close(): Promise<void>;
}

export function startLive(lessons: string): Live {
  let state: LiveState = { grading: true, warnings: [] };
  const listeners = new Set<(state: LiveState) => void>();
  const set = (changes: Partial<LiveState>) => {
    state = { ...state, ...changes };
    for (const listener of listeners) listener(state);
  };
  /** `again`: a save came while grading, so the verdicts coming are already stale. */
  let grading: 'idle' | 'running' | 'again' = 'idle';
  let savedAt: number | undefined;

  const typecheck = typecheckLoop(lessons, (warnings) => set({ warnings }));
  const grader = warmGrader(lessons, {
    graded: (report, ms, searched, graded) => {
      if (!searched) settle();
      set({ report, graded, ms, grading: grading !== 'idle', failure: undefined });
      if (!searched) typecheck();
    },
    failed: (message) => {
      settle();
      set({ grading: grading !== 'idle', failure: message });
    },
  });
  const gradeNow = () => {
    grading = 'running';
    const began = savedAt;
    savedAt = undefined;
    grader.grade(began);
  };
  /** A grade ended: another one now if a save came meanwhile. */
  const settle = () => {
    if (grading === 'again') gradeNow();
    else grading = 'idle';
  };

  const onSave = (at: number) => {
    savedAt = at;
    if (grading !== 'idle') {
      grading = 'again';
      return;
    }
    gradeNow();
    set({ grading: true });
  };
  const files: LessonWatch = watchLessonFiles(lessons, onSave);
  // The first grade once the watcher is ready: a save made while it looks the folder over would go unseen.
  const ready = files.ready.then(gradeNow);

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    gradeAgain: () => onSave(performance.now()),
    readyForNextSave: () => grader.ready(),
    close: async () => {
      listeners.clear();
      await files.close();
    },
  };
}
