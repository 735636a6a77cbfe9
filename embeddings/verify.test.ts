// A model is recognised as the notebook's by the figures the notebook printed. The lesson data was rebuilt to
// hit every one of them (scripts/bugs-data.ts), so its vectors stand for the notebook's model here; any change
// to them that a different model would make must be caught and named.
import { describe, expect, it } from 'vitest';
import { loadBugsData } from '../curriculum/data.ts';
import { EDGE_COLUMNS } from '../curriculum/notebook.ts';
import type { Embedder } from './embedder.ts';
import { checkAgainstNotebook, describeVerification, verifyModel } from './verify.ts';

const { vectors, documents } = loadBugsData();
const copy = () => vectors.map((row) => [...row]);

/** An embedder behind the commands' interface that gives `vectors` for the lesson's documents. */
function stubEmbedder(answer: readonly (readonly number[])[]): Embedder {
  return {
    modelId: 'stub',
    maxTokens: 128,
    embed: async (sentences) => {
      expect(sentences).toEqual(documents);
      return answer.map((row) => [...row]);
    },
    provenance: () => undefined,
    dispose: async () => undefined,
  };
}

describe('checkAgainstNotebook', () => {
  it('accepts vectors that give back every printed figure, and says so', () => {
    const verification = checkAgainstNotebook(vectors);
    expect(verification.verified).toBe(true);
    // 24 components, 4 lengths, 10 dot products, 6 distances, 6 cosines.
    expect(verification.figures).toHaveLength(50);
    expect(describeVerification(verification)).toMatch(/^This is the notebook's model: all 50 figures/);
  });

  it('refuses a printed component off in its fourth decimal, and names it', () => {
    const changed = copy();
    changed[2][EDGE_COLUMNS[4]] += 1e-4;
    const verification = checkAgainstNotebook(changed);
    expect(verification.verified).toBe(false);
    expect(verification.differing[0].what).toBe(`component ${EDGE_COLUMNS[4]} of document 2`);
    expect(describeVerification(verification)).toMatch(/^This is not the notebook's model: \d+ of the 50 figures .*\n {2}component 382 of document 2: printed -0\.03379842, this model -0\.03369842/);
  });

  it('refuses a change in a column the notebook never printed, through the figures computed from it', () => {
    const changed = copy();
    changed[1][100] += 0.01;
    const verification = checkAgainstNotebook(changed);
    expect(verification.verified).toBe(false);
    expect(verification.differing.map((figure) => figure.what)).toContain('the length of document 1');
    expect(verification.differing.every((figure) => /document(s)? (1|\d and 1|1 and \d)\b/.test(figure.what))).toBe(true);
  });

  it('refuses vectors of another shape, every figure missing', () => {
    for (const shape of [vectors.slice(0, 3), vectors.map((row) => row.slice(0, 8))]) {
      const verification = checkAgainstNotebook(shape);
      expect(verification.verified).toBe(false);
      expect(verification.differing).toHaveLength(50);
      expect(describeVerification(verification, 1)).toMatch(/: printed -?[\d.]+, none here\n {2}… and 49 more$/);
    }
  });

  it('refuses another model’s vectors: nearly every figure differs', () => {
    const other = vectors.map((row, i) => row.map((x, j) => x * (1 + 0.05 * Math.sin(i + j))));
    expect(checkAgainstNotebook(other).differing.length).toBeGreaterThan(40);
  });
});

describe('verifyModel', () => {
  it('embeds the lesson’s four documents and checks them', async () => {
    expect((await verifyModel(stubEmbedder(vectors))).verified).toBe(true);
    const scaled = vectors.map((row) => row.map((x) => x * 1.001));
    expect((await verifyModel(stubEmbedder(scaled))).verified).toBe(false);
  });
});
