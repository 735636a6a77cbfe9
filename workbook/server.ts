// `npm run workbook`'s server (node:http): the lesson pages, the progress page, the pictures, hints, lesson 05's
// answers and the event stream of verdicts, for the learner's browser alone.
// - Bound to 127.0.0.1 only: nothing off this machine can connect.
// - A token drawn for this run is the first step of every path: the address it prints is http://127.0.0.1:PORT/TOKEN/,
//   and the pages, assets, pictures, hints, answers and the event stream all live under it. A request whose path does
//   not begin with the exact token (compared in constant time) gets 403. The pages link to each other, and the
//   script asks the server, by relative addresses, which carry the token with them; no cookie is set (browsers send
//   a cookie to every port of a host, so another server on 127.0.0.1 would receive it).
// - `Referrer-Policy: no-referrer` on every answer: a link followed out of the workbook does not take the path along.
// - The Host header must be 127.0.0.1:PORT, else 403 (not localhost: a browser may try ::1 first, where another
//   user could listen on the same port and be handed the token): a name of another site made to point here
//   (DNS rebinding) gets nothing. A POST must also come from the workbook's own origin.
// - A Content-Security-Policy lets a page load only the workbook's own files: no inline script, nothing from
//   elsewhere, no framing.
// - It never writes a learner's file: grading reads them, and hints are counted in .cache (learner/progress.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findFunction, findLesson, lessonFolder, shownPath, LESSONS, allFunctions, type Lesson } from '../curriculum/index.ts';
import type { EmbedderOptions } from '../embeddings/config.ts';
import { escapeHtml } from '../grader/report/page.ts';
import { hintAndRemember } from '../learner/hint.ts';
import { progressFile, readProgress } from '../learner/progress.ts';
import { asker } from './ask.ts';
import { liveAssets } from './assets.ts';
import { picturesHtml, picturesSection } from './charts.ts';
import { functionView, lessonWarnings, nextStep, resultOf, scoreText, stateText, type FunctionView, type Verdicts } from './functions.ts';
import { startLive, type LiveState } from './live.ts';
import { lessonPage, progressPage } from './pages.ts';
import { LIVE_SITE } from './site.ts';
import { picturesKey, type Learner } from './values.ts';

export interface WorkbookOptions {
  /** The learner's lessons folder, laid out like lessons/. */
  readonly lessons: string;
  /** 0 (the default): a free port the system picks. */
  readonly port?: number;
  /** The model lesson 05's box embeds with: the lesson's, in .cache/models, unless given (tests give the tiny one). */
  readonly model?: EmbedderOptions;
}

