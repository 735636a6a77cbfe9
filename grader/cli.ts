// `npm run grade`: parses the command line, grades, renders. Exit codes: 0 every graded function passes,
// 1 some do not, 2 a usage error, 3 the grader itself failed.
import { randomInt } from 'node:crypto';
import { UsageError, existingFolder, parseCommandLine, runCommand, runIfMain, type CommandSpec } from '../lib/cli.ts';
import { LESSONS_DIR, allFunctions, resolveTarget, unknownTarget, type FunctionName } from '../curriculum/index.ts';
import { DEFAULT_SEED, grade } from './grade.ts';
import { sandboxLauncher } from './sandbox/launch.ts';
import { phaseTimes, renderPhaseTimes, timed } from './timings.ts';

export const USAGE = `Usage: npm run grade -- [TARGET …] [options]

Grades your lesson files and explains every mistake.

TARGET   a lesson (01, 3, 03-normalize, query-search, lessons/03-normalize, its exercise.ts) or a
         function (euclidean, topK), or the start of one (eucl, dotM); a name that is both
         (normalize) means the function. Default: everything.

Options:
  --submission DIR   grade DIR, laid out like lessons/ (DIR/01-euclidean/exercise.ts …)
  --json             print one JSON document and nothing else (use: npm run --silent grade -- --json)
  --format F         terminal (the default), json (as --json), gradescope (Gradescope's results.json)
                     or junit (JUnit XML, for CI servers and LMS plugins)
  --seed N           seed of the random cases (default ${DEFAULT_SEED}); \`random\` draws a fresh one that
                     is never shown, so no file can replay answers learned from an earlier run
  --doctor           list the protection layers around learner code on this machine (--json: as JSON);
                     exits 1 when one is missing
  --hints            show every hint of a failing function, not just the first
  --no-typecheck     skip the type check (type errors are only ever warnings)
  --no-counterexamples
                     skip the search for each failure's smallest failing input (a failing function is
                     graded in about half the time, with less feedback)
  --timings          print to stderr where the time went (start-up, bundling, sandboxes, cases …)
  --no-cache         grade every lesson and type-check afresh (by default a lesson whose files, seed and
                     grader are all unchanged since it was last graded gets the results kept then;
                     timeouts and errors are never kept; the cases drawn for a seed are kept anyway:
                     they depend on nothing but the grader and the seed)
  -h, --help         show this help

Exit code: 0 all graded functions pass, 1 some do not, 2 usage error, 3 grader failure.`;

export const FORMATS = ['terminal', 'json', 'gradescope', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  readonly submission: string;
  readonly functions: readonly FunctionName[];
  readonly format: Format;
  readonly seed: number;
  readonly allHints: boolean;
  readonly typecheck: boolean;
  readonly counterexamples: boolean;
  readonly cache: boolean;
  /** Keep the cases drawn for the seed: not for a fresh secret seed, which nobody will use again. */
  readonly keepCases: boolean;
  readonly doctor: boolean;
  readonly timings: boolean;
  readonly help: boolean;
}

function resolveTargets(targets: readonly string[]): FunctionName[] {
  if (targets.length === 0) return allFunctions().map(({ spec }) => spec.name as FunctionName);
  return targets.flatMap((typed) => {
    const target = resolveTarget(typed);
    if (target.kind === 'function') return [target.located.spec.name as FunctionName];
    if (target.kind === 'lesson') return target.lesson.functions.map((spec) => spec.name);
    throw new UsageError(unknownTarget(typed, target.meant));
  });
}

export function parseCli(argv: readonly string[]): CliOptions {
  const parsed = parseCommandLine(argv, {
    submission: { type: 'string' },
    json: { type: 'boolean', default: false },
    format: { type: 'string' },
    seed: { type: 'string' },
    hints: { type: 'boolean', default: false },
    typecheck: { type: 'boolean', default: true },
    counterexamples: { type: 'boolean', default: true },
    cache: { type: 'boolean', default: true },
    doctor: { type: 'boolean', default: false },
    timings: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const { values, positionals } = parsed;
  const seed = values.seed === undefined ? DEFAULT_SEED : values.seed === 'random' ? randomInt(2 ** 31) : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed takes a whole number or "random", got "${values.seed}"`);
  const format = (values.format ?? (values.json ? 'json' : 'terminal')) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}; got "${values.format}"`);
  if (values.json && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two formats: give one`);
  const submission =
    values.submission === undefined || values.help
      ? LESSONS_DIR
      : existingFolder(values.submission, '--submission', 'Give a folder laid out like lessons/ (it holds 01-euclidean/exercise.ts …).');
  return {
    submission,
    functions: values.help ? [] : resolveTargets(positionals),
    format,
    seed,
    allHints: values.hints,
    typecheck: values.typecheck,
    counterexamples: values.counterexamples,
    // A fresh secret seed every run: nothing kept could ever be given back.
    cache: values.cache && values.seed !== 'random',
    keepCases: values.seed !== 'random',
    doctor: values.doctor,
    timings: values.timings,
    help: values.help,
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const startedAt = performance.now();
  const options = parseCli(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The terminal's width where there is one (a pipe or a file gets 80 columns).
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  if (options.doctor) {
    const { layers } = await sandboxLauncher();
    process.stdout.write(options.format === 'json' ? `${JSON.stringify({ layers }, null, 2)}\n` : (await import('./report/doctor.ts')).renderDoctor(layers, columns));
    return layers.every((layer) => layer.active) ? 0 : 1;
  }
  const report = await grade({
    submission: options.submission,
    functions: options.functions,
    seed: options.seed,
    typecheck: options.typecheck,
    counterexamples: options.counterexamples,
    cache: options.cache,
    keepCases: options.keepCases,
  });
  // Each reporter loaded only when asked for: the terminal's brings its colours and layout, junit's its XML writer.
  const render =
    options.format === 'json'
      ? (await import('./report/json.ts')).renderJson
      : options.format === 'gradescope'
        ? (await import('./report/gradescope.ts')).renderGradescope
        : options.format === 'junit'
          ? (await import('./report/junit.ts')).renderJunit
          : (await import('./report/terminal.ts')).renderTerminal;
  const rendered = timed('report', () => render(report, { allHints: options.allHints, ...(columns ? { columns } : {}) }));
  process.stdout.write(rendered);
  if (options.timings) process.stderr.write(renderPhaseTimes(phaseTimes(startedAt)));
  return report.exercises.every((exercise) => exercise.status === 'pass') ? 0 : 1;
}

const GRADE: CommandSpec = { name: 'grade', usage: USAGE, main };

/** The command, for its compiled bundle's launcher (bin/grade.mjs). */
export const run = (argv: readonly string[]): Promise<number> => runCommand(GRADE, argv);

runIfMain(import.meta.url, GRADE);
