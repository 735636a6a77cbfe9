import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID } from '../config.ts';
import { isRealQueryEmbedding } from './search.ts';

const lessonQuery = "Who is responsible for a coding project and fixing others' mistakes?";
const vector384 = new Array<number>(384).fill(0.1);

describe('isRealQueryEmbedding: only the real model’s vector of the lesson’s query is kept', () => {
  it('keeps it', () => {
    expect(isRealQueryEmbedding(DEFAULT_MODEL_ID, lessonQuery, vector384, lessonQuery)).toBe(true);
  });
  it('not from another model, not for another query, not from a stand-in with other dimensions', () => {
    expect(isRealQueryEmbedding('someone/other-model', lessonQuery, vector384, lessonQuery)).toBe(false);
    expect(isRealQueryEmbedding(DEFAULT_MODEL_ID, 'Who studies spiders?', vector384, lessonQuery)).toBe(false);
    expect(isRealQueryEmbedding(DEFAULT_MODEL_ID, lessonQuery, vector384.slice(0, 8), lessonQuery)).toBe(false);
  });
});
