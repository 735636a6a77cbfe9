// The watch mode's state machine (`npm start`): events in (keys, saved files, verdicts), a new state and the
// actions to take out. Nothing here touches a terminal, a file or a process, so every screen and every decision
// is tested without one (state.test.ts); index.ts does the actions and feeds back their events.
import { allFunctions, type LocatedFunction } from '../../curriculum/index.ts';
import type { ExerciseResult, GradeReport } from '../../grader/types.ts';
import { nextHint } from '../hint.ts';
import type { Progress } from '../progress.ts';

/** The keys the loop answers, named; j/k and space are read as down/up and page down by the terminal. */
export type Key = 'n' | 'p' | 'h' | 'l' | 't' | 'r' | 'x' | 'q' | 'y' | 'up' | 'down' | 'pageup' | 'pagedown' | 'enter' | 'escape' | 'ctrl-c' | 'other';

/** What fills the screen: a function and its verdict, its lesson's text, the list of all, or a reset to confirm. */
export type View = 'exercise' | 'lesson' | 'list' | 'confirm-reset';

export interface State {
  /** Every function of the course, in course order; `current` is an index into it. */
  readonly functions: readonly LocatedFunction[];
  readonly current: number;
  readonly view: View;
  /** The function the list's cursor is on. */
  readonly cursor: number;
  /** The first line shown of a view taller than the screen. */
  readonly scroll: number;
  /** The last verdicts, and how long they took from the save. */
  readonly report?: GradeReport;
  readonly gradeMs?: number;
  /** `again`: a file changed while grading, so the verdicts coming are already stale. */
  readonly grading: 'idle' | 'running' | 'again';
  /** The type checker's warnings about the files last graded; they come after the verdict, never delay it. */
  readonly warnings: readonly string[];
  readonly progress: Progress;
  /** What just happened: a reset and its backup (kept until a key), a function that passes now (until the next verdict). */
  readonly notice?: Notice;
  /** Why the last grade gave no verdicts; gone with the next verdicts. */
  readonly failure?: string;
  /** `r` was pressed: the verdict it brings says so when nothing changed. */
  readonly asked: boolean;
  /** No file events: grading happens on `r` only. */
  readonly manual: boolean;
  /** The lessons folder as the learner would type it (`lessons`, or the folder given with --submission). */
  readonly folder: string;
}

export interface Notice {
  readonly text: string;
  readonly until: 'key' | 'verdict';
}

export type Event =
  | { readonly type: 'key'; readonly key: Key }
  /** A lesson file was saved (debounced by the watcher). */
  | { readonly type: 'changed' }
  | { readonly type: 'graded'; readonly report: GradeReport; readonly ms: number }
  | { readonly type: 'grade-failed'; readonly message: string }
  | { readonly type: 'typechecked'; readonly warnings: readonly string[] }
  | { readonly type: 'reset-done'; readonly message: string };

export type Action =
  | { readonly type: 'grade' }
  | { readonly type: 'typecheck' }
  | { readonly type: 'reset'; readonly located: LocatedFunction }
  | { readonly type: 'save-progress'; readonly progress: Progress }
  /** 130 after Ctrl-C, as shells report an interrupted program. */
  | { readonly type: 'quit'; readonly code: 0 | 130 };

export interface Step {
  readonly state: State;
  readonly actions: readonly Action[];
}

/** The loop as it opens: nothing graded yet, the first grade asked for. */
export function start(progress: Progress, manual: boolean, folder = 'lessons'): Step {
  const state: State = { functions: allFunctions(), current: 0, view: 'exercise', cursor: 0, scroll: 0, grading: 'running', warnings: [], progress, asked: false, manual, folder };
  return { state, actions: [{ type: 'grade' }] };
}

/** The verdict of the function at `index`, when it was graded. */
export function resultOf(state: State, index = state.current): ExerciseResult | undefined {
  const name = state.functions[index]?.spec.name;
  return state.report?.exercises.find((exercise) => exercise.function === name);
}

/** Every function of the course passes. */
export const allPass = (state: State): boolean => state.functions.every((_, i) => resultOf(state, i)?.status === 'pass');

const PAGE = 10;

/** A grade asked for: run now, or once the one running ends. */
function gradeAgain(state: State, notice = state.notice): Step {
  const next = { ...state, notice, asked: false };
  if (state.grading !== 'idle') return { state: { ...next, grading: 'again' }, actions: [] };
  return { state: { ...next, grading: 'running' }, actions: [{ type: 'grade' }] };
}

function moveTo(state: State, index: number): State {
  const current = Math.max(0, Math.min(state.functions.length - 1, index));
  return { ...state, current, cursor: current, view: 'exercise', scroll: 0, notice: undefined };
}

const sameVerdicts = (a: GradeReport | undefined, b: GradeReport) => JSON.stringify(a?.exercises) === JSON.stringify(b.exercises);

