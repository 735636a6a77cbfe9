// `npm run gradescope-bundle -- OUT.zip`: the class's autograder for Gradescope, as the zip its "Configure
// Autograder" page takes. Gradescope unpacks it to /autograder/source, runs setup.sh there once when it builds
// its image (Ubuntu), then run_autograder for each submission, which runs autograde.ts. The zip holds what
// grading needs and nothing of a student's: the grader with the reference solutions, the lesson data,
// package.json and its lock (setup.sh installs from them), and autograder.json with the secret seed (and the
// hidden cases beside it). So it is the instructor's alone, like hidden/: never committed, never handed out.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';
import { HIDDEN_CASES_FILE, ROOT, allFunctions, shownPath } from '../curriculum/index.ts';
import { writeWhole } from '../grader/kept-files.ts';
import { isCodeFile } from '../grader/load.ts';
import { UsageError, fromCaller, isInside, parseCommandLine, type CommandSpec } from '../lib/cli.ts';
import { CONFIG_FILE, ROOT_VARIABLE, type AutograderConfig } from './autograde.ts';
import { SEED_VARIABLE, hiddenFrom, seedFrom } from './secrets.ts';

/**
 * What grading needs at run time, relative to the project's root: the compiled commands' sources (bin/ builds
 * them), the registry, the grader and its references, the lesson data, and the packages to install. Not the
 * learner's lessons, stubs or commands, the benchmarks, the tests or their fixtures. A list rather than git's:
 * it works without a clone, takes files not yet committed, and leaves out whatever else lies in the project
 * (a class's results graded there, say). The bundle's own test grades from it, so a part missing here fails it.
 */
const RUNTIME_PARTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'curriculum', 'grader', 'instructor', 'lib', 'solutions', 'lessons/data'];
const isRuntimeFile = (path: string) =>
  (isCodeFile(path) || extname(path) === '.json') && !/\.(test|fixture)\.ts$/.test(path) && !/(^|\/)(fixtures|zoo)(\/|$)/.test(path) && !/(^|\/)\./.test(path);

/** Where the hidden cases go in the bundle: where grade-all looks for them. */
const HIDDEN_IN_BUNDLE = relative(ROOT, HIDDEN_CASES_FILE).split('\\').join('/');

/** Gradescope's setup.sh: run once, as root, in /autograder/source, when it builds the autograder's image. */
const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): it installs Node.js 20
# and the workbook's npm packages, then grades the reference solutions as a check, which also fills the
# grader's caches. Written by npm run gradescope-bundle.
set -euo pipefail
# Whatever it writes is root's alone: the compiled bundles under .cache hold the solutions too.
umask 077
cd "$(dirname "$0")"

# The workbook needs Node.js 20.19 or newer (package.json's engines).
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' 2>/dev/null; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi

# Every package, dev ones too: the grader's type check runs TypeScript, a devDependency. The embedding
# model's runtime fetches nothing more (the grader never uses it).
ONNXRUNTIME_NODE_INSTALL=skip npm ci --ignore-scripts --no-audit --no-fund
# The secret seed, the hidden cases and the solutions are root's alone, whatever the unzipping kept of their modes.
chmod -R go-rwx autograder.json solutions
if [ -e hidden ]; then chmod -R go-rwx hidden; fi

check="$(mktemp -d)"
ln -s "$PWD" "$check/source"
mkdir "$check/submission"
cp -R solutions/. "$check/submission/"
${ROOT_VARIABLE}="$check" bash ./run_autograder
node -e 'const { tests } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failed = tests.filter((test) => test.status !== "passed").map((test) => test.name);
  if (tests.length === 0 || failed.length > 0) { console.error("setup.sh: the reference solutions do not pass: " + (failed.join(", ") || "nothing was graded")); process.exit(1); }
  console.log("setup.sh: the reference solutions pass all " + tests.length + " functions");' "$check/results/results.json"
rm -rf "$check"
`;

/** Gradescope's run_autograder: copied to /autograder/run_autograder and run for each submission. */
const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope runs this for each submission: it grades ${ROOT_VARIABLE}/submission into
# ${ROOT_VARIABLE}/results/results.json (${ROOT_VARIABLE} is /autograder unless set, as a local test sets it).
# Written by npm run gradescope-bundle.
set -euo pipefail
# Whatever grading writes (compiled bundles holding the solutions, kept cases) is root's alone.
umask 077
export ${ROOT_VARIABLE}="\${${ROOT_VARIABLE}:-/autograder}"
cd "$${ROOT_VARIABLE}/source"
exec node bin/instructor.mjs autograde
`;

const USAGE = `Usage: npm run gradescope-bundle -- OUT.zip [options]

Builds the autograder zip for Gradescope: upload it under "Configure
Autograder". Gradescope installs Node.js 20 and the grader from it, then
grades each submission with the secret seed and the hidden cases, as
grade-all does. The zip holds the secret seed, the hidden cases and the
reference solutions: keep it private.

The secret seed: set it in the environment (${SEED_VARIABLE}=N, out of the
process list) or give --seed N.

Options:
  --seed N          the secret seed (default: ${SEED_VARIABLE})
  --public-seed     grade with the students' own seed instead (a practice run)
  --hidden FILE     the hidden cases (default: hidden/cases.json, if there)
  --no-counterexamples
                    skip the search for each failure's smallest failing input
                    (less feedback, graded sooner)
  --force           replace OUT.zip if it exists
  -h, --help        show this help`;

