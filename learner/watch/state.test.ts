import { describe, expect, it } from 'vitest';
import { allFunctions } from '../../curriculum/index.ts';
import type { GradeReport } from '../../grader/types.ts';
import { reportWith } from './reports.fixture.ts';
import { start, update, type Event, type State, type Step } from './state.ts';

const FUNCTIONS = allFunctions();
const names = FUNCTIONS.map(({ spec }) => spec.name);

const passing = (count: number) => Object.fromEntries(names.slice(0, count).map((name) => [name, 'pass' as const]));

/** The steps from a fresh start through `events`, the last one returned. */
function run(...events: Event[]): Step {
  let step: Step = start({ hintsShown: {} }, false);
  for (const event of events) step = update(step.state, event);
  return step;
}
const key = (name: Extract<Event, { type: 'key' }>['key']): Event => ({ type: 'key', key: name });
const graded = (report: GradeReport): Event => ({ type: 'graded', report, ms: 42 });
const currentName = (state: State) => state.functions[state.current].spec.name;

describe('the watch loop’s state machine', () => {
  it('grades at once when it opens, then opens at the first function that does not pass', () => {
    const opened = start({ hintsShown: {} }, false);
    expect(opened.actions).toEqual([{ type: 'grade' }]);
    expect(opened.state.grading).toBe('running');
    const { state, actions } = update(opened.state, graded(reportWith({ ...passing(3), [names[3]]: 'fail' })));
    expect(currentName(state)).toBe(names[3]);
    expect(state.grading).toBe('idle');
    // The verdict first; the type check after it, never before.
    expect(actions).toEqual([{ type: 'typecheck' }]);
  });

  it('grades once more when a file is saved during a grade, and only once', () => {
    const during = run({ type: 'changed' }, { type: 'changed' });
    expect(during.state.grading).toBe('again');
    expect(during.actions).toEqual([]);
    const after = update(during.state, graded(reportWith({})));
    expect(after.actions).toEqual([{ type: 'grade' }]);
    expect(update(after.state, graded(reportWith({}))).actions).toEqual([{ type: 'typecheck' }]);
  });

  it('grades a save at once when idle, and again on r', () => {
    const idle = run(graded(reportWith({})));
    expect(update(idle.state, { type: 'changed' }).actions).toEqual([{ type: 'grade' }]);
    expect(update(idle.state, key('r')).actions).toEqual([{ type: 'grade' }]);
  });

  it('moves with n and p within the course, and a later verdict does not move the learner', () => {
    const moved = run(graded(reportWith({})), key('n'), key('n'), key('p'));
    expect(currentName(moved.state)).toBe(names[1]);
    expect(currentName(run(key('p')).state)).toBe(names[0]);
    const last = run(...names.map(() => key('n')), key('n'));
    expect(currentName(last.state)).toBe(names.at(-1));
    expect(currentName(update(moved.state, graded(reportWith({}))).state)).toBe(names[1]);
  });

  it('tells when the function being worked on passes and names the next, until the next verdict', () => {
    const failing = run(graded(reportWith({ [names[0]]: 'fail' })));
    const { state } = update(failing.state, graded(reportWith({ [names[0]]: 'pass' })));
    // It stays: only the first verdicts choose the function.
    expect(currentName(state)).toBe(names[0]);
    expect(state.notice).toEqual({ text: `${names[0]} passes now. Press n for the next exercise (${names[1]}), or l to choose.`, until: 'verdict' });
    expect(update(state, graded(reportWith({ [names[0]]: 'fail' }))).state.notice).toBeUndefined();
  });

  it('never moves the learner after the first verdicts', () => {
    const chosen = run(graded(reportWith({ ...passing(3) })), key('p'));
    expect(currentName(chosen.state)).toBe(names[2]);
    expect(currentName(update(chosen.state, graded(reportWith({ ...passing(5) }))).state)).toBe(names[2]);
  });

  it('says so when the hints run out, and when r finds nothing changed', () => {
    const hints = FUNCTIONS[0].spec.hints.length;
    const asked = run(graded(reportWith({ [names[0]]: 'fail' })), ...Array.from({ length: hints + 1 }, () => key('h')));
    expect(asked.state.notice?.text).toBe(`That was the last hint for ${names[0]} (${hints} of ${hints}).`);
    const report = reportWith({ [names[0]]: 'fail' });
    const again = run(graded(report), key('r'), graded(report));
    expect(again.state.notice?.text).toMatch(/^Graded again: the same verdicts/);
    expect(run(graded(report), key('r'), graded(reportWith({ [names[0]]: 'error' }))).state.notice).toBeUndefined();
  });

  it('shows one more hint per h, remembered in the progress it asks to save', () => {
    const once = run(graded(reportWith({ [names[0]]: 'fail' })), key('h'));
    expect(once.state.progress.hintsShown[names[0]]).toBe(1);
    expect(once.actions).toEqual([{ type: 'save-progress', progress: { hintsShown: { [names[0]]: 1 } } }]);
    const twice = update(once.state, key('h'));
    expect(twice.state.progress.hintsShown[names[0]]).toBe(2);
  });

  it('chooses from the list with the arrows and Enter, and leaves it with Esc', () => {
    const list = run(graded(reportWith({})), key('l'));
    expect(list.state.view).toBe('list');
    const chosen = [key('down'), key('down'), key('up'), key('down'), key('enter')].reduce((step, event) => update(step.state, event), list);
    expect(chosen.state.view).toBe('exercise');
    expect(currentName(chosen.state)).toBe(names[2]);
    const back = update(update(list.state, key('down')).state, key('escape'));
    expect(back.state.view).toBe('exercise');
    expect(currentName(back.state)).toBe(names[0]);
  });

  it('resets only after a y, and grades again once the reset is done', () => {
    const asked = run(graded(reportWith({})), key('n'), key('x'));
    expect(asked.state.view).toBe('confirm-reset');
    expect(asked.actions).toEqual([]);
    const cancelled = update(asked.state, key('n'));
    expect(cancelled.actions).toEqual([]);
    expect(cancelled.state.notice?.text).toMatch(/cancelled: nothing was changed/);
    // q answers the question too: it never quits with a question open.
    expect(update(asked.state, key('q')).actions).toEqual([]);
    const confirmed = update(asked.state, key('y'));
    expect(confirmed.actions).toEqual([{ type: 'reset', located: FUNCTIONS[1] }]);
    const done = update(confirmed.state, { type: 'reset-done', message: 'Kept your version in exercise.ts.backup-1' });
    expect(done.actions).toEqual([{ type: 'grade' }]);
    expect(done.state.notice).toEqual({ text: 'Kept your version in exercise.ts.backup-1', until: 'key' });
    // The backup's path stays on screen after the verdicts that follow, until the learner moves on.
    const regraded = update(done.state, graded(reportWith({})));
    expect(regraded.state.notice?.text).toBe('Kept your version in exercise.ts.backup-1');
    expect(update(regraded.state, key('n')).state.notice).toBeUndefined();
  });

  it('quits on q and on Ctrl-C, wherever it is', () => {
    expect(run(key('q')).actions).toEqual([{ type: 'quit', code: 0 }]);
    expect(run(key('l'), key('ctrl-c')).actions).toEqual([{ type: 'quit', code: 130 }]);
    expect(run(key('x'), key('ctrl-c')).actions).toEqual([{ type: 'quit', code: 130 }]);
  });

  it('says when a grade fails, and still grades the save that came meanwhile', () => {
    const failed = run({ type: 'grade-failed', message: 'esbuild stopped' });
    expect(failed.state.failure).toBe('Grading failed: esbuild stopped');
    expect(update(failed.state, graded(reportWith({}))).state.failure).toBeUndefined();
    expect(failed.state.grading).toBe('idle');
    const pending = run({ type: 'changed' }, { type: 'grade-failed', message: 'x' });
    expect(pending.actions).toEqual([{ type: 'grade' }]);
  });

  it('scrolls the verdict and the lesson text, never above the top', () => {
    const down = run(key('down'), key('pagedown'));
    expect(down.state.scroll).toBe(11);
    expect(update(down.state, key('pageup')).state.scroll).toBe(1);
    expect(run(key('up')).state.scroll).toBe(0);
    const lesson = run(key('t'));
    expect(lesson.state.view).toBe('lesson');
    expect(update(lesson.state, key('t')).state.view).toBe('exercise');
  });
});
