// `npm run bench:workbook`: how fast the browser workbook (`npm run workbook`) answers, as a learner feels it.
// One `node bin/workbook.mjs` runs on a copy of the stubs, every request under the address it prints (its path
// is this run's token). Page load: each lesson page and the progress page fetched from the local server with the
// stylesheets and script they load (all of them, every time: no browser cache), the first time and then 20 times; where Debian's chromium is installed, also in the browser, from the
// navigation to its load event. Verdict: `euclidean` saved 20 times, right and wrong in turn (each version new,
// with this run's own mark, so no verdict is a kept one), 2 s apart as in bench:watch, each timed from the write to
// the event that brings its verdict to an open page (the event stream the pages listen to).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LESSONS, ROOT, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findLesson, lessonFolder } from '../curriculum/index.ts';
import { functionText, replaceFunction } from '../learner/source.ts';
import { UsageError, parseCommandLine, runCommand } from '../lib/cli.ts';
import { CHROMIUM } from '../test/chromium.ts';
import type { Update } from '../workbook/server.ts';
import { median } from './measure.ts';

const USAGE = 'Usage: npm run bench:workbook [-- --edits N] [--loads N]   (default 20 saves, 20 loads of each page)';
const TARGET_PAGE_MS = 300;
const TARGET_VERDICT_MS = 300;
/** Time for the workbook to start and give its first verdicts. */
const OPEN_TIMEOUT_MS = 60_000;
/** Time between a verdict and the next save. */
const READ_MS = 2_000;

