// The workbook's server, over HTTP, without a browser: its routes, the token and its cookie, the Host check, that
// it listens on loopback only, the event stream telling a new verdict after a lesson file changes, and that it
// writes none of the learner's files. It runs on a copy of the stubs (never on lessons/), with no model.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, allFunctions, exerciseFile, findFunction, findLesson, lessonFolder } from '../curriculum/index.ts';
import { resolveOptions } from '../embeddings/config.ts';
import { waysForward } from '../embeddings/embedder.ts';
import { progressFile } from '../learner/progress.ts';
import { functionText, replaceFunction } from '../learner/source.ts';
import { startWorkbook, type Update, type Workbook } from './server.ts';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Ask {
  readonly method?: string;
  readonly host?: string;
  readonly cookie?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const made: string[] = [];
let lessons: string;
let workbook: Workbook;
let port: number;
let token: string;
/** The cookie the token is exchanged for, as a browser sends it back. */
let cookie: string;
/** Every file of the copy and its content, before the server ran, with what this test wrote itself added. */
const expected = new Map<string, string>();

/** A request as any client may send it: the Host header is whatever `host` says (http.request lets it be set), none when empty. */
function send(path: string, { method = 'GET', host = `127.0.0.1:${port}`, cookie: sent, headers = {}, body }: Ask = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const hostHeader = host === '' ? {} : { Host: host };
    const outgoing = request({ host: '127.0.0.1', port, path, method, setHost: false, headers: { ...hostHeader, ...(sent ? { Cookie: sent } : {}), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The event stream, read as a page reads it: each `update` event's data, parsed. */
function events(): { next(wanted: (update: Update) => boolean, timeoutMs?: number): Promise<Update>; close(): void } {
  const seen: Update[] = [];
  let waiting: (() => void) | undefined;
  let buffer = '';
  const outgoing = request({ host: '127.0.0.1', port, path: '/events', headers: { Host: `127.0.0.1:${port}`, Cookie: cookie } }, (response) => {
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    response.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: update\ndata: (.*)$/m.exec(message)?.[1];
        if (data) seen.push(JSON.parse(data) as Update);
      }
      waiting?.();
    });
  });
  outgoing.on('error', () => undefined); // closed by the test
  outgoing.end();
  return {
    async next(wanted, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.findIndex(wanted);
        if (found >= 0) return seen.splice(0, found + 1).at(-1)!;
        seen.length = 0;
        if (Date.now() > end) throw new Error('no such update came');
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => outgoing.destroy(),
  };
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesOf(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Writes `name` into the copy: the reference solution's, or that one with its square root dropped. */
function writeFunction(name: string, variant: 'right' | 'no-sqrt'): void {
  const { lesson } = findFunction(name)!;
  const file = exerciseFile(lesson, lessons);
  let source = functionText(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'), name);
  if (variant === 'no-sqrt') source = source.replace(/Math\.sqrt\(([^;]*)\);/, '$1;');
  const text = replaceFunction(readFileSync(file, 'utf8'), name, source);
  writeFileSync(file, text);
  expected.set(relative(lessons, file), text);
}

const statusOf = (update: Update, name: string) => update.functions.find((view) => view.name === name)?.status;

beforeAll(async () => {
  lessons = mkdtempSync(join(tmpdir(), 'workbook-server-'));
  const noModels = mkdtempSync(join(tmpdir(), 'workbook-server-models-'));
  made.push(lessons, noModels);
  cpSync(STUBS_DIR, lessons, { recursive: true });
  for (const file of filesOf(lessons)) expected.set(relative(lessons, file), readFileSync(file, 'utf8'));
  workbook = await startWorkbook({ lessons, model: { cacheDir: noModels } });
  port = workbook.port;
  token = new URL(workbook.url).searchParams.get('token')!;
}, 60_000);

afterAll(async () => {
  await workbook?.close();
  rmSync(progressFile(lessons), { force: true });
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the workbook’s server', () => {
  it('listens on loopback only, and prints an address with a token', () => {
    const address = workbook.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(workbook.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{40,}$`));
  });

  it('answers nothing without the token, nor with a wrong one; the right one becomes an HttpOnly, SameSite=Strict cookie', async () => {
    for (const path of ['/', '/lessons/01-euclidean', '/events', '/assets/workbook.css', '/pictures/01-euclidean', `/ask?q=x`]) {
      const refused = await send(path);
      expect(refused.status, path).toBe(403);
      expect(refused.body, path).not.toMatch(/<html|event:/);
    }
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const given of [wrong, token.slice(1), '', `${token}x`]) {
      const refused = await send(`/?token=${encodeURIComponent(given)}`);
      expect(refused.status).toBe(403);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    const exchanged = await send(`/lessons/01-euclidean?token=${token}`);
    expect(exchanged.status).toBe(303);
    // Sent on without the token, so that it stays out of the address bar and the history.
    expect(exchanged.headers.location).toBe('/lessons/01-euclidean');
    const [set] = exchanged.headers['set-cookie'] ?? [];
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    cookie = set.split(';')[0];
    expect(cookie.split('=').slice(1).join('=')).toBe(token);

    const page = await send('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Your progress</h1>');
    const forged = await send('/', { cookie: `${cookie.split('=')[0]}=${wrong}` });
    expect(forged.status).toBe(403);
    // Never sent on to another site, whatever the path: the address it gives is on this one.
    for (const path of ['//evil.example/', '///evil.example/', '/%2F%2Fevil.example/', '/\\evil.example/']) {
      expect((await send(`${path}?token=${token}`)).headers.location, path).toMatch(/^\/(?![/\\])/);
    }
    // A POST cannot exchange the token: only the printed address, opened, does.
    expect((await send(`/hint/euclidean?token=${token}`, { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}` } })).status).toBe(403);
  });

  it('answers only under its own host names: another site’s name pointed here (DNS rebinding), or another port, gets 403', async () => {
    expect((await send('/', { cookie, host: `localhost:${port}` })).status).toBe(200);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port === 65_535 ? port - 1 : port + 1}`, `127.0.0.1:${port}.evil.example`, '127.0.0.1']) {
      const refused = await send('/', { cookie, host });
      expect(refused.status, host).toBe(403);
      expect(refused.body, host).not.toContain('<html');
    }
    // No Host at all: Node's own check refuses it first (400), as HTTP/1.1 asks.
    const nameless = await send('/', { cookie, host: '' });
    expect(nameless.status).toBe(400);
    expect(nameless.body).not.toContain('<html');
    // Checked before the token: a rebound name never gets the cookie either.
    const rebound = await send(`/?token=${token}`, { host: 'evil.example' });
    expect(rebound.status).toBe(403);
    expect(rebound.headers['set-cookie']).toBeUndefined();
  });

  it('serves every lesson page, the progress page, the pictures and the assets, each with a Content-Security-Policy', async () => {
    for (const lesson of LESSONS) {
      const page = await send(`/lessons/${lessonFolder(lesson)}`, { cookie });
      expect(page.status, lesson.slug).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain(`<title>Lesson ${lesson.number}: ${lesson.title}</title>`);
      expect(page.body.match(/<h1>/g)).toHaveLength(1);
      expect(page.body).toContain('class="katex"');
      for (const spec of lesson.functions) expect(page.body).toContain(`data-function="${spec.name}"`);
      expect(page.body).toContain(`data-pictures="${lessonFolder(lesson)}"`);
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      const pictures = await send(`/pictures/${lessonFolder(lesson)}`, { cookie });
      expect(pictures.status).toBe(200);
      expect(pictures.body).toMatch(/^<section class="pictures"[^>]*><h2|^<section class="pictures"[^>]*>\n<h2/);
    }
    const progress = await send('/', { cookie });
    for (const { spec } of allFunctions()) expect(progress.body).toContain(`<tr data-function="${spec.name}">`);

    const fonts = readdirSync(join(dirname(createRequire(join(ROOT, 'package.json')).resolve('katex')), 'fonts'));
    const font = fonts.find((name) => name.endsWith('.woff2'))!;
    for (const [path, type] of [
      ['/assets/workbook.css', 'text/css; charset=utf-8'],
      ['/assets/workbook.js', 'text/javascript; charset=utf-8'],
      ['/assets/katex/katex.min.css', 'text/css; charset=utf-8'],
      [`/assets/katex/fonts/${font}`, 'font/woff2'],
    ]) {
      const asset = await send(path, { cookie });
      expect(asset.status, path).toBe(200);
      expect(asset.headers['content-type'], path).toBe(type);
      expect(asset.headers['content-security-policy'], path).toMatch(/default-src 'none'/);
      const again = await send(path, { cookie, headers: { 'If-None-Match': String(asset.headers.etag) } });
      expect(again.status, path).toBe(304);
    }
    for (const path of ['/nope', '/lessons/01', '/lessons/06-nothing', '/lessons/01-euclidean/', '/assets/katex/fonts/..%2f..%2fpackage.json', '/assets/..%2fpackage.json', '/assets/%2e%2e/package.json', '/pictures/']) {
      expect((await send(path, { cookie })).status, path).toBe(404);
    }
    expect((await send('/', { cookie, method: 'PUT' })).status).toBe(405);
  });

  it('takes a POST only from its own pages, and gives the next hint without touching the lesson files', async () => {
    const own = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
    const foreign: Record<string, string>[] = [{}, { Origin: 'http://evil.example' }, { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }];
    for (const headers of foreign) {
      expect((await send('/hint/euclidean', { method: 'POST', cookie, headers })).status, JSON.stringify(headers)).toBe(403);
    }
    expect((await send('/hint/euclidean', { method: 'POST', headers: own })).status).toBe(403);
    expect((await send('/hint/nothing', { method: 'POST', cookie, headers: own })).status).toBe(404);
    const { spec } = findFunction('dot')!;
    for (const shown of [1, 2]) {
      const hint = await send('/hint/dot', { method: 'POST', cookie, headers: own, body: '{}' });
      expect(hint.status).toBe(200);
      expect(JSON.parse(hint.body)).toMatchObject({ name: 'dot', hints: spec.hints.slice(0, shown), hintsTotal: spec.hints.length });
    }
  });

  it('shows the two ways to get the model in lesson 05, where the model is not on the machine', async () => {
    const ways = waysForward(resolveOptions({ cacheDir: made[1], offline: true }));
    const page = await send(`/lessons/${lessonFolder(findLesson('05')!)}`, { cookie });
    expect(page.body).toContain('<h2 id="ask-title">Ask your own question</h2>');
    expect(page.body).not.toContain('<form');
    for (const command of ways.match(/npm run [a-z:]+/g) ?? []) expect(page.body).toContain(command);
    expect(ways.match(/npm run [a-z:]+/g)).toEqual(['npm run model:download', 'npm run model:pack', 'npm run model:unpack']);
    expect((await send('/ask?q=Who%20studies%20spiders%3F', { cookie })).body).toMatch(/not on this machine/);
  });

  it('tells an open page each new verdict: stubs not started, then a failing euclidean, then a passing one', { timeout: 60_000 }, async () => {
    const stream = events();
    try {
      const first = await stream.next((update) => update.functions.every((view) => view.status !== 'pending'));
      expect(first.functions.map((view) => [view.name, view.status])).toEqual(allFunctions().map(({ spec }) => [spec.name, 'not-started']));
      expect(first.score).toMatch(new RegExp(`^Score: 0 / ${allFunctions().length}\\b`));

      writeFunction('euclidean', 'no-sqrt');
      const failing = await stream.next((update) => statusOf(update, 'euclidean') === 'fail');
      expect(failing.functions.find((view) => view.name === 'euclidean')!.feedback).toMatch(/Likely mistake/);
      writeFunction('euclidean', 'right');
      const passing = await stream.next((update) => statusOf(update, 'euclidean') === 'pass');
      expect(passing.score).toMatch(new RegExp(`^Score: 1 / ${allFunctions().length}\\b`));
      expect(passing.functions.filter((view) => view.status === 'pass').map((view) => view.name)).toEqual(['euclidean']);
      // What to do next moves on to the next function of the course.
      expect(passing.next).toContain(`<code>${allFunctions()[1].spec.name}</code>`);

      // Asked for by the page (where saves go unnoticed), a grade runs as a save's would, with the same verdicts.
      const own = { Origin: `http://127.0.0.1:${port}` };
      expect((await send('/grade', { method: 'POST', headers: own })).status).toBe(403);
      expect((await send('/grade', { method: 'POST', cookie, headers: own })).status).toBe(202);
      await stream.next((update) => update.state === 'Grading…');
      const again = await stream.next((update) => update.state === '');
      expect(again.functions.map((view) => view.status)).toEqual(passing.functions.map((view) => view.status));
    } finally {
      stream.close();
    }
  });

  it('has written none of the learner’s files: each is as the stubs or as this test wrote it', async () => {
    const now = filesOf(lessons).map((file) => relative(lessons, file));
    expect(now.sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(readFileSync(join(lessons, file), 'utf8'), file).toBe(text);
    // Not even written again with the same text.
    const times = now.map((file) => statSync(join(lessons, file)).mtimeMs);
    await send('/hint/norm', { method: 'POST', cookie, headers: { Origin: `http://127.0.0.1:${port}` } });
    await send('/lessons/03-normalize', { cookie });
    expect(now.map((file) => statSync(join(lessons, file)).mtimeMs)).toEqual(times);
  });
});
