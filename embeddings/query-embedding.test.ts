// The query's embedding is saved only from the notebook's model, with its files' hashes, and a file from
// other model files is replaced or, when the model in use is not the notebook's, left alone with a word.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBugsData } from '../curriculum/data.ts';
import type { Provenance } from './embedder.ts';
import { keepQueryEmbedding } from './query-embedding.ts';
import { checkAgainstNotebook } from './verify.ts';

const scratch = mkdtempSync(join(tmpdir(), 'query-embedding-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;
const fileIn = () => join(scratch, `query-${files++}.json`);

const { vectors, query } = loadBugsData();
const verified = checkAgainstNotebook(vectors);
const refused = checkAgainstNotebook(vectors.map((row) => row.map((x) => x * 1.01)));
const vector = Array.from({ length: 384 }, (_, i) => Math.sin(i));
const provenanceOf = (modelHash: string): Provenance => ({
  model: 'Xenova/paraphrase-MiniLM-L6-v2',
  files: { 'onnx/model.onnx': modelHash, 'tokenizer.json': 'b'.repeat(64) },
  dtype: 'fp32',
  pooling: 'mean',
  normalized: false,
  maxTokens: 128,
  library: '@huggingface/transformers test',
  dimensions: 384,
});
const saved = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { query: string; vector: number[]; provenance: Provenance };

describe('keepQueryEmbedding', () => {
  it('saves the embedding from a verified model, with the hashes of its files', async () => {
    expect(verified.verified).toBe(true);
    const file = fileIn();
    expect(await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified)).toMatch(/^Saved the query's embedding by the notebook's model to /);
    expect(saved(file)).toMatchObject({ query, vector, provenance: { files: { 'onnx/model.onnx': 'a'.repeat(64) } } });
  });

  it('leaves a file from the same model files as it is, and says nothing', async () => {
    const file = fileIn();
    await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified);
    const before = readFileSync(file, 'utf8');
    const time = statSync(file).mtimeMs;
    expect(await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(time);
  });

  it('replaces a file from other model files (a stale one), or one that cannot be read, and says so', async () => {
    const file = fileIn();
    await keepQueryEmbedding(file, query, vector.map((x) => x + 1), provenanceOf('c'.repeat(64)), verified);
    expect(await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified)).toMatch(/^Replaced .*: it came from other model files/);
    expect(saved(file)).toMatchObject({ vector, provenance: { files: { 'onnx/model.onnx': 'a'.repeat(64) } } });
    writeFileSync(file, '{ not json');
    expect(await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified)).toMatch(/^Replaced /);
    expect(saved(file).vector).toEqual(vector);
  });

  it('saves nothing from a model that is not the notebook’s, and leaves a saved file alone', async () => {
    expect(refused.verified).toBe(false);
    const file = fileIn();
    expect(await keepQueryEmbedding(file, query, vector, provenanceOf('d'.repeat(64)), refused)).toMatch(/^The query's embedding was not saved: this model is not the notebook's \(\d+ of the 50 printed figures differ; npm run model:verify lists them\)/);
    expect(() => statSync(file)).toThrow();
    await keepQueryEmbedding(file, query, vector, provenanceOf('a'.repeat(64)), verified);
    const before = readFileSync(file, 'utf8');
    expect(await keepQueryEmbedding(file, query, vector.map((x) => -x), provenanceOf('d'.repeat(64)), refused)).toMatch(/came from other model files, and is left as it is: this model is not the notebook's/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
