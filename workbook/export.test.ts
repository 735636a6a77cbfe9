// `npm run workbook -- --export DIR`, through the command: the lesson pages as a static site, linked to each other
// and to their assets by relative paths, with nothing live in them; a folder that holds files is refused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LESSONS, ROOT, lessonFolder } from '../curriculum/index.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const workbook = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'workbook.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('npm run workbook -- --export DIR', () => {
  it('writes each lesson page, an index and their assets, linked by relative paths, with no script and no token', { timeout: 60_000 }, () => {
    const parent = mkdtempSync(join(tmpdir(), 'workbook-export-'));
    made.push(parent);
    const site = join(parent, 'site');
    const done = workbook('--export', site);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Wrote ${LESSONS.length + 1} pages`);
    const pages = ['index.html', ...LESSONS.map((lesson) => `${lessonFolder(lesson)}.html`)];
    expect(readdirSync(site).sort()).toEqual([...pages, 'assets'].sort());
    for (const page of pages) {
      const html = readFileSync(join(site, page), 'utf8');
      expect(html, page).not.toMatch(/<script|data-live|\/events/);
      // Every link and asset it names is a file of the site (a lesson's own anchors aside).
      const targets = [...html.matchAll(/(?:href|src)="([^"#]+)/g)].map((match) => match[1]).filter((target) => !/^https?:/.test(target));
      expect(targets.length, page).toBeGreaterThan(3);
      for (const target of targets) expect(existsSync(join(site, target)), `${page} → ${target}`).toBe(true);
    }
    for (const lesson of LESSONS) {
      const html = readFileSync(join(site, `${lessonFolder(lesson)}.html`), 'utf8');
      expect(html).toContain('class="katex"');
      expect(html).toContain('<figure><svg role="img"');
      expect(html).toMatch(/class="drawn-by">(Computed by mathjs|Ranked by mathjs&#39;s cosine similarities), because nothing is graded in this copy of the lessons\./);
      for (const spec of lesson.functions) expect(html).toContain(`<code>${spec.name}</code>`);
    }
    // KaTeX's fonts go with the stylesheet that names them.
    const css = readFileSync(join(site, 'assets', 'katex', 'katex.min.css'), 'utf8');
    for (const font of new Set([...css.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)].map((match) => match[1]))) expect(existsSync(join(site, 'assets', 'katex', font)), font).toBe(true);
  });

  it('refuses a folder that holds files, and writes nothing there', () => {
    const full = mkdtempSync(join(tmpdir(), 'workbook-export-full-'));
    made.push(full);
    writeFileSync(join(full, 'mine.txt'), 'an instructor’s file');
    const refused = workbook('--export', full);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already holds files: give a new or empty folder \(nothing was written\)/);
    expect(readdirSync(full)).toEqual(['mine.txt']);
    const empty = join(full, 'empty');
    mkdirSync(empty);
    expect(workbook('--export', empty, '--port', '8000').status).toBe(2);
    expect(readdirSync(empty)).toEqual([]);
  });
});
