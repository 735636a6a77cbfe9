// The workbook in a real browser: headless Chromium (Debian's, driven by playwright-core, found as test/chromium.ts
// finds it) on the workbook's server, run on a copy of the stubs, opened at the address it prints. Every lesson
// page loads with its formulas typeset (KaTeX's markup, no `$` left in the text), its outline sound (one h1,
// headings in order, named charts, readable contrast), no console error and no request off the server or outside
// the run's token; lesson 01's heatmap shows 16 cells with the notebook's figures; an exercise file edited while
// the page is open turns its status from fail to pass on the page, by the event stream, then draws the picture with
// the learner's own function; a hint comes at a click; the navigation's links lead from page to page. No cookie is
// set, and another server on 127.0.0.1 that the browser visits meanwhile learns nothing of the token. The browser
// starts once. Screenshots go to .cache/test-artifacts/workbook/.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS, SOLUTIONS_DIR, STUBS_DIR, exerciseFile, findFunction, findLesson, lessonFolder, lessonReadme, type Lesson } from '../curriculum/index.ts';
import { PRINTED_L2_DISTANCES } from '../curriculum/notebook.ts';
import { progressFile } from '../learner/progress.ts';
import { functionText, replaceFunction } from '../learner/source.ts';
import { ARTIFACTS, CHROMIUM, CHROMIUM_MISSING, CHROMIUM_REQUIRED } from '../test/chromium.ts';
import { startWorkbook, type Workbook } from './server.ts';

const SHOTS = join(ARTIFACTS, 'workbook');

/** What a page asked for off the workbook's server or outside its token (refused), and what it complained of. */
interface Watched {
  readonly requests: string[];
  readonly problems: string[];
}

/** The display formulas of a lesson text (`$$ … $$`, each on a line of its own there), counted in its source. */
const displayFormulas = (lesson: Lesson) => readFileSync(lessonReadme(lesson), 'utf8').match(/^\$\$.+\$\$\s*$/gm)?.length ?? 0;

/** WCAG's contrast ratio of two colours, as a browser computes them (`rgb(r, g, b)`) or as SVG has them (`#rrggbb`). */
function contrastRatio(a: string, b: string): number {
  const luminance = (colour: string) => {
    const channels = colour.startsWith('#') ? [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16)) : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const [r, g, b] = channels.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The outline and the reading of the page, from what the browser computed: heading levels in order, text nodes
 * holding a `$` outside code and typeset formulas, charts and their names, and the colours of the main kinds of
 * text with the background they are drawn on.
 */
function readPage(page: Page) {
  return page.evaluate(() => {
    const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => Number(heading.tagName[1]));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const dollars: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent?.includes('$') && !node.parentElement?.closest('pre, code, .katex')) dollars.push(node.textContent);
    }
    const charts = [...document.querySelectorAll('figure svg')].map((svg) => ({ role: svg.getAttribute('role'), name: svg.getAttribute('aria-label') ?? '' }));
    const images = [...document.querySelectorAll('img')].map((img) => img.getAttribute('alt'));
    /** The colour an element's text is drawn on: the first background up its ancestors that is not transparent. */
    const background = (element: Element | null): string => {
      for (let at = element; at; at = at.parentElement) {
        const colour = getComputedStyle(at).backgroundColor;
        if (!/^rgba\(.*, 0\)$|^transparent$/.test(colour)) return colour;
      }
      return 'rgb(255, 255, 255)';
    };
    const selectors = ['main p', 'h1', 'h2', 'header nav a', 'main a', '.status', 'figcaption', '.drawn-by', 'pre code span[class^="hljs"]', 'pre code', '.panel summary', 'button', 'td', 'th'];
    const contrasts = selectors.flatMap((selector) =>
      [...document.querySelectorAll(selector)].slice(0, 12).map((element) => ({ selector, text: (element.textContent ?? '').slice(0, 30), fore: getComputedStyle(element).color, back: background(element) })),
    );
    return { levels, dollars, charts, images, contrasts, lang: document.documentElement.lang, title: document.title };
  });
}

