// The feedback and summary pages as a browser shows them: two submissions graded for real (grade-all.ts), one
// right and one with a known mistake, their pages opened in headless Chromium (Debian's, driven by
// playwright-core) with the network cut off and JavaScript off, then on. What is checked is what a reader sees:
// the verdicts and explanations, the charts drawn, the page's outline and names. CI installs chromium (.ci/run)
// and sets REQUIRE_CHROMIUM, so there these tests cannot skip (test/chromium.ts). Screenshots go to .cache/test-artifacts/.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLUTIONS_DIR, allFunctions } from '../curriculum/index.ts';
import { WRONG } from '../grader/zoo/mutants.ts';
import type { GradeReport } from '../grader/types.ts';
import { ARTIFACTS, CHROMIUM, CHROMIUM_MISSING, CHROMIUM_REQUIRED } from '../test/chromium.ts';
import { swapFunction } from '../test/submission.ts';
import { gradeClass, type Row } from './grade-all.ts';
import { summaryHtml } from './summary.ts';

const names = allFunctions().map(({ spec }) => spec.name);

/** A page opened with every request but its own file refused, and what it asked for and complained of. */
interface Opened {
  readonly page: Page;
  /** Every URL the page requested other than its own file (each was refused). */
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly problems: string[];
}

async function open(context: BrowserContext, file: string): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.ok(), `${url} did not load`).toBe(true);
  return { page, requests, problems };
}

/** What every page must be: one file, nothing fetched, no error; a title, one h1, a language; images with alt text. */
async function expectSoundPage({ page, requests, problems }: Opened): Promise<void> {
  expect(requests, 'requests that left the page').toEqual([]);
  expect(problems).toEqual([]);
  expect((await page.title()).trim()).not.toBe('');
  expect(await page.locator('h1').count()).toBe(1);
  expect(await page.locator('h1').isVisible()).toBe(true);
  expect(await page.locator('html').getAttribute('lang')).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
  expect(await page.locator('img:not([alt])').count(), 'images without alt text').toBe(0);
  // Static: no script of its own, so it reads the same with JavaScript off (as it is opened here).
  expect(await page.locator('script').count()).toBe(0);
}

/** The rendered size of each element `locator` finds (zero for one drawn without area). */
async function sizes(locator: Locator): Promise<{ width: number; height: number }[]> {
  const boxes = await Promise.all((await locator.all()).map((element) => element.boundingBox()));
  return boxes.map((box) => ({ width: box?.width ?? 0, height: box?.height ?? 0 }));
}

const regexpOf = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const reportOf = (row: Row): GradeReport => {
  expect(row.status, `${row.label}: ${row.reason}`).toBe('graded');
  return row.report!;
};