function graded(state: State, report: GradeReport, ms: number): Step {
  const before = resultOf(state)?.status;
  const notice = state.notice?.until === 'key' ? state.notice : undefined;
  let next: State = { ...state, report, gradeMs: ms, grading: state.grading === 'again' ? 'running' : 'idle', failure: undefined, notice, asked: false };
  // The first verdicts open the loop at the first function that does not pass; later ones never move the learner.
  if (!state.report) {
    const failing = next.functions.findIndex((_, i) => resultOf(next, i)?.status !== 'pass');
    if (failing >= 0) next = { ...next, current: failing, cursor: failing };
  }
  const said = (text: string): State => ({ ...next, notice: { text, until: 'verdict' } });
  if (before !== undefined && before !== 'pass' && resultOf(next)?.status === 'pass') {
    const following = next.functions.findIndex((_, i) => i > next.current && resultOf(next, i)?.status !== 'pass');
    const name = next.functions[next.current].spec.name;
    next = said(following >= 0 ? `${name} passes now. Press n for the next exercise (${next.functions[next.current + 1].spec.name}), or l to choose.` : `${name} passes now.`);
  } else if (state.asked && !notice && sameVerdicts(state.report, report)) {
    next = said('Graded again: the same verdicts, nothing changed since the last grade.');
  }
  const actions: Action[] = next.grading === 'running' ? [{ type: 'grade' }] : [{ type: 'typecheck' }];
  return { state: next, actions };
}

function onKey(state: State, key: Key): Step {
  const stay = (changes: Partial<State> = {}): Step => ({ state: { ...state, ...changes }, actions: [] });
  if (key === 'ctrl-c') return { state, actions: [{ type: 'quit', code: 130 }] };
  if (key === 'q' && state.view !== 'confirm-reset') return { state, actions: [{ type: 'quit', code: 0 }] };
  if (state.view === 'confirm-reset') {
    if (key !== 'y') return stay({ view: 'exercise', notice: { text: 'Reset cancelled: nothing was changed.', until: 'key' } });
    const located = state.functions[state.current];
    return { state: { ...state, view: 'exercise', notice: { text: `Resetting ${located.spec.name}…`, until: 'key' } }, actions: [{ type: 'reset', located }] };
  }
  if (state.view === 'list') {
    if (key === 'up') return stay({ cursor: Math.max(0, state.cursor - 1) });
    if (key === 'down') return stay({ cursor: Math.min(state.functions.length - 1, state.cursor + 1) });
    if (key === 'enter') return { state: moveTo(state, state.cursor), actions: [] };
    if (key === 'escape' || key === 'l') return stay({ view: 'exercise', cursor: state.current });
  }
  if (state.view === 'lesson' && (key === 'escape' || key === 't')) return stay({ view: 'exercise', scroll: 0 });
  switch (key) {
    case 'n':
      return { state: moveTo(state, state.current + 1), actions: [] };
    case 'p':
      return { state: moveTo(state, state.current - 1), actions: [] };
    case 'l':
      return stay({ view: 'list', cursor: state.current, notice: undefined });
    case 't':
      return stay({ view: 'lesson', scroll: 0, notice: undefined });
    case 'r': {
      const step = gradeAgain(state, undefined);
      return { ...step, state: { ...step.state, asked: true } };
    }
    case 'x':
      return stay({ view: 'confirm-reset', notice: undefined });
    case 'h': {
      const located = state.functions[state.current];
      const { hint, progress } = nextHint(located, resultOf(state), false, state.progress);
      const seen = state.progress.hintsShown[located.spec.name] ?? 0;
      const notice: Notice | undefined = seen >= hint.total ? { text: `That was the last hint for ${located.spec.name} (${hint.total} of ${hint.total}).`, until: 'key' } : undefined;
      return { state: { ...state, view: 'exercise', progress, notice }, actions: [{ type: 'save-progress', progress }] };
    }
    case 'up':
      return stay({ scroll: Math.max(0, state.scroll - 1) });
    case 'down':
      return stay({ scroll: state.scroll + 1 });
    case 'pageup':
      return stay({ scroll: Math.max(0, state.scroll - PAGE) });
    case 'pagedown':
      return stay({ scroll: state.scroll + PAGE });
    default:
      return stay();
  }
}

/** The state after `event`, and what to do. */
export function update(state: State, event: Event): Step {
  switch (event.type) {
    case 'key':
      return onKey(state, event.key);
    case 'changed':
      return gradeAgain(state);
    case 'graded':
      return graded(state, event.report, event.ms);
    case 'grade-failed': {
      const again = state.grading === 'again';
      return { state: { ...state, grading: again ? 'running' : 'idle', failure: `Grading failed: ${event.message}` }, actions: again ? [{ type: 'grade' }] : [] };
    }
    case 'typechecked':
      return { state: { ...state, warnings: event.warnings }, actions: [] };
    case 'reset-done':
      // Graded again at once: without file events (--manual) nothing else would.
      return gradeAgain(state, { text: event.message, until: 'key' });
  }
}
