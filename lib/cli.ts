// What every command of the workbook shares: strict option parsing, and the same three kinds of ending.
// Exit codes: 0 done, 1 the command's own "no" (a failing grade, an expected failure), 2 a usage error,
// 3 a bug in the workbook itself.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** node:util parseArgs in strict mode, with its complaints turned into usage errors. */
export function parseCommandLine<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
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

export async function runCommand({ name, usage, main, isExpected }: CommandSpec, argv: readonly string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\n\n${usage}\n`);
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

/** Runs the command when its file is the process's entry point (not when a test imports it). */
export function runIfMain(moduleUrl: string, spec: CommandSpec): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  runCommand(spec, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