/** The files of RUNTIME_PARTS, relative to the root with `/` between parts, sorted. */
function runtimeFiles(): string[] {
  const walk = (path: string): string[] => {
    const stats = lstatSync(join(ROOT, path));
    if (stats.isDirectory()) return readdirSync(join(ROOT, path)).flatMap((name) => walk(`${path}/${name}`));
    return stats.isFile() && isRuntimeFile(path) ? [path] : [];
  };
  return RUNTIME_PARTS.flatMap(walk).sort();
}

/** The zip's bytes: the runtime files, the hidden cases, the settings, and Gradescope's two scripts (executable). */
async function zipBytes(config: AutograderConfig, hiddenText: Buffer | undefined): Promise<{ bytes: Buffer; files: number }> {
  const zip = new yazl.ZipFile();
  let files = 0;
  const add = (text: Buffer | string, name: string, options: Partial<yazl.Options> = {}) => {
    zip.addBuffer(Buffer.from(text), name, options);
    files++;
  };
  // What no student may read is its owner's alone: the sandbox drops to another user where it can.
  const secret = { mode: 0o100600 };
  for (const file of runtimeFiles()) add(readFileSync(join(ROOT, file)), file, { mtime: statSync(join(ROOT, file)).mtime, ...(file.startsWith('solutions/') ? secret : {}) });
  // npm's settings: no dependency's install script runs (onnxruntime-node's would download GPU binaries).
  add(readFileSync(join(ROOT, '.npmrc')), '.npmrc');
  if (hiddenText) add(hiddenText, HIDDEN_IN_BUNDLE, secret);
  add(`${JSON.stringify(config, null, 1)}\n`, CONFIG_FILE, secret);
  add(SETUP, 'setup.sh', { mode: 0o100755 });
  add(RUN_AUTOGRADER, 'run_autograder', { mode: 0o100755 });
  zip.end();
  return { bytes: await buffer(zip.outputStream), files };
}

/** OUT, checked: a .zip in an existing folder, replaced only when asked. */
function outFile(given: string, force: boolean): string {
  const out = fromCaller(given);
  if (!/\.zip$/i.test(out)) throw new UsageError(`${given}: Gradescope takes a .zip; name the bundle OUT.zip`);
  if (!existsSync(dirname(out))) throw new UsageError(`${given}: the folder ${dirname(out)} does not exist`);
  if (existsSync(out) && !force) throw new UsageError(`${given} exists: add --force to replace it, or choose another name`);
  return out;
}

export const GRADESCOPE_BUNDLE: CommandSpec = {
  name: 'gradescope-bundle',
  usage: USAGE,
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, {
      seed: { type: 'string' },
      'public-seed': { type: 'boolean', default: false },
      hidden: { type: 'string' },
      counterexamples: { type: 'boolean', default: true },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) return (process.stdout.write(`${USAGE}\n`), 0);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the zip to write: npm run gradescope-bundle -- OUT.zip' : `one zip at a time (got ${positionals.join(', ')})`);
    const out = outFile(positionals[0], values.force);
    const seed = seedFrom(values.seed, values['public-seed']);
    const hidden = hiddenFrom(values.hidden);
    // The very text whose cases were checked: a file changed since would carry cases nobody checked.
    const hiddenText = hidden ? readFileSync(hidden.file) : undefined;
    if (hidden && hiddenText && createHash('sha256').update(hiddenText).digest('hex') !== hidden.hash) {
      throw new UsageError(`--hidden: ${hidden.file} changed while the bundle was built: run the command again`);
    }
    const config: AutograderConfig = { format: 1, seed, counterexamples: values.counterexamples, hiddenCases: hidden ? HIDDEN_IN_BUNDLE : null };
    const { bytes, files } = await zipBytes(config, hiddenText);
    writeWhole(out, bytes);

    const points = allFunctions().length;
    process.stdout.write(
      [
        `Gradescope autograder: ${shownPath(out)} (${files} files, ${Math.ceil(bytes.length / 1024)} KB).`,
        `  seed: ${values['public-seed'] ? "the students' own (--public-seed: a practice run)" : `the secret one (${values.seed === undefined ? SEED_VARIABLE : '--seed'})`}`,
        `  hidden cases: ${hidden ? `${hidden.count}, from ${shownPath(hidden.file)}` : `none (${shownPath(HIDDEN_CASES_FILE)} does not exist; --hidden FILE names another)`}`,
        `  smallest failing inputs: ${values.counterexamples ? 'searched' : 'not searched (--no-counterexamples)'}`,
        '',
        'Next, in Gradescope:',
        `  1. Create a Programming Assignment worth ${points} points (one per function).`,
        `  2. Under Configure Autograder, upload ${basename(out)} with the base image Ubuntu 22.04 or newer, and`,
        '     Update Autograder: its setup.sh installs Node.js 20 and the grader, then checks that the',
        '     reference solutions pass (the build fails if they do not).',
        '  3. Test Autograder with a submission of your own. Students upload their lessons/ folder as a .zip,',
        '     or submit their GitHub repository.',
        `Keep ${basename(out)} private: it holds ${[...(values['public-seed'] ? [] : ['the secret seed']), ...(hidden ? ['the hidden cases'] : []), 'the reference solutions'].join(', ')}.`,
        ...(isInside(ROOT, out) ? [`It is inside the workbook, where git does not ignore it: move it out, and never commit it.`] : []),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
