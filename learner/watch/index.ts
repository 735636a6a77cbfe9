// `npm start`: the watch mode. Wires the state machine (state.ts) to the terminal (terminal.ts), the file watcher
// (changes.ts) and a grader kept warm in this process (warm.ts): the grader's modules stay loaded, esbuild's
// service stays up, unchanged lessons give back their kept results, and sandboxes are started before the next
// save, so a save costs a bundle and a run of the changed lesson only; the search for a failure's smallest input
// comes after the verdict is on screen. Learner code still runs in sandboxes, never here.
import { readFileSync } from 'node:fs';
import { lessonReadme, shownPath, type Lesson } from '../../curriculum/index.ts';
import { progressFile, readProgress, writeProgress } from '../progress.ts';
import { ResetRefused, reset } from '../reset.ts';
import { watchLessonFiles, type LessonWatch } from './changes.ts';
import { renderScreen, scrollLimit } from './screen.ts';
import { start, update, type Action, type Event } from './state.ts';
import { Terminal } from './terminal.ts';
import { typecheckLoop, warmGrader } from './warm.ts';

export interface WatchOptions {
  /** The learner's lessons folder. */
  readonly lessons: string;
  /** No file events: grade on `r` only (file systems without them, such as some WSL and network drives). */
  readonly manual: boolean;
  readonly input?: NodeJS.ReadStream;
  readonly output?: NodeJS.WriteStream;
}

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
  const progressPath = progressFile(lessons);

  let { state, actions: first } = start(readProgress(progressPath), manual, shownPath(lessons));
  let savedAt: number | undefined;
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

  const grader = warmGrader(lessons, {
    graded: async (report, ms) => {
      dispatch({ type: 'graded', report, ms });
      if (!renderLesson) {
        ({ renderLesson } = await import('../lesson.ts'));
        draw();
      }
    },
    failed: (message) => dispatch({ type: 'grade-failed', message }),
  });
  const runGrade = () => {
    const began = savedAt ?? performance.now();
    savedAt = undefined;
    grader.grade(began);
  };
  const runTypecheck = typecheckLoop(lessons, (warnings) => dispatch({ type: 'typechecked', warnings }));

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
