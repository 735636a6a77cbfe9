// `npm run workbook`: the lessons in the browser, with live verdicts (server.ts), or `--export DIR`, the lesson
// pages as a static site (export.ts). Started by bin/workbook.mjs from its compiled bundle, as the other commands.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LESSONS_DIR, ROOT, shownPath } from '../curriculum/index.ts';
import { UsageError, existingFolder, fromCaller, parseCommandLine, runCommand, runIfMain, type CommandSpec } from '../lib/cli.ts';

export const USAGE = `Usage: npm run workbook [-- --port N] [--no-open] [--submission DIR]
       npm run workbook -- --export DIR

The lessons in your browser: each lesson as a page (formulas, code, tables,
pictures of the Bugs data) with your functions' verdicts beside it, graded
again each time you save a lesson file; the feedback and the next hint a click
away; your progress on the first page. Edit the lesson files in your editor as
usual. The pages are served to this machine only (127.0.0.1), at an address
with a token that this run prints; Ctrl-C stops it.

Options:
  --port N           the port to serve on (default: a free one)
  --no-open          print the address, without opening a browser
  --submission DIR   work on DIR, laid out like lessons/, instead of lessons/
  --export DIR       write the lesson pages as a static site into DIR (new or
                     empty), for an instructor to host: nothing is graded there
  -h, --help         show this help`;

const OPTIONS = {
  port: { type: 'string', default: '0' },
  open: { type: 'boolean', default: true },
  submission: { type: 'string' },
  export: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Opens `url` in the learner's browser where there is a desktop to open it on. The browser is handed a private
 * file that sends it on to the address, not the address itself: a command line (and the token in it) can be read
 * by every user of the machine. Returns what removes the file.
 */
function openBrowser(url: string): () => void {
  const opener = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  const desktop = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!desktop || process.env.CI) return () => undefined;
  // Under the project, not /tmp: a browser installed as a snap (Ubuntu's) has a /tmp of its own and would not find it.
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const folder = mkdtempSync(join(ROOT, '.cache', 'workbook-open-'));
  const file = join(folder, 'open.html');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><title>Vector similarity workbook</title><a href="${url}">Open the workbook</a>\n`, { mode: 0o600 });
  const child = spawn(opener[0], [...opener.slice(1), pathToFileURL(file).href], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no opener here: the printed address is enough
  child.unref();
  return () => rmSync(folder, { recursive: true, force: true });
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
  if (positionals.length > 0) throw new UsageError(`workbook takes no argument (got ${positionals.join(', ')})`);
  if (values.export !== undefined) {
    if (argv.some((arg) => /^--(port|no-open|open|submission)\b/.test(arg))) throw new UsageError('--export writes the lesson pages only: it takes no other option');
    const dir = fromCaller(values.export);
    const { exportSite } = await import('./export.ts');
    const pages = await exportSite(dir);
    process.stdout.write(`Wrote ${pages.length} pages, with their styles and fonts, to ${shownPath(dir)}: open ${join(shownPath(dir), 'index.html')}, or host the folder as it is.\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new UsageError(`--port takes a port number (0 to 65535), not "${values.port}"`);
  const lessons = values.submission === undefined ? LESSONS_DIR : existingFolder(values.submission, '--submission', 'Give a folder laid out like lessons/ (it holds 01-euclidean/exercise.ts …).');

  const { startWorkbook } = await import('./server.ts');
  const workbook = await startWorkbook({ lessons, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: give another with --port, or leave it out for a free one`);
    throw error;
  });
  process.stdout.write(`The workbook is at ${workbook.url}\n(on this machine only; the address holds this run's token). Watching ${shownPath(lessons)}: save a lesson file and its verdicts change on the page. Ctrl-C stops it.\n`);
  const forget = values.open ? openBrowser(workbook.url) : () => undefined;
  process.once('exit', () => {
    forget();
    // However it ends (here, or the grader's own handler): an open page no longer follows the files, and says so.
    process.stderr.write('The workbook has stopped: pages still open no longer follow your files.\n');
  });
  // Ctrl-C or a kill ends it, as an interrupted program (130, 143). Once a sandbox has run, the grader's own handler
  // (grader/cleanup.ts) ends the process so, its sandboxes with it; until then, this one does.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await workbook.close();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

const WORKBOOK: CommandSpec = { name: 'workbook', usage: USAGE, main };

/** The command, for its compiled bundle's launcher (bin/workbook.mjs). */
export const run = (argv: readonly string[]): Promise<number> => runCommand(WORKBOOK, argv);

runIfMain(import.meta.url, WORKBOOK);
