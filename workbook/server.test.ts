// The workbook's server, over HTTP, without a browser: its routes, all under the run's token (a path without it, a
// cookie, a wrong token: 403), the Host and origin checks, that it listens on loopback only, the event stream telling
// a new verdict after a lesson file changes, and that it writes none of the learner's files. It runs on a copy of
// the stubs (never on lessons/), with no model.
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
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const made: string[] = [];
let lessons: string;
let workbook: Workbook;
let port: number;
let token: string;
/** `path` under this run's token, as a page's relative address resolves (`/01-euclidean` → `/TOKEN/01-euclidean`). */
const at = (path: string) => `/${token}${path}`;
/** Every file of the copy and its content, before the server ran, with what this test wrote itself added. */
const expected = new Map<string, string>();

/** A request as any client may send it: the Host header is whatever `host` says (http.request lets it be set), none when empty. */
function send(path: string, { method = 'GET', host = `127.0.0.1:${port}`, headers = {}, body }: Ask = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const hostHeader = host === '' ? {} : { Host: host };
    const outgoing = request({ host: '127.0.0.1', port, path, method, setHost: false, headers: { ...hostHeader, ...headers } }, (response) => {
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
  const outgoing = request({ host: '127.0.0.1', port, path: at('/events'), headers: { Host: `127.0.0.1:${port}` } }, (response) => {
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
  token = new URL(workbook.url).pathname.split('/')[1];
}, 60_000);

afterAll(async () => {
  await workbook?.close();
  rmSync(progressFile(lessons), { force: true });
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the workbook’s server', () => {
  it('listens on loopback only, and prints an address whose path is a token', () => {
    const address = workbook.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(workbook.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/[A-Za-z0-9_-]{43}/$`));
  });

  it('answers nothing whose path does not begin with the exact token: pages, assets, pictures, answers, the event stream, POSTs', async () => {
    const gets = ['/', '/01-euclidean', '/events', '/assets/workbook.css', '/assets/workbook.js', '/assets/icon.svg', '/pictures/01-euclidean', '/ask?q=x'];
    const posts = ['/hint/dot', '/grade'];
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    /** What stands where the token goes: nothing, a near miss, a prefix, a longer one, its first character escaped. */
    const prefixes = ['', `/${wrong}`, `/${token.slice(0, -1)}`, `/${token.slice(1)}`, `/${token}x`, `/${token}${token}`, `/%${token.charCodeAt(0).toString(16)}${token.slice(1)}`, '/token', `/${token.toUpperCase()}`].filter((prefix) => prefix !== `/${token}`);
    const own = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
    const tried: [string, Ask][] = [
      ...prefixes.flatMap((prefix) => gets.map((path): [string, Ask] => [`${prefix}${path}`, {}])),
      ...prefixes.flatMap((prefix) => posts.map((path): [string, Ask] => [`${prefix}${path}`, { method: 'POST', headers: own, body: '{}' }])),
      // The token anywhere but first, or with no path after it, or left behind by dot segments, or as the old query.
      ...[`/assets/${token}/workbook.css`, `/${token}`, `/${token}/../`, `/${token}/%2e%2e/events`, `/${token}/..`, `/?token=${token}`, `/01-euclidean?token=${token}`].map((path): [string, Ask] => [path, {}]),
      [`/hint/dot?token=${token}`, { method: 'POST', headers: own }],
    ];
    for (const [path, ask] of tried) {
      const refused = await send(path, ask);
      const what = `${ask.method ?? 'GET'} ${path.replace(token, 'TOKEN')}`;
      expect(refused.status, what).toBe(403);
      expect(refused.body, what).not.toMatch(/<html|event:|"hints"/);
      expect(refused.body, what).not.toContain(token);
      expect(refused.headers['set-cookie'], what).toBeUndefined();
      expect(refused.headers['referrer-policy'], what).toBe('no-referrer');
    }
    // None of the refused hints was counted: dot's first hint is still its first (the POST test asks for it).
    const hint = JSON.parse((await send(at('/hint/dot'), { method: 'POST', headers: own, body: '{}' })).body) as { hints: string[] };
    expect(hint.hints).toEqual(findFunction('dot')!.spec.hints.slice(0, 1));
    rmSync(progressFile(lessons), { force: true });
  });

  it('gives no cookie, and takes none: a cookie holding the token opens nothing', async () => {
    const page = await send(at('/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Your progress</h1>');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    for (const cookie of [`workbook-${port}=${token}`, `token=${token}`, `workbook=${token}`, token]) {
      for (const path of ['/', '/events', '/assets/workbook.js']) expect((await send(path, { headers: { Cookie: cookie } })).status, `${path} with a cookie`).toBe(403);
      expect((await send('/grade', { method: 'POST', headers: { Cookie: cookie, Origin: `http://127.0.0.1:${port}` } })).status).toBe(403);
    }
  });

  it('answers only under its own host names: another site’s name pointed here (DNS rebinding), or another port, gets 403', async () => {
    expect((await send(at('/'), { host: `127.0.0.1:${port}` })).status).toBe(200);
    // Not localhost: a browser may try ::1 first, where another user could listen on the same port.
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, 'evil.example', `evil.example:${port}`, `127.0.0.1:${port === 65_535 ? port - 1 : port + 1}`, `127.0.0.1:${port}.evil.example`, '127.0.0.1', `[::1]:${port}`]) {
      for (const path of ['/', '/events', '/assets/workbook.js']) {
        // With the token too: a rebound name is refused before the token is looked at.
        const refused = await send(at(path), { host });
        expect(refused.status, `${host} ${path}`).toBe(403);
        expect(refused.body, host).not.toMatch(/<html|event:/);
      }
      expect((await send(at('/grade'), { method: 'POST', host, headers: { Origin: `http://${host}` } })).status, host).toBe(403);
    }
    // No Host at all: Node's own check refuses it first (400), as HTTP/1.1 asks.
    const nameless = await send(at('/'), { host: '' });
    expect(nameless.status).toBe(400);
    expect(nameless.body).not.toContain('<html');
  });

  it('serves every lesson page, the progress page, the pictures and the assets, each with a Content-Security-Policy', async () => {
    for (const lesson of LESSONS) {
      const page = await send(at(`/${lessonFolder(lesson)}`));
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
      const pictures = await send(at(`/pictures/${lessonFolder(lesson)}`));
      expect(pictures.status).toBe(200);
      expect(pictures.body).toMatch(/^<section class="pictures"[^>]*><h2|^<section class="pictures"[^>]*>\n<h2/);
    }
    const progress = await send(at('/'));
    for (const { spec } of allFunctions()) expect(progress.body).toContain(`<tr data-function="${spec.name}">`);

    const fonts = readdirSync(join(dirname(createRequire(join(ROOT, 'package.json')).resolve('katex')), 'fonts'));
    const font = fonts.find((name) => name.endsWith('.woff2'))!;
    for (const [path, type] of [
      ['/assets/workbook.css', 'text/css; charset=utf-8'],
      ['/assets/workbook.js', 'text/javascript; charset=utf-8'],
      ['/assets/katex/katex.min.css', 'text/css; charset=utf-8'],
      [`/assets/katex/fonts/${font}`, 'font/woff2'],
    ]) {
      const asset = await send(at(path));
      expect(asset.status, path).toBe(200);
      expect(asset.headers['content-type'], path).toBe(type);
      expect(asset.headers['content-security-policy'], path).toMatch(/default-src 'none'/);
      const again = await send(at(path), { headers: { 'If-None-Match': String(asset.headers.etag) } });
      expect(again.status, path).toBe(304);
    }
    for (const path of ['/nope', '/01', '/06-nothing', '/01-euclidean/', '/lessons/01-euclidean', '/assets/katex/fonts/..%2f..%2fpackage.json', '/assets/..%2fpackage.json', '/assets/%2e%2e/package.json', '/pictures/', '//']) {
      expect((await send(at(path))).status, path).toBe(404);
    }
    expect((await send(at('/'), { method: 'PUT' })).status).toBe(405);
  });

  it('links its pages and assets by relative addresses, which carry the token; a link out would take no Referer', async () => {
    const pages = ['/', ...LESSONS.map((lesson) => `/${lessonFolder(lesson)}`)];
    const reached = new Set<string>();
    for (const path of pages) {
      const base = `http://127.0.0.1:${port}${at(path)}`;
      const { body } = await send(at(path));
      const tags = [...body.matchAll(/<[a-z]+\s(?:[^>]*\s)?(?:href|src)="([^"]*)"[^>]*>/g)].map(([tag, target]) => ({ tag, target }));
      expect(tags.length, path).toBeGreaterThan(5);
      for (const { tag, target } of tags) {
        if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(target)) {
          // None today; any to come leaves without the page's address.
          expect(tag, path).toContain('rel="noreferrer"');
          continue;
        }
        expect(target, `${path} → ${target}`).not.toMatch(/^\//);
        const resolved = new URL(target, base);
        expect(resolved.pathname, `${path} → ${target}`).toMatch(new RegExp(`^/${token}/`));
        reached.add(resolved.pathname);
      }
    }
    for (const path of reached) expect((await send(path)).status, path.replace(token, 'TOKEN')).toBe(200);
    // Each page is reached by the links of the others, as the navigation has them.
    for (const path of pages) expect([...reached], path).toContain(at(path));
    // What the script asks for is relative to the page too: it never names a path from the root.
    const script = (await send(at('/assets/workbook.js'))).body;
    expect(script).toMatch(/new EventSource\('events'\)/);
    expect(script).not.toMatch(/(?:fetch|EventSource)\(\s*['"`]\//);
  });

  it('takes a POST only from its own pages, and gives the next hint without touching the lesson files', async () => {
    const own = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
    const foreign: Record<string, string>[] = [
      {},
      { Origin: 'http://evil.example' },
      { Origin: `http://127.0.0.1:${port === 65_535 ? port - 1 : port + 1}` },
      { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'cross-site' },
      { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'null' },
    ];
    for (const headers of foreign) {
      expect((await send(at('/hint/euclidean'), { method: 'POST', headers })).status, JSON.stringify(headers)).toBe(403);
    }
    expect((await send('/hint/euclidean', { method: 'POST', headers: own })).status).toBe(403);
    expect((await send(at('/hint/nothing'), { method: 'POST', headers: own })).status).toBe(404);
    const { spec } = findFunction('dot')!;
    for (const shown of [1, 2]) {
      const hint = await send(at('/hint/dot'), { method: 'POST', headers: own, body: '{}' });
      expect(hint.status).toBe(200);
      expect(JSON.parse(hint.body)).toMatchObject({ name: 'dot', hints: spec.hints.slice(0, shown), hintsTotal: spec.hints.length });
    }
  });

  it('shows the two ways to get the model in lesson 05, where the model is not on the machine', async () => {
    const ways = waysForward(resolveOptions({ cacheDir: made[1], offline: true }));
    const page = await send(at(`/${lessonFolder(findLesson('05')!)}`));
    expect(page.body).toContain('<h2 id="ask-title">Ask your own question</h2>');
    expect(page.body).not.toContain('<form');
    for (const command of ways.match(/npm run [a-z:]+/g) ?? []) expect(page.body).toContain(command);
    expect(ways.match(/npm run [a-z:]+/g)).toEqual(['npm run model:download', 'npm run model:pack', 'npm run model:unpack']);
    expect((await send(at('/ask?q=Who%20studies%20spiders%3F'))).body).toMatch(/not on this machine/);
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
      expect((await send(at('/grade'), { method: 'POST', headers: own })).status).toBe(202);
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
    await send(at('/hint/norm'), { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}` } });
    await send(at('/03-normalize'));
    expect(now.map((file) => statSync(join(lessons, file)).mtimeMs)).toEqual(times);
  });
});
