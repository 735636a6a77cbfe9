// `npm start`: the watch mode. Wires the state machine (state.ts) to the terminal (terminal.ts), the file watcher
// (changes.ts) and a grader kept warm in this process: the grader's modules stay loaded, esbuild's service stays
// up, unchanged lessons give back their kept results, and sandboxes are started before the next save, so a save
// costs a bundle and a run of the changed lesson only; the search for a failure's smallest input comes after the
// verdict is on screen. Learner code still runs in sandboxes, never here.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LESSONS, exerciseFile, lessonReadme, shownPath, type Lesson } from '../../curriculum/index.ts';
import { DEFAULT_SEED, grade } from '../../grader/grade.ts';
import { typecheckSubmission } from '../../grader/typecheck.ts';
import { progressFile, readProgress, writeProgress } from '../progress.ts';
import { ResetRefused, reset } from '../reset.ts';
import { watchLessonFiles, type LessonWatch } from './changes.ts';
import { renderScreen, scrollLimit } from './screen.ts';
import { start, update, type Action, type Event } from './state.ts';
import { Terminal } from './terminal.ts';

export interface WatchOptions {
  /** The learner's lessons folder. */
  readonly lessons: string;
  /** No file events: grade on `r` only (file systems without them, such as some WSL and network drives). */
  readonly manual: boolean;
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
}

/** Sandboxes kept ready between grades: as many as a grade of several lesson files shares them out to. */
const READY_SANDBOXES = 2;

/** Runs the watch mode until the learner quits; resolves to the exit code. */
export async function watchLessons({ lessons, manual, input = process.stdin, output = process.stdout }: WatchOptions): Promise<number> {
  const terminal = new Terminal(input, output);
  const texts = new Map<string, readonly string[]>();
  // The lesson renderer (markdown-it, the highlighter's grammars) loads after the first verdict, not before it.
  let renderLesson: typeof import('../lesson.ts').renderLesson | undefined;
  const lessonText = (lesson: Lesson, columns: number): readonly string[] => {
    if (!renderLesson) return ['Loading the lesson text…'];
    const key = `${lesson.number}/${columns}`;
    if (!texts.has(key)) texts.set(key, renderLesson(readFileSync(lessonReadme(lesson), 'utf8'), columns).replace(/^\n+/, '').split('\n'));
    return texts.get(key)!;
  };
  const lessonFiles = LESSONS.map((lesson) => relative(lessons, exerciseFile(lesson, lessons)));
  const progressPath = progressFile(lessons);

  let { state, actions: first } = start(readProgress(progressPath), manual, shownPath(lessons));
  let savedAt: number | undefined;
  let typecheck: 'idle' | 'running' | 'again' = 'idle';
  let files: LessonWatch | undefined;
  let quit: (code: number) => void = () => undefined;
  const ended = new Promise<number>((resolve) => (quit = resolve));

  const draw = () => {
    // Scrolled no further than the view reaches at this size, so that ↑ moves at once after a long ↓.
    state = { ...state, scroll: Math.min(state.scroll, scrollLimit(state, terminal.size(), lessonText)) };
    terminal.draw(renderScreen(state, terminal.size(), lessonText));
  };
  const dispatch = (event: Event) => {
    const step = update(state, event);
    state = step.state;
    draw();
    for (const action of step.actions) perform(action);
  };

  // Bumped by every grade asked for: a slower, older grade's verdicts never replace a newer one's.
  let generation = 0;
  const readyForNextSave = async () => {
    const pipeline = await import('../../grader/pipeline.ts');
    pipeline.sandboxesAhead(READY_SANDBOXES);
    pipeline.drawCasesAhead(DEFAULT_SEED, true);
  };
  const runGrade = () => {
    const began = savedAt ?? performance.now();
    savedAt = undefined;
    const mine = ++generation;
    const options = { submission: lessons, seed: DEFAULT_SEED, cache: true, typecheck: false } as const;
    grade({ ...options, counterexamples: false })
      .then(async (report) => {
        const ms = performance.now() - began;
        dispatch({ type: 'graded', report, ms });
        if (!renderLesson) {
          ({ renderLesson } = await import('../lesson.ts'));
          draw();
        }
        await readyForNextSave();
        // The smallest input that fails takes sandbox runs of its own: it is looked for once the verdict shows.
        if (mine !== generation || !report.exercises.some((exercise) => exercise.status === 'fail')) return;
        const searched = await grade({ ...options, counterexamples: true });
        if (mine === generation) dispatch({ type: 'graded', report: searched, ms });
        await readyForNextSave();
      })
      .catch((error: Error) => dispatch({ type: 'grade-failed', message: error.message }));
  };

  const runTypecheck = () => {
    if (typecheck !== 'idle') return void (typecheck = 'again');
    typecheck = 'running';
    typecheckSubmission(lessons, lessonFiles, undefined, true)
      .then((warnings) => dispatch({ type: 'typechecked', warnings }))
      .catch(() => undefined) // the type check only adds warnings; without it the verdicts stand
      .finally(() => {
        const again = typecheck === 'again';
        typecheck = 'idle';
        if (again) runTypecheck();
      });
  };

  function perform(action: Action): void {
    switch (action.type) {
      case 'grade':
        return runGrade();
      case 'typecheck':
        return runTypecheck();
      case 'save-progress':
        return writeProgress(action.progress, progressPath);
      case 'reset': {
        let message: string;
        try {
          message = reset(action.located.lesson, action.located.spec.name, { lessons }).message;
        } catch (error) {
          message = error instanceof ResetRefused ? error.message : `Reset failed, nothing was changed: ${(error as Error).message}`;
        }
        return dispatch({ type: 'reset-done', message });
      }
      case 'quit':
        terminal.stop();
        void (files?.close() ?? Promise.resolve()).then(() => quit(action.code));
    }
  }

  terminal.start((key) => dispatch({ type: 'key', key }), draw);
  if (!manual) {
    files = watchLessonFiles(lessons, (at) => {
      savedAt = at;
      dispatch({ type: 'changed' });
    });
  }
  draw();
  // The first grade once the watcher is ready: a save made while it looks the folder over would go unseen.
  await files?.ready;
  for (const action of first) perform(action);
  return ended;
}
