// After judging a lesson: its functions checked against each other. querySearch(q, D) is topK(q, D, k)[0] for
// every k ≥ 1; where the learner's two functions disagree on an input both were given, the function that failed
// gets a note saying so. When both pass they agree (both give the reference's answer), so only a failing one
// can be told, and the note points at the inconsistency rather than at a number.
import { formatValue } from './format.ts';
import type { CallOutcome, Case } from './types.ts';

export interface Answers {
  readonly cases: readonly Case[];
  readonly outcomes: readonly CallOutcome[];
}

/** Inputs compared by their numbers; a search of more documents than this is passed over (its key would be huge). */
const MOST_DOCUMENTS = 200;

const keyOf = ([query, documents]: Case['args']) => (Array.isArray(documents) && documents.length <= MOST_DOCUMENTS ? JSON.stringify([query, documents]) : undefined);

/** The first input on which querySearch's answer is not the first of topK's, as a note; undefined if none. */
export function searchDisagreement(querySearch: Answers, topK: Answers): string | undefined {
  const best = new Map<string, number>();
  querySearch.cases.forEach((testCase, i) => {
    const outcome = querySearch.outcomes[i];
    const key = keyOf(testCase.args);
    if (key !== undefined && outcome?.kind === 'returned' && typeof outcome.value === 'number' && !best.has(key)) best.set(key, outcome.value);
  });
  for (let i = 0; i < topK.cases.length; i++) {
    const { args, name } = topK.cases[i];
    const outcome = topK.outcomes[i];
    const key = keyOf(args);
    const first = key === undefined ? undefined : best.get(key);
    if (first === undefined || outcome?.kind !== 'returned' || !Array.isArray(outcome.value) || outcome.value.length === 0) continue;
    if (!Object.is(outcome.value[0], first)) {
      return (
        `querySearch and topK disagree on the input of "${name}": querySearch answered ${first}, but topK(…, ${formatValue(args[2])}) answered ` +
        `${formatValue(outcome.value)}. The best document is the first of the top k, so the two must agree.`
      );
    }
  }
  return undefined;
}
