import { describe, expect, it } from 'vitest';
import { searchDisagreement, type Answers } from './agreement.ts';
import type { Case, CallOutcome } from './types.ts';

const documents = [[1, 0], [0, 1], [1, 1]];
const search = (name: string, args: Case['args'], value: unknown): { testCase: Case; outcome: CallOutcome } => ({
  testCase: { name, args, expect: { returns: 0 } },
  outcome: { kind: 'returned', value },
});
const answers = (...calls: ReturnType<typeof search>[]): Answers => ({ cases: calls.map((call) => call.testCase), outcomes: calls.map((call) => call.outcome) });

describe('searchDisagreement', () => {
  it('names the input on which querySearch is not the first of topK', () => {
    const querySearch = answers(search('a query', [[1, 0.2], documents], 0));
    const topK = answers(search('k = 0', [[1, 0.2], documents, 0], []), search('the same query, k = 2', [[1, 0.2], documents, 2], [2, 0]));
    expect(searchDisagreement(querySearch, topK)).toBe(
      'querySearch and topK disagree on the input of "the same query, k = 2": querySearch answered 0, but topK(…, 2) answered [2, 0]. The best document is the first of the top k, so the two must agree.',
    );
  });

  it('says nothing when they agree, when no input is shared, or when a call did not return', () => {
    const querySearch = answers(search('a query', [[1, 0.2], documents], 0));
    expect(searchDisagreement(querySearch, answers(search('agrees', [[1, 0.2], documents, 2], [0, 2])))).toBeUndefined();
    expect(searchDisagreement(querySearch, answers(search('another query', [[0, 1], documents, 1], [1])))).toBeUndefined();
    const threw: Answers = { cases: [search('threw', [[1, 0.2], documents, 1], 0).testCase], outcomes: [{ kind: 'threw', thrown: { isError: true, type: 'Error', message: 'no' } }] };
    expect(searchDisagreement(querySearch, threw)).toBeUndefined();
  });
});
