// What every command of the workbook shares: strict option parsing, and the same three kinds of ending.
// Exit codes: 0 done, 1 the command's own "no" (a failing grade, an expected failure), 2 a usage error,
// 3 a bug in the workbook itself.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { staysInside } from './paths.ts';

export class UsageError extends Error {}

/** parseArgs's complaint in one short line of our own: its own quote the option unevenly and run long. */
function parseComplaint(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(error.message) ? `option ${option} takes no value` : `option ${option} needs a value`;
  }
  return error.message;
}

/** node:util parseArgs in strict mode, with its complaints turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new UsageError(parseComplaint(error as Error & { code?: string }));
  }
}

export interface CommandSpec {
  /** The name used in messages: `grade`, `embed` … */
  readonly name: string;
  readonly usage: string;
  readonly main: (argv: readonly string[]) => Promise<number>;
  /** Errors that are an expected "no" with a message for the user (printed without a stack trace). */
  readonly isExpected?: (error: unknown) => error is Error;
}

let pipeWatched = false;
/** Output piped into `head` and the like may be cut off; that is the reader's choice, not a failure. */
function quietWhenReaderLeaves(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export async function runCommand({ name, usage, main, isExpected }: CommandSpec, argv: readonly string[]): Promise<number> {
  quietWhenReaderLeaves();
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      // What is wrong, and where the usage is: the whole of it would bury the one line that matters.
      const command = /^Usage: (npm (?:run )?[^\s[]+)/.exec(usage)?.[1] ?? `npm run ${name}`;
      process.stderr.write(`${name}: ${error.message}\nUsage and options: ${command} -- --help\n`);
      return 2;
    }
    if (isExpected?.(error)) {
      process.stderr.write(`${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`${name}: the workbook itself failed, which is a bug; please report it with this message:\n${(error as Error)?.stack ?? error}\n`);
    return 3;
  }
}

/** A command of a family, or what loads it (a command whose modules are loaded only when it is named). */
export type NamedCommand = CommandSpec | (() => Promise<CommandSpec>);

/**
 * Runs the command named first in `argv` among `commands` with the rest; exit 2, naming the commands (`listed`),
 * when there is no such command. Only the family's own names count: not `constructor` or `toString`.
 */
export async function runNamedCommand(family: string, commands: Readonly<Record<string, NamedCommand>>, listed: string, argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${family}: no command "${name ?? ''}"; the commands are ${listed}\n`);
    return 2;
  }
  return runCommand(typeof command === 'function' ? await command() : command, rest);
}

/**
 * A path the user typed, resolved from the folder they typed it in: `npm run` moves to the project root
 * and keeps the caller's folder in INIT_CWD.
 */
export function fromCaller(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** `path` with links resolved, as far as it exists (a folder about to be made has no real path yet). */
function realPathSoFar(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPathSoFar(parent), basename(path));
}

/** Whether `path` is `folder` or lies inside it, links resolved: a link cannot hide where a path really goes. */
export function isInside(folder: string, path: string): boolean {
  return staysInside(relative(realPathSoFar(folder), realPathSoFar(path)));
}

/** An existing folder given with `option`, or a usage error that says what was expected. */
export function existingFolder(path: string, option: string, expected: string): string {
  const folder = fromCaller(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${option} ${path}: no such folder. ${expected}`);
  return folder;
}

/** Runs the command when its file is the process's entry point (not when a test imports it). */
export function runIfMain(moduleUrl: string, spec: CommandSpec): void {
  if (!process.argv[1] || realpathSync(resolve(process.argv[1])) !== realpathSync(fileURLToPath(moduleUrl))) return;
  runCommand(spec, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
