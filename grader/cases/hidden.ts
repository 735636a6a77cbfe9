// Hidden cases: inputs only the instructor has, in `hidden/cases.json` (HIDDEN_CASES_FILE; gitignored, never
// released), added to every function's cases when a class is graded. The file names inputs only; each answer
// is the reference solution's, computed here, so a hidden case can never disagree with the course. An input the
// reference refuses (it throws) must be refused by the student's function too.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { allFunctions, type FunctionName } from '../../curriculum/index.ts';
import { REFERENCE } from '../reference.ts';
import { referenceArgs } from '../reference-args.ts';
import { serializedCalls } from '../sandbox/protocol.ts';
import type { Expected } from '../compare.ts';
import type { Argument, Case } from '../types.ts';
import type { CaseTable } from './index.ts';
import { numbersIn } from './index.ts';

const Vector = v.array(v.pipe(v.number(), v.finite()));
const HiddenFile = v.record(
  v.picklist(allFunctions().map(({ spec }) => spec.name) as [FunctionName, ...FunctionName[]]),
  v.array(v.strictObject({ name: v.optional(v.pipe(v.string(), v.maxLength(200))), args: v.array(v.union([v.pipe(v.number(), v.finite()), Vector, v.array(Vector)])) })),
);

/** The hidden cases by function, with the reference's answers, and their calls as a job hands them over. */
export type HiddenCases = ReadonlyMap<string, Pick<CaseTable, 'cases' | 'calls' | 'numbers'>>;

export class HiddenCasesError extends Error {}

/** The hidden cases in `file`, checked: a clear error names the file, the function and the case that is wrong. */
export function readHiddenCases(file: string): HiddenCases {
  return hiddenCasesIn(file, readText(file));
}

/** The text of `file`, or an error that names it. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new HiddenCasesError(`${file}: ${(error as Error).message}`);
  }
}

/** The hidden cases in `file` and the SHA-256 of the very text they were read from. */
export function readHiddenCasesWithHash(file: string): { cases: HiddenCases; hash: string } {
  const text = readText(file);
  return { cases: hiddenCasesIn(file, text), hash: createHash('sha256').update(text).digest('hex') };
}

function hiddenCasesIn(file: string, text: string): HiddenCases {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HiddenCasesError(`${file}: ${(error as Error).message}`);
  }
  const checked = v.safeParse(HiddenFile, parsed);
  if (!checked.success) {
    const issue = checked.issues[0];
    const where = v.getDotPath(issue) ?? 'the top level';
    throw new HiddenCasesError(`${file}, at ${where}: ${issue.message}. Expected { "functionName": [{ "name": "…", "args": [[1, 2], [3, 4]] }, …] }`);
  }
  return new Map(
    Object.entries(checked.output).map(([name, drafts]) => {
      const reference = REFERENCE[name as FunctionName] as (...args: unknown[]) => unknown;
      const cases = (drafts ?? []).map(({ name: title, args }, i): Case => {
        const shown = `hidden case ${i + 1}${title ? ` (${title})` : ''}`;
        try {
          return { name: shown, args: args as Argument[], expect: { returns: reference(...referenceArgs(args as Argument[])) as Expected } };
        } catch {
          return { name: shown, args: args as Argument[], expect: { throws: { mentions: [], because: 'the reference solution refuses this input too' } } };
        }
      });
      // Serialized once here, not for every student graded on them.
      return [name, { cases, calls: serializedCalls(cases.map((testCase) => testCase.args)), numbers: cases.map((testCase) => numbersIn(testCase.args)) }];
    }),
  );
}

/** `table` with the hidden cases of `name` after all its others: the random cases keep their places. */
export function withHiddenCases(table: CaseTable, name: string, hidden: HiddenCases | undefined): CaseTable {
  const extra = hidden?.get(name);
  if (!extra || extra.cases.length === 0) return table;
  return { ...table, cases: [...table.cases, ...extra.cases], calls: [...table.calls, ...extra.calls], numbers: [...table.numbers, ...extra.numbers] };
}