const lesson = findLesson('01')!;
const right = functionText(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'), 'euclidean');
const wrong = right.replace(/Math\.sqrt\(([^;]*)\);/, '$1;');

/** GET `url` (the workbook's): the status and the body. */
function get(url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** A page (`path`, relative to the printed address) and what it loads (stylesheets, script, by addresses relative to it), fetched in order as a browser without a cache would: ms. */
async function loadPage(url: string, path: string): Promise<number> {
  const began = performance.now();
  const at = new URL(path, url);
  const page = await get(at);
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const loads = [...page.body.matchAll(/<link rel="stylesheet" href="([^"]+)">|<script src="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
  await Promise.all(
    loads.map(async (asset) => {
      const loaded = await get(new URL(asset, at));
      if (loaded.status !== 200) throw new Error(`${asset}, from ${path}, answered ${loaded.status}`);
    }),
  );
  return performance.now() - began;
}

/** The same pages in headless Chromium, from the navigation to the load event (ms), where chromium is installed. */
async function loadInBrowser(url: string, paths: readonly string[], loads: number): Promise<Map<string, number[]> | undefined> {
  if (!CHROMIUM) return undefined;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage();
    const times = new Map<string, number[]>();
    for (const path of paths) {
      for (let i = 0; i <= loads; i++) {
        await page.goto(new URL(path, url).href, { waitUntil: 'load' });
        const ms = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
        if (i > 0) times.set(path, [...(times.get(path) ?? []), ms]);
      }
    }
    return times;
  } finally {
    await browser.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { edits: { type: 'string', default: '20' }, loads: { type: 'string', default: '20' }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return (console.log(USAGE), 0);
  const edits = Number(values.edits);
  const loads = Number(values.loads);
  if (positionals.length > 0 || !Number.isInteger(edits) || edits < 2 || !Number.isInteger(loads) || loads < 1) throw new UsageError('--edits takes a whole number of at least 2, --loads one of at least 1');

  const lessons = mkdtempSync(join(tmpdir(), 'bench-workbook-'));
  cpSync(STUBS_DIR, lessons, { recursive: true });
  const file = exerciseFile(lesson, lessons);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'workbook.mjs'), '--submission', lessons, '--no-open'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stopStream = () => undefined as void;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the workbook printed no address')), OPEN_TIMEOUT_MS);
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const found = /http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/(?=\s)/.exec(out)?.[0];
        if (found) (clearTimeout(timer), resolve(found));
      });
    });

    // The event stream, as an open page has it: every update, as it comes.
    const updates: { at: number; update: Update }[] = [];
    let told: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      const stream = request(new URL('events', url), (response) => {
        let buffer = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
            buffer = buffer.slice(end + 2);
            if (data) updates.push({ at: performance.now(), update: JSON.parse(data) as Update });
          }
          told?.();
        });
        resolve();
      });
      stream.on('error', () => undefined);
      stream.end();
      stopStream = () => void stream.destroy();
    });
    const statusOf = (update: Update) => update.functions.find((view) => view.name === 'euclidean')?.status;
    /** The time of the first update since `from` (an index into updates) with euclidean's status `status`. */
    const verdict = (from: number, status: string, timeoutMs: number) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no update showed euclidean ${status} within ${timeoutMs} ms`)), timeoutMs);
        told = () => {
          const found = updates.slice(from).find(({ update }) => statusOf(update) === status);
          if (found) (clearTimeout(timer), resolve(found.at));
        };
        told();
      });
    await verdict(0, 'not-started', OPEN_TIMEOUT_MS);
    // The pictures are drawn once the first verdicts are in: a learner reads the address before opening a page.
    await new Promise((resolve) => setTimeout(resolve, READ_MS));

    // Each page by its address relative to the printed one (`./` the progress page), as the pages link to it.
    const paths = ['./', ...LESSONS.map((each) => lessonFolder(each))];
    const first = new Map<string, number>();
    const times = new Map<string, number[]>();
    for (const path of paths) first.set(path, await loadPage(url, path));
    for (let i = 0; i < loads; i++) for (const path of paths) times.set(path, [...(times.get(path) ?? []), await loadPage(url, path)]);
    const browser = await loadInBrowser(url, paths, Math.min(loads, 5));

    // In every version, so that none was graded before, in this run or an earlier one (results are kept by content).
    const run = randomUUID();
    const saves: number[] = [];
    for (let i = 0; i < edits; i++) {
      const passes = i % 2 === 0;
      const from = updates.length;
      const came = verdict(from, passes ? 'pass' : 'fail', 10_000);
      const began = performance.now();
      writeFileSync(file, replaceFunction(readFileSync(file, 'utf8'), 'euclidean', `${passes ? right : wrong}\n// save ${i + 1} of run ${run}`));
      saves.push((await came) - began);
      await new Promise((resolve) => setTimeout(resolve, READ_MS));
    }

    const ms = (value: number) => `${Math.round(value)} ms`;
    console.log(`Page loads from the local server (the page, its stylesheets and script), ${loads} times each after a first:\n`);
    console.log(`| page (from the printed address) | first | median | worst${browser ? ' | in Chromium (median, to the load event)' : ''} | target |`);
    console.log(`| --- | ---: | ---: | ---:${browser ? ' | ---:' : ''} | --- |`);
    for (const path of paths) {
      const all = times.get(path)!;
      const inBrowser = browser ? ` | ${ms(median(browser.get(path)!))}` : '';
      console.log(`| \`${path}\`${path === './' ? ' (progress)' : ''} | ${ms(first.get(path)!)} | ${ms(median(all))} | ${ms(Math.max(...all))}${inBrowser} | < ${TARGET_PAGE_MS} ms |`);
    }
    console.log(`\n${edits} saves of euclidean, each timed from the write to the event bringing its verdict to an open page:\n`);
    console.log('| median | min | worst | target |');
    console.log('| ---: | ---: | ---: | --- |');
    console.log(`| ${ms(median(saves))} | ${ms(Math.min(...saves))} | ${ms(Math.max(...saves))} | median < ${TARGET_VERDICT_MS} ms |`);
    console.log(`\nEach save, in ms: ${saves.map(Math.round).join(', ')}`);
    const pagesMet = paths.every((path) => median(times.get(path)!) < TARGET_PAGE_MS && (!browser || median(browser.get(path)!) < TARGET_PAGE_MS));
    const met = pagesMet && median(saves) < TARGET_VERDICT_MS;
    console.log(met ? '\nWithin the targets.' : '\nOver a target.');
    return 0;
  } finally {
    stopStream();
    child.kill('SIGTERM');
    rmSync(lessons, { recursive: true, force: true });
  }
}

process.exitCode = await runCommand({ name: 'bench:workbook', usage: USAGE, main }, process.argv.slice(2));
