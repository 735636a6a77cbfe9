// Lesson 05's own question, on the project's tiny model (embeddings/fixtures/tiny-model.ts): the question and the
// four documents embedded by the real embedder, ranked by the learner's topK once it passes (mathjs's cosines
// until then); without the model, the two ways to get it. Nothing is downloaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR, STUBS_DIR } from '../curriculum/index.ts';
import { loadBugsData } from '../curriculum/data.ts';
import { DEFAULT_MODEL_ID } from '../embeddings/config.ts';
import { createEmbedder } from '../embeddings/embedder.ts';
import { buildTinyModel } from '../embeddings/fixtures/tiny-model.ts';
import { asker, type Asker } from './ask.ts';

const scratch = mkdtempSync(join(tmpdir(), 'workbook-ask-'));
const model = { modelId: join(scratch, 'tiny-bert'), cacheDir: join(scratch, 'cache') };
const documents = loadBugsData().documents;
const askers: Asker[] = [];
const made = (lessons: string, options = model) => {
  const made = asker(options, () => ({ lessons }));
  askers.push(made);
  return made;
};

beforeAll(() => buildTinyModel(model.modelId));
afterAll(async () => {
  await Promise.all(askers.map((each) => each.close()));
  rmSync(scratch, { recursive: true, force: true });
});

/** The documents best first for `question`, by the tiny model's vectors and plain cosines (ties to the lower index). */
async function expectedOrder(question: string): Promise<number[]> {
  const embedder = await createEmbedder({ ...model, offline: true });
  const [query, ...vectors] = await embedder.embed([question, ...documents]);
  await embedder.dispose();
  const length = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  const scores = vectors.map((v) => v.reduce((sum, x, i) => sum + x * query[i], 0) / (length(v) * length(query)));
  return scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
}

const listedOrder = (html: string) => [...html.matchAll(/<li>document (\d+) \(cosine/g)].map((match) => Number(match[1]));

describe('the question box of lesson 05', () => {
  it('ranks the documents with the learner’s topK once it passes, and shows the scores as sorted bars', { timeout: 60_000 }, async () => {
    const question = 'Who studies spiders?';
    const html = await made(SOLUTIONS_DIR).answer(question);
    expect(listedOrder(html)).toEqual(await expectedOrder(question));
    expect(html).toContain('Ranked by your querySearch and topK (they pass the grader).');
    expect(html).toContain(`Best match: document ${(await expectedOrder(question))[0]}.`);
    expect(html.match(/<figure><svg role="img" aria-label="Bars of the cosine similarity of each document with your question/g)).toHaveLength(1);
    for (const document of documents) expect(html).toContain(document.replace(/'/g, '&#39;'));
  });

  it('ranks by mathjs’s cosines while topK does not pass, and says so', { timeout: 60_000 }, async () => {
    const question = 'Who fixes the intern’s bug?';
    const html = await made(STUBS_DIR).answer(question);
    expect(listedOrder(html)).toEqual(await expectedOrder(question));
    expect(html).toMatch(/Ranked by mathjs&#39;s cosine similarities, because your querySearch is not-started and topK is not-started/);
  });

  it('offers the box on the page, answers a question asked with the page, and keeps the question as text', async () => {
    const box = made(STUBS_DIR);
    const section = await box.section();
    expect(section).toMatch(/<form method="get"[^>]*data-role="ask"><label for="question">/);
    expect(section).not.toContain('<li>document');
    const hostile = '<script>alert(1)</script> Who studies spiders?';
    const answered = await box.section(hostile);
    expect(answered).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(answered).not.toContain('<script>');
    expect(listedOrder(answered)).toHaveLength(documents.length);
    expect(await box.answer('   ')).toBe('<p>Type a question first.</p>');
    expect(await box.answer('why? '.repeat(200))).toMatch(/characters long: ask in \d+ or fewer/);
  });

  it('gives the two ways to get the model where it is not on the machine', async () => {
    const none = made(STUBS_DIR, { modelId: DEFAULT_MODEL_ID, cacheDir: join(scratch, 'empty-cache') });
    const section = await none.section();
    expect(section).not.toContain('<form');
    expect(section).toContain('npm run model:download');
    expect(section).toContain('npm run model:unpack');
    // The box embeds offline by design: the learner is not told their run is offline.
    expect(section).not.toMatch(/This run is offline/);
    expect(await none.answer('Who studies spiders?')).toMatch(/not on this machine/);
  });
});