if (!CHROMIUM && !CHROMIUM_REQUIRED) console.warn(`workbook/pages.browser.test.ts skipped: ${CHROMIUM_MISSING} (REQUIRE_CHROMIUM=1 makes this a failure)`);
if (!CHROMIUM && CHROMIUM_REQUIRED) {
  it('finds chromium, as REQUIRE_CHROMIUM asks', () => {
    expect.fail(`REQUIRE_CHROMIUM is set but ${CHROMIUM_MISSING}`);
  });
}

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'the workbook in headless Chromium' : `the workbook in headless Chromium (skipped: ${CHROMIUM_MISSING})`, () => {
  const made: string[] = [];
  let browser: Browser | undefined;
  let context: BrowserContext;
  let workbook: Workbook;
  let lessons: string;
  /** The page kept open on lesson 01 for the live test. */
  let lesson01: Page;
  const watched = new Map<Page, Watched>();

  /** A new tab, watched: requests off the workbook's server or outside its token are refused and noted, console errors noted. */
  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    const seen: Watched = { requests: [], problems: [] };
    watched.set(page, seen);
    page.on('console', (message) => {
      if (message.type() === 'error') seen.problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => seen.problems.push(`page error: ${error.message}`));
    const { origin, pathname: root } = new URL(workbook.url);
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin && url.pathname.startsWith(root)) return route.continue();
      seen.requests.push(url.href);
      return route.abort();
    });
    return page;
  }

  async function open(path: string, page?: Page): Promise<Page> {
    const tab = page ?? (await newPage());
    const response = await tab.goto(new URL(path, workbook.url).href, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    return tab;
  }

  /** One page's soundness: formulas typeset, outline, names, contrast, no error, nothing fetched elsewhere. */
  async function expectSound(page: Page, lesson?: Lesson): Promise<void> {
    const read = await readPage(page);
    const { requests, problems } = watched.get(page)!;
    expect(requests, 'requests off the workbook').toEqual([]);
    expect(problems).toEqual([]);
    expect(read.lang).toBe('en');
    expect(read.title.trim()).not.toBe('');
    expect(read.levels.filter((level) => level === 1)).toHaveLength(1);
    expect(read.levels[0]).toBe(1);
    // No level skipped on the way down (h2 → h4 would be).
    read.levels.forEach((level, i) => expect(level, `heading ${i + 1} of ${read.levels.join(' ')}`).toBeLessThanOrEqual((read.levels[i - 1] ?? 0) + 1));
    expect(read.images.filter((alt) => !alt?.trim())).toEqual([]);
    for (const chart of read.charts) {
      expect(chart.role).toBe('img');
      expect(chart.name.trim()).not.toBe('');
    }
    expect(read.contrasts.length).toBeGreaterThan(10);
    const low = read.contrasts.map((seen) => ({ ...seen, ratio: contrastRatio(seen.fore, seen.back) })).filter(({ ratio }) => ratio < 4.5);
    expect(low, 'text below 4.5:1').toEqual([]);
    if (lesson) {
      expect(read.dollars, 'formulas left as source').toEqual([]);
      expect(await page.locator('.katex-error').count()).toBe(0);
      expect(await page.locator('.katex-display').count()).toBe(displayFormulas(lesson));
      expect(await page.locator('.katex').count()).toBeGreaterThan(displayFormulas(lesson));
      expect(read.charts.length).toBeGreaterThan(0);
    }
  }

  /** Writes `name` into the copy: the reference solution's, or that one without its square root. */
  function writeFunction(name: string, variant: 'right' | 'no-sqrt'): void {
    const { lesson } = findFunction(name)!;
    const file = exerciseFile(lesson, lessons);
    let source = functionText(readFileSync(exerciseFile(lesson, SOLUTIONS_DIR), 'utf8'), name);
    if (variant === 'no-sqrt') source = source.replace(/Math\.sqrt\(([^;]*)\);/, '$1;');
    writeFileSync(file, replaceFunction(readFileSync(file, 'utf8'), name, source));
  }

  beforeAll(async () => {
    lessons = mkdtempSync(join(tmpdir(), 'workbook-browser-'));
    const noModels = mkdtempSync(join(tmpdir(), 'workbook-browser-models-'));
    made.push(lessons, noModels);
    cpSync(STUBS_DIR, lessons, { recursive: true });
    // The browser starts while the server grades the stubs.
    const [launched, started] = await Promise.all([chromium.launch({ executablePath: CHROMIUM! }), startWorkbook({ lessons, model: { cacheDir: noModels } })]);
    browser = launched;
    workbook = started;
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    // An element that is not there fails its check at once, not after playwright's 30 s.
    context.setDefaultTimeout(5_000);
    mkdirSync(SHOTS, { recursive: true });
    // The printed address is the progress page itself: nothing redirects, and no cookie is set.
    const first = await open('./');
    expect(first.url()).toBe(workbook.url);
    expect(await first.locator('h1').innerText()).toBe('Your progress');
    expect(await context.cookies()).toEqual([]);
    await first.close();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await workbook?.close();
    rmSync(progressFile(lessons), { force: true });
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  for (const lesson of LESSONS) {
    it(`shows lesson ${lesson.number} with its formulas typeset, its functions and its pictures, soundly`, async () => {
      const page = await open(lessonFolder(lesson));
      await expectSound(page, lesson);
      expect(await page.locator('h1').innerText()).toBe(`Lesson ${lesson.number}: ${lesson.title}`);
      for (const spec of lesson.functions) expect(await page.locator(`.panel [data-function="${spec.name}"] h3 code`).innerText()).toBe(spec.name);
      await page.screenshot({ path: join(SHOTS, `${lessonFolder(lesson)}.png`), fullPage: true });
      if (lesson.number === '01') lesson01 = page;
      else await page.close();
    });
  }

  it('shows lesson 01’s distances as a heatmap of 16 cells holding the notebook’s figures', async () => {
    const heatmap = lesson01.locator('figure svg[aria-label*="L2 distances"]');
    expect(await heatmap.count()).toBe(1);
    expect(await heatmap.locator('g.mark-rect.role-mark path').count()).toBe(16);
    const cells = await heatmap.locator('g.mark-text.role-mark text').allTextContents();
    expect(cells).toEqual(PRINTED_L2_DISTANCES.flat().map(String));
    // Each figure reads on its cell: text and cell colours at 4.5:1 or more.
    const fills = await heatmap.locator('g.mark-rect.role-mark path').evaluateAll((paths) => paths.map((path) => path.getAttribute('fill') ?? ''));
    const inks = await heatmap.locator('g.mark-text.role-mark text').evaluateAll((texts) => texts.map((text) => text.getAttribute('fill') ?? ''));
    expect(fills.map((fill, i) => contrastRatio(inks[i], fill)).filter((ratio) => ratio < 4.5)).toEqual([]);
    // Said in words too, for whoever does not see the picture.
    expect(await lesson01.locator('.pictures figcaption').innerText()).toContain(PRINTED_L2_DISTANCES[0].map(String).join(', '));
    expect(await lesson01.locator('.pictures .drawn-by').innerText()).toMatch(/^Computed by mathjs, because your euclideanMatrix does not pass yet \(not-started\)/);
  });

  it('turns euclidean from fail to pass on the open page as its file is saved, then draws the heatmap with the learner’s own function', { timeout: 60_000 }, async () => {
    const page = lesson01;
    const status = page.locator('.panel [data-function="euclidean"] [data-role="status"]');
    expect(await status.innerText()).toMatch(/not-started/);
    // A hint is one click away: the first of the function's own, while nothing names a mistake.
    await page.locator('.panel [data-hint="euclidean"]').click();
    await page.locator('.panel [data-function="euclidean"] [data-role="hints"] li').waitFor();
    expect(await page.locator('.panel [data-function="euclidean"] [data-role="hints"] li').allInnerTexts()).toEqual([`Hint 1 of 3: ${findFunction('euclidean')!.spec.hints[0]}`]);

    writeFunction('euclidean', 'no-sqrt');
    await page.locator('.panel [data-function="euclidean"][data-status="fail"]').waitFor({ timeout: 20_000 });
    expect(await status.innerText()).toMatch(/fail/);
    // The feedback, one click away, names the mistake.
    await page.locator('.panel [data-function="euclidean"] details.feedback summary').click();
    expect(await page.locator('.panel [data-function="euclidean"] [data-role="feedback"]').innerText()).toMatch(/Likely mistake/);

    writeFunction('euclidean', 'right');
    await page.locator('.panel [data-function="euclidean"][data-status="pass"]').waitFor({ timeout: 20_000 });
    expect(await status.innerText()).toMatch(/pass/);
    expect(await page.locator('.strip [data-function="euclidean"] [data-role="status"]').innerText()).toMatch(/pass/);
    expect(await page.locator('header [data-role="score"]').innerText()).toMatch(/^Score: 1 \/ 14\b/);

    // The whole lesson as the solution has it: the picture is then computed by the learner's euclideanMatrix.
    cpSync(exerciseFile(findLesson('01')!, SOLUTIONS_DIR), exerciseFile(findLesson('01')!, lessons));
    await page.locator('.pictures .drawn-by.yours').waitFor({ timeout: 20_000 });
    expect(await page.locator('.pictures .drawn-by').innerText()).toBe('Computed by your euclideanMatrix (it passes the grader).');
    const cells = await page.locator('figure svg[aria-label*="L2 distances"] g.mark-text.role-mark text').allTextContents();
    expect(cells).toEqual(PRINTED_L2_DISTANCES.flat().map(String));
    await page.screenshot({ path: join(SHOTS, '01-euclidean-passing.png'), fullPage: false });
    expect(watched.get(page)!.problems).toEqual([]);
    expect(watched.get(page)!.requests).toEqual([]);
  });

  it('shows the progress page: the score, what to do next, every function with its status', async () => {
    const page = await open('./');
    await expectSound(page);
    expect(await page.locator('[data-role="score"]').first().innerText()).toMatch(/^Score: 3 \/ 14\b/);
    expect(await page.locator('tr[data-function]').count()).toBe(14);
    expect(await page.locator('tr[data-function="euclideanMatrix"] [data-role="status"]').innerText()).toMatch(/pass/);
    expect(await page.locator('[data-role="next"]').innerText()).toMatch(/^Next: dot \(not-started\)/);
    await page.screenshot({ path: join(SHOTS, 'progress.png'), fullPage: true });

    // Asked for by the button, a grade goes to the run's own address, from the page's (relative) one.
    const [graded] = await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.locator('header [data-regrade]').click()]);
    expect(graded.url()).toBe(`${workbook.url}grade`);
    expect(graded.status()).toBe(202);
    // The links lead from page to page under the token: what to do next, then the navigation back home.
    await page.locator('[data-role="next"] a').click();
    await page.waitForURL(`${workbook.url}02-dot-product#fn-dot`);
    expect(await page.locator('h1').innerText()).toBe(`Lesson 02: ${findLesson('02')!.title}`);
    await page.locator('header nav a', { hasText: 'Progress' }).click();
    await page.waitForURL(workbook.url);
    expect(await page.locator('h1').innerText()).toBe('Your progress');
    expect(watched.get(page)!.problems).toEqual([]);
    expect(watched.get(page)!.requests).toEqual([]);
    await page.close();
  });

  it('sets no cookie, and leaves another server on 127.0.0.1 that the browser visits meanwhile nothing of the token', async () => {
    // Another local user's server, on another port of the same host: what the browser sends it, noted.
    const received: { url: string; headers: IncomingHttpHeaders }[] = [];
    const other = createServer((request, response) => {
      received.push({ url: request.url ?? '', headers: request.headers });
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Elsewhere</title><p>Elsewhere</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    const page = await context.newPage();
    try {
      await page.goto(new URL(lessonFolder(findLesson('01')!), workbook.url).href, { waitUntil: 'load' });
      // A link out of a workbook page, followed (none of the lessons has one: this one is put there).
      await page.evaluate((href) => {
        const link = document.createElement('a');
        link.id = 'way-out';
        link.href = `${href}followed`;
        link.textContent = 'Elsewhere';
        document.body.prepend(link);
      }, elsewhere);
      // As a click is: Chromium's own activation of the link, whatever lies over it on the page.
      await page.locator('#way-out').dispatchEvent('click');
      await page.waitForURL(`${elsewhere}followed`);
      expect(await page.evaluate(() => document.referrer)).toBe('');
      // And the other server opened as its own address, while the workbook runs.
      await page.goto(`${elsewhere}typed`);
      expect(await context.cookies()).toEqual([]);
      const followed = received.find(({ url }) => url === '/followed');
      expect(followed, 'the link followed').toBeDefined();
      expect(followed!.headers.referer).toBeUndefined();
      expect(received.map(({ url }) => url)).toContain('/typed');
      for (const { url, headers } of received) {
        expect(headers.cookie, url).toBeUndefined();
        expect(JSON.stringify({ url, headers }), url).not.toContain(new URL(workbook.url).pathname.slice(1, -1));
      }
    } finally {
      await page.close();
      const closed = new Promise<void>((resolve) => other.close(() => resolve()));
      other.closeAllConnections();
      await closed;
    }
  });
});
