// The real embedder (the same @huggingface/transformers path the commands use) on the project's tiny model.
// Every test uses its own temporary cache: a cached file beats any other copy of a model.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, type DownloadProgress } from './config.ts';
import { createEmbedder } from './embedder.ts';
import { TINY_HIDDEN_SIZE, buildTinyModel, tinyExpectedEmbedding } from './fixtures/tiny-model.ts';

const scratch = mkdtempSync(join(tmpdir(), 'embedder-test-'));
const tinyModel = join(scratch, 'tiny-bert');
const temp = (name: string) => mkdtempSync(join(scratch, `${name}-`));
/** A cache holding the tiny model under the real model's id, as a download or an unpacked archive would. */
function seededCache(): string {
  const cache = temp('cache');
  cpSync(tinyModel, join(cache, DEFAULT_MODEL_ID), { recursive: true });
  return cache;
}

beforeAll(() => buildTinyModel(tinyModel));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A loopback address where nothing listens (fetch refuses some well-known ports outright, so not port 9). */
async function deadHost(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
}

describe('embedding', () => {
  it('gives one vector per sentence, the mean over each sentence’s own tokens (padding excluded)', async () => {
    const embedder = await createEmbedder({ modelId: tinyModel, cacheDir: temp('cache'), offline: true });
    const sentences = ['Bugs found by the quality engineer were difficult to debug.', 'the intern', 'Bugs'];
    const vectors = await embedder.embed(sentences);
    expect(vectors.map((vector) => vector.length)).toEqual([TINY_HIDDEN_SIZE, TINY_HIDDEN_SIZE, TINY_HIDDEN_SIZE]);
    const tokenizer = await AutoTokenizer.from_pretrained(tinyModel);
    for (const [i, sentence] of sentences.entries()) {
      const ids = (tokenizer(sentence).input_ids.tolist() as bigint[][])[0].map(Number);
      expect(ids.length).toBeGreaterThan(2); // [CLS] … [SEP]
      expectClose(vectors[i], tinyExpectedEmbedding(ids));
    }
    expect(embedder.provenance()).toMatchObject({ dtype: 'fp32', pooling: 'mean', normalized: false, dimensions: TINY_HIDDEN_SIZE });
    await embedder.dispose();
  });

  it('embeds long lists in batches without changing any vector', async () => {
    const embedder = await createEmbedder({ modelId: tinyModel, cacheDir: temp('cache'), offline: true });
    const sentences = Array.from({ length: 70 }, (_, i) => `the lead developer ${'and the intern '.repeat(i % 5)}`);
    const all = await embedder.embed(sentences);
    expect(all).toHaveLength(70);
    expect(await embedder.embed([sentences[69]])).toEqual([all[69]]);
    await expect(embedder.embed([])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await embedder.dispose();
  });

  it('loads a model cached under the real id while offline', async () => {
    const embedder = await createEmbedder({ cacheDir: seededCache(), offline: true });
    expect(embedder.modelId).toBe(DEFAULT_MODEL_ID);
    expect((await embedder.embed(['Bugs']))[0]).toHaveLength(TINY_HIDDEN_SIZE);
    await embedder.dispose();
  });
});

describe('inputs longer than the model reads', () => {
  /** The tiny model, with its tokenizer allowing 512 tokens as the real one does, and `sentenceConfig` if given. */
  function modelWith(sentenceConfig?: object): string {
    const model = temp('model');
    cpSync(tinyModel, model, { recursive: true });
    const tokenizerConfig = join(model, 'tokenizer_config.json');
    writeFileSync(tokenizerConfig, JSON.stringify({ ...JSON.parse(readFileSync(tokenizerConfig, 'utf8')), model_max_length: 512 }));
    if (sentenceConfig) writeFileSync(join(model, 'sentence_bert_config.json'), JSON.stringify(sentenceConfig));
    return model;
  }
  const idsOf = async (text: string) => {
    const tokenizer = await AutoTokenizer.from_pretrained(tinyModel);
    return (tokenizer(text).input_ids.tolist() as bigint[][])[0].map(Number);
  };

  it('are cut at the max_seq_length of sentence_bert_config.json, keeping the closing [SEP] as sentence-transformers does, and named', async () => {
    const notices: string[] = [];
    const embedder = await createEmbedder({ modelId: modelWith({ max_seq_length: 8 }), cacheDir: temp('cache'), offline: true, onNotice: (line) => notices.push(line) });
    expect(embedder.maxTokens).toBe(8);
    const long = 'the lead developer and the intern squash bugs in the project';
    const short = 'the intern';
    const [longVector, shortVector] = await embedder.embed([long, short]);
    const ids = await idsOf(long);
    expect(ids.length).toBeGreaterThan(8);
    expectClose(longVector, tinyExpectedEmbedding([...ids.slice(0, 7), ids.at(-1)!]));
    expectClose(shortVector, tinyExpectedEmbedding(await idsOf(short)));
    expect(notices).toEqual([`Input 1 ("the lead developer and the intern squash…") has ${ids.length} tokens; the model reads 8, as sentence-transformers does, so ${ids.length - 8} were cut from its end.`]);
    expect(embedder.provenance()).toMatchObject({ maxTokens: 8 });
    await embedder.dispose();
  });

  it('are cut alike wherever they sit in a batch, and never past what the tokenizer allows', async () => {
    const notices: string[] = [];
    // The tokenizer allows 8, the sentence-transformers settings say 12: the model reads 8.
    const model = modelWith({ max_seq_length: 12 });
    const tokenizerConfig = join(model, 'tokenizer_config.json');
    writeFileSync(tokenizerConfig, JSON.stringify({ ...JSON.parse(readFileSync(tokenizerConfig, 'utf8')), model_max_length: 8 }));
    const embedder = await createEmbedder({ modelId: model, cacheDir: temp('cache'), offline: true, onNotice: (line) => notices.push(line) });
    expect(embedder.maxTokens).toBe(8);
    const long = 'the lead developer and the intern squash bugs in the project';
    const short = 'the intern';
    const [shortVector, longVector] = await embedder.embed([short, long]);
    const ids = await idsOf(long);
    expectClose(shortVector, tinyExpectedEmbedding(await idsOf(short)));
    expectClose(longVector, tinyExpectedEmbedding([...ids.slice(0, 7), ids.at(-1)!]));
    expect(notices).toEqual([expect.stringMatching(/^Input 2 .* has \d+ tokens; the model reads 8, /)]);
    await embedder.dispose();
  });

  it('without sentence_bert_config.json, are cut at 128 tokens (paraphrase-MiniLM-L6-v2’s), not at the tokenizer’s 512', async () => {
    const notices: string[] = [];
    const embedder = await createEmbedder({ modelId: modelWith(), cacheDir: temp('cache'), offline: true, onNotice: (line) => notices.push(line) });
    const long = 'the intern found a bug and '.repeat(30).trim();
    const [vector] = await embedder.embed([long]);
    const ids = await idsOf(long);
    expect(ids.length).toBeGreaterThan(128);
    expectClose(vector, tinyExpectedEmbedding([...ids.slice(0, 127), ids.at(-1)!]));
    expect(notices).toHaveLength(1);
    await embedder.dispose();
  });

  it('a sentence_bert_config.json with an impossible length is refused, naming the file', async () => {
    const failure = await createEmbedder({ modelId: modelWith({ max_seq_length: 'long' }), cacheDir: temp('cache'), offline: true }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'EmbeddingError' });
    expect((failure as Error).message).toMatch(/sentence_bert_config\.json: max_seq_length must be a whole number of tokens \(2 or more\), not "long"/);
  });

  it('a model whose weights are in onnx/model.onnx_data (external data format) loads from its folder, and embeds as the other', async () => {
    const model = temp('external');
    buildTinyModel(model, { externalData: true });
    expect(readFileSync(join(model, 'onnx', 'model.onnx')).length).toBeLessThan(readFileSync(join(tinyModel, 'onnx', 'model.onnx')).length / 2);
    const embedder = await createEmbedder({ modelId: model, cacheDir: temp('cache'), offline: true });
    const sentences = ['the intern', 'Bugs found by the quality engineer'];
    const vectors = await embedder.embed(sentences);
    for (const [i, sentence] of sentences.entries()) expectClose(vectors[i], tinyExpectedEmbedding(await idsOf(sentence)));
    expect(Object.keys(embedder.provenance()!.files)).toContain('onnx/model.onnx_data');
    await embedder.dispose();
  });

  it('records the SHA-256 of the model’s files in the provenance', async () => {
    const model = modelWith({ max_seq_length: 8 });
    const embedder = await createEmbedder({ modelId: model, cacheDir: temp('cache'), offline: true });
    await embedder.embed(['Bugs']);
    const { files } = embedder.provenance()!;
    expect(Object.keys(files).sort()).toEqual(['config.json', 'onnx/model.onnx', 'sentence_bert_config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const { createHash } = await import('node:crypto');
    expect(files['onnx/model.onnx']).toBe(createHash('sha256').update(readFileSync(join(model, 'onnx', 'model.onnx'))).digest('hex'));
    await embedder.dispose();
  });
});

describe('failures that say what to do', () => {
  it('offline with nothing cached: fails at once, naming the model, the cache folder and both ways forward', async () => {
    const cacheDir = temp('empty');
    const started = Date.now();
    const failure = await createEmbedder({ cacheDir, offline: true }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failure).toMatchObject({ name: 'EmbeddingError', code: 'MODEL_NOT_AVAILABLE' });
    const message = (failure as Error).message;
    expect(message).toContain(DEFAULT_MODEL_ID);
    expect(message).toContain(cacheDir);
    expect(message).toContain('npm run model:download');
    expect(message).toContain('npm run model:unpack');
  });

  it('HF_HUB_OFFLINE=1 means offline', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    try {
      await expect(createEmbedder({ cacheDir: temp('empty') })).rejects.toMatchObject({ code: 'MODEL_NOT_AVAILABLE' });
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
  });

  it('a cached model missing a file is named as incomplete, with the file', async () => {
    const cacheDir = seededCache();
    unlinkSync(join(cacheDir, DEFAULT_MODEL_ID, 'tokenizer_config.json'));
    await expect(createEmbedder({ cacheDir, offline: true })).rejects.toMatchObject({
      code: 'MODEL_INCOMPLETE',
      message: expect.stringContaining('missing tokenizer_config.json'),
    });
  });

  it('a model folder missing a file is named as incomplete', async () => {
    const folder = join(temp('folder'), 'broken-bert');
    cpSync(tinyModel, folder, { recursive: true });
    unlinkSync(join(folder, 'onnx', 'model.onnx'));
    await expect(createEmbedder({ modelId: folder, cacheDir: temp('cache') })).rejects.toMatchObject({
      code: 'MODEL_INCOMPLETE',
      message: expect.stringContaining('onnx/model.onnx'),
    });
  });
});

describe('downloading, from a mirror on this machine', () => {
  let server: Server;
  let host: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const match = /^\/Xenova\/paraphrase-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(request.url ?? '');
      const file = match && join(tinyModel, decodeURIComponent(match[1]));
      if (!file || !existsSync(file)) {
        response.writeHead(404).end('not found');
        return;
      }
      const body = readFileSync(file);
      response.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads once with progress, then works with no network at all', async () => {
    const cacheDir = temp('cache');
    const events: DownloadProgress[] = [];
    const first = await createEmbedder({ cacheDir, remoteHost: host, onProgress: (event) => events.push(event) });
    const vector = (await first.embed(['Bugs']))[0];
    await first.dispose();
    expect(events.filter((event) => event.done).map((event) => event.file).sort()).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(events.some((event) => !event.done && event.total > 0)).toBe(true);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(existsSync(join(cacheDir, DEFAULT_MODEL_ID, file))).toBe(true);
    }
    const served = requests.length;
    // A host where nothing listens: any attempt to use the network would fail this load.
    const second = await createEmbedder({ cacheDir, remoteHost: await deadHost() });
    expect((await second.embed(['Bugs']))[0]).toEqual(vector);
    await second.dispose();
    expect(requests.length).toBe(served);
  });

  it('a model the mirror does not have is reported as such', async () => {
    await expect(createEmbedder({ modelId: 'nobody/no-such-model', cacheDir: temp('cache'), remoteHost: host })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringMatching(/has no model nobody\/no-such-model \(HTTP 404\)/),
    });
  });

  it('a server that accepts the connection but never answers: gives up after the connect timeout', async () => {
    const silent = createServer(() => undefined); // never responds
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentHost = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    try {
      const started = Date.now();
      await expect(createEmbedder({ cacheDir: temp('cache'), remoteHost: silentHost, connectTimeoutMs: 300 })).rejects.toMatchObject({
        code: 'DOWNLOAD_FAILED',
        message: expect.stringMatching(/no answer within 0\.3 s/),
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('no answer from the network: fails with the two ways forward', async () => {
    const failure = await createEmbedder({ cacheDir: temp('cache'), remoteHost: await deadHost() }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect((failure as Error).message).toMatch(/the network did not answer \(ECONNREFUSED\)[\s\S]*model:download[\s\S]*model:unpack/);
  });
});
