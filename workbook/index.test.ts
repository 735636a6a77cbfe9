// `npm run workbook` as a learner starts it, through its launcher (bin/workbook.mjs: the compiled bundle, with the
// sandbox's harness built in): it prints an address on 127.0.0.1 whose path is a token, grades the lessons folder
// it is given (a copy of the stubs), serves the page under the token, and ends on SIGTERM as an interrupted program.
// Its options are checked before anything starts.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, STUBS_DIR, allFunctions } from '../curriculum/index.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const launcher = join(ROOT, 'bin', 'workbook.mjs');
const workbook = (...args: string[]) => spawnSync(process.execPath, [launcher, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** GET `url`: the status, whether a cookie was set, and the body. */
const fetchPage = (url: string) =>
  new Promise<{ status: number; setsCookie: boolean; body: string }>((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, setsCookie: response.headers['set-cookie'] !== undefined, body }));
    }).on('error', reject);
  });

describe('npm run workbook', () => {
  it('serves the lessons folder it is given at the address it prints, and ends on SIGTERM', { timeout: 60_000 }, async () => {
    const lessons = mkdtempSync(join(tmpdir(), 'workbook-command-'));
    made.push(lessons);
    cpSync(STUBS_DIR, lessons, { recursive: true });
    const child = spawn(process.execPath, [launcher, '--submission', lessons, '--no-open'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const found = /http:\/\/127\.0\.0\.1:\d+\/[\w-]{43}\/(?=\s)/.exec(out)?.[0];
          if (found) resolve(found);
        });
        void ended.then(() => reject(new Error(`the workbook ended before printing its address: ${stderr}`)));
      });
      // Graded in the bundle's own sandboxes: every function of the stubs comes to read not-started.
      const names = allFunctions().map(({ spec }) => spec.name);
      let page = await fetchPage(url);
      for (const end = Date.now() + 30_000; !page.body.includes('>○ not-started<') && Date.now() < end; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        page = await fetchPage(url);
      }
      expect(page.status).toBe(200);
      expect(page.setsCookie).toBe(false);
      expect(page.body).toContain('<h1>Your progress</h1>');
      const statuses = [...page.body.matchAll(/<tr data-function="(\w+)">.*?data-role="status">([^<]*)</g)].map((match) => [match[1], match[2]]);
      expect(statuses).toEqual(names.map((name) => [name, '○ not-started']));
      // The same server without the token in the path: nothing.
      expect((await fetchPage(new URL('/', url).href)).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await ended).toBe(143);
    // Nothing but its word that it stopped (open pages no longer follow the files).
    expect(stderr).toBe('The workbook has stopped: pages still open no longer follow your files.\n');
  });

  it('says what it takes, and refuses what it does not', () => {
    const help = workbook('--help');
    expect(help.status).toBe(0);
    for (const option of ['--port', '--no-open', '--submission', '--export']) expect(help.stdout).toContain(option);
    for (const wrong of [['--port', 'eighty'], ['--port', '70000'], ['stray'], ['--submission', join(tmpdir(), 'no-such-folder-here')], ['--colour']]) {
      const refused = workbook(...wrong);
      expect(refused.status, wrong.join(' ')).toBe(2);
      expect(refused.stderr, wrong.join(' ')).toMatch(/^workbook: .+\nUsage and options: npm run workbook -- --help\n$/);
    }
  });
});
