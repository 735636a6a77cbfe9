// The learner's commands beside grading: `npm start` (the watch mode, watch/), `npm run list`, `npm run hint -- FUNCTION [--all]`,
// `npm run reset -- FUNCTION|LESSON`, `npm run lesson -- LESSON`. Those that need verdicts grade (or read the
// results kept from the last grade of the same files) as `npm run grade` does.
import { readFileSync } from 'node:fs';
import { LESSONS_DIR, lessonReadme, resolveTarget, unknownTarget, type FunctionName, type LocatedFunction, type Target } from '../curriculum/index.ts';
import { grade } from '../grader/grade.ts';
import { renderList } from '../grader/report/terminal.ts';
import { UsageError, existingFolder, parseCommandLine, runNamedCommand, type CommandSpec } from '../lib/cli.ts';
import { hintAndRemember } from './hint.ts';
import { ResetRefused, reset } from './reset.ts';

const columns = () => (process.stdout.isTTY ? process.stdout.columns : undefined);

/** Every command takes the lessons folder as grade does: --submission DIR, laid out like lessons/. */
const SUBMISSION = { submission: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } as const;
const lessonsFolder = (given: string | undefined) =>
  given === undefined ? LESSONS_DIR : existingFolder(given, '--submission', 'Give a folder laid out like lessons/ (it holds 01-euclidean/exercise.ts …).');

/** One target, resolved, or a usage error saying what it may have meant. */
function target(typed: string | undefined, command: string): Exclude<Target, { kind: 'unknown' }> {
  if (typed === undefined) throw new UsageError(`${command} needs a function or a lesson: npm run ${command} -- euclidean`);
  const found = resolveTarget(typed);
  if (found.kind !== 'unknown') return found;
  throw new UsageError(unknownTarget(typed, found.meant));
}

const onlyOne = (positionals: readonly string[]) => {
  if (positionals.length > 1) throw new UsageError(`one target at a time (got ${positionals.join(', ')})`);
};

const LIST: CommandSpec = {
  name: 'list',
  usage: 'Usage: npm run list [-- --submission DIR]\n\nEvery exercise with its status, one line each, and the next one to work on.',
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, SUBMISSION);
    if (values.help) return (process.stdout.write(`${LIST.usage}\n`), 0);
    if (positionals.length > 0) throw new UsageError(`list takes no target (got ${positionals.join(', ')})`);
    const report = await grade({ submission: lessonsFolder(values.submission), cache: true, typecheck: false });
    process.stdout.write(renderList(report, { ...(columns() ? { columns: columns() } : {}) }));
    return 0;
  },
};

const HINT: CommandSpec = {
  name: 'hint',
  usage: 'Usage: npm run hint -- FUNCTION [--all] [--submission DIR]\n\nOne more hint each time, the one that fits the mistake the grader names first;\n--all shows every hint.',
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, { ...SUBMISSION, all: { type: 'boolean', default: false } });
    if (values.help) return (process.stdout.write(`${HINT.usage}\n`), 0);
    const lessons = lessonsFolder(values.submission);
    onlyOne(positionals);
    const found = target(positionals[0], 'hint');
    if (found.kind === 'lesson') {
      throw new UsageError(`hint takes one function; lesson ${found.lesson.number} has ${found.lesson.functions.map((spec) => spec.name).join(', ')}`);
    }
    const located: LocatedFunction = found.located;
    const report = await grade({ submission: lessons, functions: [located.spec.name as FunctionName], cache: true, typecheck: false, counterexamples: false });
    process.stdout.write(hintAndRemember(lessons, located, report.exercises[0], values.all).text);
    return 0;
  },
};

const RESET: CommandSpec = {
  name: 'reset',
  usage:
    'Usage: npm run reset -- FUNCTION|LESSON [--submission DIR]\n\nPuts one function (euclidean), or a whole lesson file (01), back as it was\nhanded out. Your version is kept first, in a backup file beside it, whose path\nis printed.',
  isExpected: (error): error is Error => error instanceof ResetRefused,
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, SUBMISSION);
    if (values.help) return (process.stdout.write(`${RESET.usage}\n`), 0);
    onlyOne(positionals);
    const found = target(positionals[0], 'reset');
    const where = { lessons: lessonsFolder(values.submission) };
    const done = found.kind === 'lesson' ? reset(found.lesson, undefined, where) : reset(found.located.lesson, found.located.spec.name, where);
    process.stdout.write(`${done.message}\n`);
    return 0;
  },
};

const LESSON: CommandSpec = {
  name: 'lesson',
  usage: 'Usage: npm run lesson -- LESSON|FUNCTION\n\nThe lesson text, for the terminal: formulas in Unicode, tables aligned, code\nhighlighted, wrapped to its width.',
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, { help: { type: 'boolean', short: 'h', default: false } });
    if (values.help) return (process.stdout.write(`${LESSON.usage}\n`), 0);
    onlyOne(positionals);
    const found = target(positionals[0], 'lesson');
    const lesson = found.kind === 'lesson' ? found.lesson : found.located.lesson;
    // Loaded only here: the highlighter's grammars are of no use to the other commands.
    const { renderLesson } = await import('./lesson.ts');
    process.stdout.write(renderLesson(readFileSync(lessonReadme(lesson), 'utf8'), columns()));
    return 0;
  },
};

const START: CommandSpec = {
  name: 'start',
  usage: [
    'Usage: npm start [-- --manual] [--submission DIR]',
    '',
    'The watch mode: opens at the first exercise that does not pass, with its',
    'verdict, and grades again each time a lesson file is saved. Keys:',
    '  n / p   next / previous exercise      t   the lesson text',
    '  h       one more hint                 l   the list of all exercises',
    '  r       grade again now               x   reset this exercise (backup kept)',
    '  q       quit',
    '',
    'Options:',
    '  --manual          grade on r only, for file systems that send no file events',
    '                    (some WSL setups and network drives)',
    '  --submission DIR  watch DIR, laid out like lessons/, instead of lessons/',
  ].join('\n'),
  main: async (argv) => {
    const { values, positionals } = parseCommandLine(argv, { ...SUBMISSION, manual: { type: 'boolean', default: false } });
    if (values.help) return (process.stdout.write(`${START.usage}\n`), 0);
    if (positionals.length > 0) throw new UsageError(`start takes no target (got ${positionals.join(', ')}); it opens at the first exercise that does not pass`);
    const lessons = lessonsFolder(values.submission);
    // Loaded only here: the file watcher and the terminal code are of no use to the other commands.
    const { watchLessons } = await import('./watch/index.ts');
    const code = await watchLessons({ lessons, manual: values.manual });
    // Quit means now, even with a grade still running: its sandboxes end with the process (grader/cleanup.ts).
    process.exit(code);
  },
};

const COMMANDS: Readonly<Record<string, CommandSpec>> = { start: START, list: LIST, hint: HINT, reset: RESET, lesson: LESSON };

/** The command named first in `argv`, for its compiled bundle's launcher (bin/learner.mjs). */
export const run = (argv: readonly string[]): Promise<number> => runNamedCommand('learner', COMMANDS, 'npm start, npm run list, npm run hint -- FUNCTION, npm run reset -- TARGET, npm run lesson -- LESSON', argv);
