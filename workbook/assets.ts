// The files the pages load besides themselves, under assets/: the workbook's stylesheet (the instructor's pages'
// styles, then workbook.css), its script (live pages only), and KaTeX's stylesheet and fonts from the installed
// package, so that nothing is fetched from the network when a page is read. Served by name from a fixed list
// (server.ts): no path from a request ever reaches the file system. Written whole to an exported site.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import { STYLE } from '../grader/report/page.ts';

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  /** A hash of the body, for the browser to ask whether it changed. */
  readonly etag: string;
  /** Files of a package version (KaTeX's) never change under the same name. */
  readonly immutable: boolean;
}

const KATEX_DIST = dirname(createRequire(join(ROOT, 'package.json')).resolve('katex'));
const WORKBOOK = join(ROOT, 'workbook');

/** The tab's icon: two arrows and the angle between them (without one, a browser asks for /favicon.ico). */
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0550ae"/><path d="M6 26 26 8M6 26h22" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/></svg>\n';

const TYPES: Readonly<Record<string, string>> = {
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const typeOf = (name: string) => TYPES[/\.[a-z0-9]+$/.exec(name)?.[0] ?? ''] ?? 'application/octet-stream';

/** Every asset, by its path under assets/, and how to read it. */
function sources(live: boolean): Map<string, { read: () => Buffer; immutable: boolean }> {
  const list = new Map<string, { read: () => Buffer; immutable: boolean }>([
    ['workbook.css', { read: () => Buffer.from(`${STYLE}\n${readFileSync(join(WORKBOOK, 'workbook.css'), 'utf8')}`), immutable: false }],
    ['katex/katex.min.css', { read: () => readFileSync(join(KATEX_DIST, 'katex.min.css')), immutable: true }],
    ['icon.svg', { read: () => Buffer.from(ICON), immutable: false }],
  ]);
  if (live) list.set('workbook.js', { read: () => readFileSync(join(WORKBOOK, 'client.js')), immutable: false });
  for (const font of readdirSync(join(KATEX_DIST, 'fonts'))) list.set(`katex/fonts/${font}`, { read: () => readFileSync(join(KATEX_DIST, 'fonts', font)), immutable: true });
  return list;
}

/** The live site's assets, read once: the names a request may ask for. */
export function liveAssets(): ReadonlyMap<string, Asset> {
  return new Map(
    [...sources(true)].map(([name, { read, immutable }]) => {
      const body = read();
      return [name, { type: typeOf(name), body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`, immutable }];
    }),
  );
}

/** Writes an exported site's assets under `dir`/assets. */
export function writeAssets(dir: string): void {
  for (const [name, { read }] of sources(false)) {
    const file = join(dir, 'assets', name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, read());
  }
}