if (!CHROMIUM && !CHROMIUM_REQUIRED) console.warn(`pages.browser.test.ts skipped: ${CHROMIUM_MISSING} (REQUIRE_CHROMIUM=1 makes this a failure)`);
// Where chromium must be (CI), its absence is a failing test, not a skip.
if (!CHROMIUM && CHROMIUM_REQUIRED) {
  it('finds chromium, as REQUIRE_CHROMIUM asks', () => {
    expect.fail(`REQUIRE_CHROMIUM is set but ${CHROMIUM_MISSING}`);
  });
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'the feedback and summary pages in headless Chromium' : `the feedback and summary pages in headless Chromium (skipped: ${CHROMIUM_MISSING}; REQUIRE_CHROMIUM=1 makes this a failure)`,
  () => {
    const made: string[] = [];
    let browser: Browser | undefined;
    /** JavaScript off: the pages need none. */
    let still: BrowserContext;
    let scripted: BrowserContext;
    let out: string;
    let rows: Row[];
    let right: Row;
    let wrong: Row;

    beforeAll(async () => {
      // The browser starts while the class is graded.
      const launching = chromium.launch({ executablePath: CHROMIUM! }).then((launched) => (browser = launched));
      const grading = (async () => {
        const submissions = mkdtempSync(join(tmpdir(), 'pages-browser-class-'));
        out = mkdtempSync(join(tmpdir(), 'pages-browser-results-'));
        made.push(submissions, out);
        cpSync(SOLUTIONS_DIR, join(submissions, 'ada'), { recursive: true });
        cpSync(SOLUTIONS_DIR, join(submissions, 'bob'), { recursive: true });
        const mutant = WRONG[0];
        swapFunction(join(submissions, 'bob'), mutant.fn, mutant.source, mutant.preamble);
        // As `npm run grade-all` does: the rows and their feedback pages, then the summary from the rows.
        const result = await gradeClass({ submissions, out, seed: 20_240_611, counterexamples: false });
        rows = [...result.rows].sort((a, b) => a.label.localeCompare(b.label));
        writeFileSync(join(out, 'summary.html'), await summaryHtml(rows));
      })();
      const settled = await Promise.allSettled([launching, grading]);
      for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
      [right, wrong] = rows;
      still = await browser!.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 800 } });
      scripted = await browser!.newContext({ javaScriptEnabled: true, viewport: { width: 1000, height: 800 } });
      // An element that is not there fails its check at once, not after playwright's 30 s.
      for (const context of [still, scripted]) context.setDefaultTimeout(3_000);
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    });

    it('grades the two submissions: the right one in full, the other with failing functions', () => {
      expect(rows.map((row) => row.label)).toEqual(['ada', 'bob']);
      const full = reportOf(right);
      expect(full.score).toBe(full.maxScore);
      const partial = reportOf(wrong);
      expect(partial.score).toBeLessThan(partial.maxScore);
      expect(partial.exercises.filter((exercise) => exercise.status === 'fail').length).toBeGreaterThan(0);
      expect(readdirSync(join(out, 'feedback')).sort()).toEqual(['ada.html', 'bob.html']);
    });

    for (const which of ['right', 'wrong'] as const) {
      it(`shows the ${which} submission’s feedback: its score, each function’s verdict, and why a function fails`, async () => {
        const row = which === 'right' ? right : wrong;
        const report = reportOf(row);
        const opened = await open(still, join(out, 'feedback', `${row.student.id}.html`));
        const { page } = opened;
        try {
          await expectSoundPage(opened);
          expect(await page.title()).toContain(row.student.id);
          expect(await page.locator('h1').innerText()).toContain(row.student.id);
          expect(await page.getByText(`Score: ${report.score} / ${report.maxScore}`, { exact: true }).isVisible()).toBe(true);

          // One heading per function, in the report's order, each with the row's verdict.
          const verdicts = (await page.locator('h3').allInnerTexts()).map((text) => text.match(/^\S+ (\w+): ([\w-]+)$/)?.slice(1, 3));
          expect(verdicts).toEqual(report.exercises.map((exercise) => [exercise.function, exercise.status]));
          expect(report.exercises.map((exercise) => exercise.function).sort()).toEqual([...names].sort());

          for (const exercise of report.exercises) {
            const heading = page.locator('h3').filter({ hasText: new RegExp(`^\\S+ ${regexpOf(exercise.function)}: ${exercise.status}$`) });
            expect(await heading.isVisible(), exercise.function).toBe(true);
            const next = heading.locator('xpath=following-sibling::*[1]');
            if (exercise.status === 'pass') {
              expect(await next.evaluate((element) => element.tagName), exercise.function).toBe('P');
              continue;
            }
            // The explanation of the first failing case, right under the verdict, on screen.
            expect(exercise.summary.trim(), exercise.function).not.toBe('');
            expect(await next.evaluate((element) => element.tagName), exercise.function).toBe('PRE');
            expect(await next.isVisible(), exercise.function).toBe(true);
            expect(await next.innerText()).toContain(exercise.summary.trim().split('\n')[0]);
            if (exercise.feedback?.length) {
              // The failing case itself (its call, what was expected and what came back), next.
              const failingCase = heading.locator('xpath=following-sibling::*[2]');
              expect(await failingCase.evaluate((element) => element.tagName), exercise.function).toBe('PRE');
              expect(await failingCase.isVisible(), exercise.function).toBe(true);
              expect(await failingCase.innerText()).toContain(exercise.feedback[0].trim().split('\n')[0]);
            }
            if (exercise.mistake) {
              const mistake = heading.locator('xpath=following-sibling::p').filter({ hasText: `Likely mistake: ${exercise.mistake.title}` }).first();
              expect(await mistake.isVisible(), exercise.function).toBe(true);
              // Under this function's heading, not a later one's.
              expect(await mistake.locator('xpath=preceding-sibling::h3[1]').innerText()).toBe(await heading.innerText());
            }
          }
          await page.screenshot({ path: join(ARTIFACTS, `feedback-${row.student.id}.png`), fullPage: true });
        } finally {
          await page.close();
        }
      });
    }

    it('shows the class summary: both charts drawn as named inline SVG, the histogram’s bars, every function’s pass rate', async () => {
      const reports = rows.map(reportOf);
      const maxScore = reports[0].maxScore;
      const opened = await open(still, join(out, 'summary.html'));
      const { page } = opened;
      try {
        await expectSoundPage(opened);
        const mean = reports.reduce((sum, report) => sum + report.score, 0) / reports.length;
        expect(await page.getByText(`Mean score ${mean.toFixed(1)} / ${maxScore}`).isVisible()).toBe(true);

        // Two charts, inline, drawn with a size, each with an accessible name.
        const charts = page.locator('figure > svg');
        expect(await charts.count()).toBe(2);
        for (const size of await sizes(charts)) {
          expect(size.width).toBeGreaterThan(100);
          expect(size.height).toBeGreaterThan(100);
        }
        for (const chart of await charts.all()) {
          expect(await chart.getAttribute('role')).toBe('img');
          const name = (await chart.getAttribute('aria-label')) ?? (await chart.locator(':scope > title').allTextContents()).join('');
          expect(name.trim()).not.toBe('');
        }
        expect(await page.getByRole('img').count()).toBe(2);
        expect(await page.getByRole('img', { name: /\S/ }).count()).toBe(2);

        // The histogram: a bar per score from 0 to the maximum, drawn tall where some submission has that score.
        const [histogram, passRates] = await charts.all();
        const bars = await sizes(histogram.locator('g.mark-rect.role-mark > path'));
        expect(bars).toHaveLength(maxScore + 1);
        const scored = new Set(reports.map((report) => report.score));
        expect(bars.map((bar, score) => [score, bar.height > 1])).toEqual(bars.map((_, score) => [score, scored.has(score)]));

        // The pass rates: a bar per function, as long as its share of passing submissions, and every name.
        const passing = names.map((name) => reports.filter((report) => report.exercises.some((exercise) => exercise.function === name && exercise.status === 'pass')).length);
        const rateBars = await sizes(passRates.locator('g.mark-rect.role-mark > path'));
        expect(rateBars).toHaveLength(names.length);
        const longest = Math.max(...rateBars.map((bar) => bar.width));
        const best = Math.max(...passing);
        expect(best).toBeGreaterThan(0);
        for (const [i, bar] of rateBars.entries()) expect(bar.width / longest, names[i]).toBeCloseTo(passing[i] / best, 2);
        expect((await passRates.locator('g.role-axis-label text').allTextContents()).filter((label) => names.includes(label)).sort()).toEqual([...names].sort());

        // And in the table, in figures.
        const table = page.locator('table').filter({ has: page.locator('th', { hasText: /^function$/ }) });
        expect(await table.isVisible()).toBe(true);
        const cells = await Promise.all((await table.locator('tbody tr').all()).map((tr) => tr.locator('td').allInnerTexts()));
        expect(cells).toEqual(names.map((name, i) => [name, `${passing[i]} / ${reports.length}`, `${Math.round((100 * passing[i]) / reports.length)}%`]));
        await page.screenshot({ path: join(ARTIFACTS, 'summary.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it('reads the same with JavaScript on: no error, nothing fetched, the same text', async () => {
      const files = [...rows.map((row) => join(out, 'feedback', `${row.student.id}.html`)), join(out, 'summary.html')];
      for (const file of files) {
        const [off, on] = await Promise.all([open(still, file), open(scripted, file)]);
        try {
          expect(on.requests, file).toEqual([]);
          expect(on.problems, file).toEqual([]);
          expect(await on.page.locator('main').innerText()).toBe(await off.page.locator('main').innerText());
        } finally {
          await Promise.all([off.page.close(), on.page.close()]);
        }
      }
    });
  },
);
