// `npm run workbook -- --export DIR`: the lesson pages as a static site, for an instructor to host anywhere (or to
// open from the folder): each lesson with its formulas, code, tables and pictures (drawn by mathjs: nothing is
// graded there), its functions' signatures and hints, the list of lessons as index.html, and the styles and
// KaTeX's fonts beside them. No script, no token, no server. DIR must be new or empty.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LESSONS, shownPath } from '../curriculum/index.ts';
import { UsageError } from '../lib/cli.ts';
import { staticAskSection } from './ask.ts';
import { writeAssets } from './assets.ts';
import { picturesHtml } from './charts.ts';
import { indexPage, lessonPage } from './pages.ts';
import { STATIC_SITE } from './site.ts';

/** Writes the site into `dir`; returns the pages written, relative to it. */
export async function exportSite(dir: string): Promise<string[]> {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--export ${shownPath(dir)} is a file: give a new or empty folder`);
    if (readdirSync(dir).length > 0) throw new UsageError(`--export ${shownPath(dir)} already holds files: give a new or empty folder (nothing was written)`);
  }
  // Drawn before anything is written: a failure leaves no half-made site.
  const pages = new Map<string, string>([[STATIC_SITE.home, indexPage(STATIC_SITE)]]);
  for (const lesson of LESSONS) {
    const pictures = await picturesHtml(lesson, undefined);
    pages.set(STATIC_SITE.lesson(lesson), lessonPage(STATIC_SITE, lesson, { pictures, ...(lesson.number === '05' ? { ask: staticAskSection() } : {}) }));
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, html] of pages) writeFileSync(join(dir, name), html);
  writeAssets(dir);
  return [...pages.keys()];
}