export interface Workbook {
  /** The address to open, `http://127.0.0.1:PORT/TOKEN/`: every page and request of the workbook is under it. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** What a page may load: its own server's files, KaTeX's style attributes, nothing else; and no page may frame it. */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'Content-Security-Policy': POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

const HTML = 'text/html; charset=utf-8';
/** A comment on the event stream now and then, so that nothing between closes it as idle. */
const KEEP_ALIVE_MS = 15_000;
/** Pictures kept drawn, by lesson and key: enough for every lesson's current and previous ones. */
const PICTURES_KEPT = 20;

/** Everything an open page is told at a change, to show it without asking (client.js). */
export interface Update {
  readonly score: string;
  /** What is happening: a grade running, a failure; empty otherwise. */
  readonly state: string;
  /** What to do next, as HTML. */
  readonly next: string;
  readonly functions: readonly FunctionView[];
  /** The type checker's warnings, by lesson folder. */
  readonly warnings: Readonly<Record<string, readonly string[]>>;
  /** What each lesson's pictures now depend on (values.ts): a page holding others fetches them again. */
  readonly pictures: Readonly<Record<string, string>>;
}

/** Whether `given` is this run's token, compared in constant time (the length, the same for every token, aside). */
function same(given: string, token: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The path under this run's token (`/TOKEN/rest` → `/rest`), or undefined when it does not begin with `/TOKEN/`. */
function underToken(path: string, token: string): string | undefined {
  const end = path.indexOf('/', 1);
  return end > 0 && same(path.slice(1, end), token) ? path.slice(end) : undefined;
}

export async function startWorkbook({ lessons, port = 0, model = {} }: WorkbookOptions): Promise<Workbook> {
  const token = randomBytes(32).toString('base64url');
  const assets = liveAssets();
  // Listening first: a port in use stops the command before anything is watched or graded.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const live = startLive(lessons);
  const learner = (): Learner => {
    const { report, graded } = live.state();
    return { lessons, report, graded };
  };
  const ask = asker(model, learner);
  const folder = shownPath(lessons);
  const verdicts = (state: LiveState = live.state()): Verdicts => ({ ...state, hintsShown: readProgress(progressFile(lessons)).hintsShown, folder });

  const pictures = new Map<string, Promise<string>>();
  /** A lesson's pictures for the current verdicts, drawn once per key; the next grade's sandboxes are readied after. */
  const picturesOf = (lesson: Lesson): Promise<string> => {
    const id = `${lesson.number}/${picturesKey(lesson, learner())}`;
    if (!pictures.has(id)) {
      const drawn = picturesHtml(lesson, learner());
      pictures.set(id, drawn);
      drawn.then(() => live.readyForNextSave()).catch(() => pictures.delete(id));
      while (pictures.size > PICTURES_KEPT) pictures.delete(pictures.keys().next().value!);
    }
    return pictures.get(id)!;
  };

  const updateOf = (state: LiveState): Update => {
    const now = verdicts(state);
    return {
      score: scoreText(now),
      state: stateText(now),
      next: nextStep(now, LIVE_SITE),
      functions: allFunctions().map((located) => functionView(located, now)),
      warnings: Object.fromEntries(LESSONS.map((lesson) => [lessonFolder(lesson), lessonWarnings(lesson, now)])),
      pictures: Object.fromEntries(LESSONS.map((lesson) => [lessonFolder(lesson), picturesKey(lesson, learner())])),
    };
  };

  const streams = new Set<ServerResponse>();
  const send = (response: ServerResponse, update: Update) => response.write(`event: update\ndata: ${JSON.stringify(update)}\n\n`);
  const broadcast = () => {
    if (streams.size === 0) return;
    const update = updateOf(live.state());
    for (const response of streams) send(response, update);
  };
  live.subscribe(broadcast);
  const keepAlive = setInterval(() => {
    for (const response of streams) response.write(': still here\n\n');
  }, KEEP_ALIVE_MS);
  keepAlive.unref();

  const hosts = new Set([`127.0.0.1:${bound}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));

  const reply = (response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    response.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  };
  const refuse = (response: ServerResponse, status: number, why: string) => reply(response, status, 'text/plain; charset=utf-8', `${why}\n`);

  /** Answers a request with the token checked: `path` is what follows it (`/`, `/01-euclidean`, `/events` …). */
  async function route(request: IncomingMessage, response: ServerResponse, path: string, url: URL): Promise<void> {
    if (request.method === 'POST' && path === '/grade') {
      live.gradeAgain();
      return reply(response, 202, 'text/plain; charset=utf-8', 'Grading.\n');
    }
    if (request.method === 'POST') {
      const name = /^\/hint\/([A-Za-z]+)$/.exec(path)?.[1];
      const located = name ? findFunction(name) : undefined;
      if (!located) return refuse(response, 404, 'No such function.');
      // Counts the hint in .cache/learner (as npm run hint does): the learner's files are not touched.
      hintAndRemember(lessons, located, resultOf(live.state().report, located.spec.name), false);
      const view = functionView(located, verdicts());
      broadcast();
      return reply(response, 200, 'application/json; charset=utf-8', JSON.stringify(view));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET and POST are answered here.');
    if (path === '/') return reply(response, 200, HTML, progressPage(LIVE_SITE, verdicts()));
    const asset = path.startsWith('/assets/') ? assets.get(path.slice('/assets/'.length)) : undefined;
    if (asset) {
      const fresh = request.headers['if-none-match'] === asset.etag;
      const caching = { ETag: asset.etag, 'Cache-Control': asset.immutable ? 'private, max-age=31536000, immutable' : 'no-cache' };
      return fresh ? reply(response, 304, asset.type, '', caching) : reply(response, 200, asset.type, asset.body, caching);
    }
    if (path === '/events') return openStream(response);
    const lesson = findLessonAt(path, '/');
    if (lesson) {
      const question = lesson.number === '05' ? (url.searchParams.get('q') ?? undefined) : undefined;
      const [drawn, box] = await Promise.all([picturesOf(lesson).catch(picturesFailed(lesson)), lesson.number === '05' ? ask.section(question) : undefined]);
      return reply(response, 200, HTML, lessonPage(LIVE_SITE, lesson, { pictures: drawn, ask: box, verdicts: verdicts() }));
    }
    const picturesFor = findLessonAt(path, '/pictures/');
    if (picturesFor) return reply(response, 200, HTML, await picturesOf(picturesFor).catch(picturesFailed(picturesFor)));
    if (path === '/ask') return reply(response, 200, HTML, await ask.answer(url.searchParams.get('q') ?? ''));
    return refuse(response, 404, 'No such page.');
  }

  /** A lesson's page without its pictures, when they could not be drawn, says why rather than failing whole. */
  const picturesFailed = (lesson: Lesson) => (error: Error) => picturesSection(lesson, '', `<p>The pictures could not be drawn: ${escapeHtml(error.message)}</p>`);

  /** The lesson named by the path after `prefix` (its folder name exactly), if any. */
  function findLessonAt(path: string, prefix: string): Lesson | undefined {
    if (!path.startsWith(prefix)) return undefined;
    const lesson = findLesson(path.slice(prefix.length));
    return lesson && lessonFolder(lesson) === path.slice(prefix.length) ? lesson : undefined;
  }

  function openStream(response: ServerResponse): void {
    response.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    response.write('retry: 2000\n\n');
    streams.add(response);
    response.on('close', () => streams.delete(response));
    // The page learns at once what happened since it was made.
    send(response, updateOf(live.state()));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // The Host first: a page of another site, reaching here under its own name, learns nothing, not even a token's need.
    if (!hosts.has((request.headers.host ?? '').toLowerCase())) return refuse(response, 403, `This workbook answers at http://127.0.0.1:${bound}/ only.`);
    // Dot segments are resolved first (`/TOKEN/../x` is `/x`): the path checked is the one routed.
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${bound}`);
    const path = underToken(url.pathname, token);
    if (path === undefined) return refuse(response, 403, 'Open the workbook at the address npm run workbook printed: every page is under this run’s token.');
    if (request.method === 'POST') {
      const origin = request.headers.origin;
      const site = request.headers['sec-fetch-site'];
      if (!origin || !origins.has(origin) || (site !== undefined && site !== 'same-origin')) return refuse(response, 403, 'Only the workbook’s own pages may ask this.');
    }
    route(request, response, path, url).catch((error: Error) => {
      if (!response.headersSent) refuse(response, 500, `The workbook failed, which is a bug: ${error.message}`);
      else response.end();
    });
  });

  // Each lesson's pictures drawn once the first verdicts are in, while the learner reads: a page opened then is
  // ready at once (Vega and mathjs load here, not on the first page).
  const firstVerdicts = live.subscribe((state) => {
    if (!state.report || state.grading) return;
    firstVerdicts();
    void LESSONS.reduce((drawn: Promise<unknown>, lesson) => drawn.then(() => picturesOf(lesson)).catch(() => undefined), Promise.resolve());
  });

  await live.ready;
  return {
    url: `http://127.0.0.1:${bound}/${token}/`,
    port: bound,
    server,
    async close() {
      clearInterval(keepAlive);
      for (const response of streams) response.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.all([live.close(), ask.close(), closed]);
    },
  };
}
