// `npm run hint -- FUNCTION [--all]`: one more hint each time it is asked, the one that fits the mistake the
// grader names first (curriculum/mistake-hints.ts); `--all` shows them all. The function is graded (or its
// kept results read) to know which mistake, if any, it makes.
import { lessonFolder, type LocatedFunction } from '../curriculum/index.ts';
import type { ExerciseResult } from '../grader/types.ts';
import { progressFile, readProgress, writeProgress, type Progress } from './progress.ts';

export interface HintShown {
  readonly text: string;
  /** The hints shown now, numbered from 1, out of `total`. */
  readonly shown: readonly { readonly number: number; readonly text: string }[];
  readonly total: number;
}

/** The hints of `located` in the order they are given: the one that fits the mistake the grader named first. */
export const hintsFor = (located: LocatedFunction, result: ExerciseResult | undefined): readonly string[] => (result?.hints?.length ? result.hints : located.spec.hints);

/** The next hint for `located`, or all of them, given its graded `result`; `progress` is updated. */
export function nextHint(located: LocatedFunction, result: ExerciseResult | undefined, all: boolean, progress: Progress): { hint: HintShown; progress: Progress } {
  const name = located.spec.name;
  const hints = hintsFor(located, result);
  const seen = Math.min(progress.hintsShown[name] ?? 0, hints.length);
  // Once every hint was shown, asking again shows the last one again.
  const upTo = all ? hints.length : Math.min(seen + 1, hints.length);
  const from = all ? 0 : upTo - 1;
  const shown = hints.slice(from, upTo).map((text, i) => ({ number: from + i + 1, text }));
  const where = `${lessonFolder(located.lesson)}/exercise.ts`;
  const heading =
    result?.status === 'pass'
      ? `${name} (${where}) passes already.`
      : result?.mistake
        ? `The grader names a mistake in ${name} (${where}): ${result.mistake.title}.`
        : `${name} (${where}):`;
  const lines = [
    heading,
    ...shown.map(({ number, text }) => `Hint ${number} of ${hints.length}: ${text}`),
    ...(upTo < hints.length && !all ? [`Run it again for the next one, or add --all to see them all.`] : []),
  ];
  return { hint: { text: `${lines.join('\n')}\n`, shown, total: hints.length }, progress: { hintsShown: { ...progress.hintsShown, [name]: Math.max(seen, upTo) } } };
}

/** nextHint with the progress of the lessons folder `lessons` read and kept. */
export function hintAndRemember(lessons: string, located: LocatedFunction, result: ExerciseResult | undefined, all: boolean): HintShown {
  const file = progressFile(lessons);
  const { hint, progress } = nextHint(located, result, all, readProgress(file));
  writeProgress(progress, file);
  return hint;
}
