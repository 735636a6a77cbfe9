import { describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR, STUBS_DIR } from '../curriculum/index.ts';
import { rankDocuments } from './rank.ts';

const query = [1, 0.2, 0];
const documents = [[0, 1, 0], [2, 0.5, 0], [1, 0, 1], [-1, 0, 0]];

describe('rankDocuments', () => {
  it('uses your querySearch and topK once they pass the grader', async () => {
    const ranking = await rankDocuments(query, documents, 2, SOLUTIONS_DIR);
    expect(ranking).toMatchObject({ by: 'yours', best: 1, top: [1, 2] });
    expect(ranking.scores).toHaveLength(4);
    expect(ranking.scores[1]).toBeGreaterThan(ranking.scores[2]);
  });

  it('falls back to mathjs, and says why, while they do not pass', async () => {
    // The lesson files as handed out: every function still throws its TODO.
    const ranking = await rankDocuments(query, documents, 2, STUBS_DIR);
    expect(ranking).toMatchObject({ by: 'mathjs', best: 1, top: [1, 2] });
    expect(ranking.reason).toMatch(/^Ranked by mathjs's cosine similarities, because your querySearch is not-started and topK is not-started/);
  });

  it('goes by a verdict the caller already has, without grading again', async () => {
    // Passing solutions said not to pass: mathjs ranks, with the caller's reason.
    const told = await rankDocuments(query, documents, 2, SOLUTIONS_DIR, { why: 'your topK does not pass yet' });
    expect(told).toMatchObject({ by: 'mathjs', reason: "Ranked by mathjs's cosine similarities, because your topK does not pass yet." });
    // Stubs said to pass: they are called, and their TODOs give no indices.
    const trusted = await rankDocuments(query, documents, 2, STUBS_DIR, { why: undefined });
    expect(trusted).toMatchObject({ by: 'mathjs', reason: "Ranked by mathjs's cosine similarities, because your functions did not return indices for these vectors." });
  });
});
