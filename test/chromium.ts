// Internal to the tests: Debian's chromium for the browser tests (driven by playwright-core), found the same way
// by each of them. CI installs chromium (.ci/run) and sets REQUIRE_CHROMIUM, so there a browser test cannot skip:
// its absence is a failing test. Screenshots go under ARTIFACTS.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';

/** Debian's chromium: CHROMIUM_PATH if set (used as given), else /usr/bin/chromium, else `chromium` on PATH. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const candidates = ['/usr/bin/chromium', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'chromium'))];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

export const CHROMIUM = findChromium();
/** Set in CI: a browser test without chromium fails instead of skipping. */
export const CHROMIUM_REQUIRED = Boolean(process.env.REQUIRE_CHROMIUM);
export const CHROMIUM_MISSING = 'no chromium found (CHROMIUM_PATH, /usr/bin/chromium, PATH): apt-get install chromium';
/** Where the browser tests leave their screenshots. */
export const ARTIFACTS = join(ROOT, '.cache', 'test-artifacts');
