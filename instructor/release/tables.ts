// The public tables a student copy grades with (grader/public-answers.ts): every function's cases for the
// default seed under one counting key, drawn here with the real reference, and the reference's answers to
// every call that naming a mistake on those cases makes.
import { randomBytes } from 'node:crypto';
import { allFunctions, type FunctionName } from '../../curriculum/index.ts';
import { KEY_LENGTH } from '../../grader/cases/counting-distance.ts';
import { buildCases, keptForm } from '../../grader/cases/index.ts';
import type { KeptCases } from '../../grader/cases/kept.ts';
import { askEveryFormula } from '../../grader/diagnose.ts';
import { DEFAULT_SEED } from '../../grader/grade.ts';
import { publicTablesFile, recordingCalls } from '../../grader/public-answers.ts';
import { referenceArgs } from '../../grader/reference-args.ts';

export interface PublicTables {
  readonly seed: number;
  readonly countingKey: string;
  /** The file grader/public-cases.bin. */
  readonly file: Uint8Array;
  readonly cases: number;
  readonly answers: number;
}

export async function publicTables(): Promise<PublicTables> {
  // One key for the copy: its cases were answered for it (a class is graded under fresh keys, by grade-all).
  const countingKey = randomBytes(KEY_LENGTH).toString('hex');
  const cases: Record<string, KeptCases> = {};
  const tables = await Promise.all(allFunctions().map(async ({ spec }) => [spec.name as FunctionName, await buildCases(spec.name as FunctionName, DEFAULT_SEED, countingKey)] as const));
  const answers = await recordingCalls(async () => {
    for (const [name, table] of tables) {
      cases[name] = keptForm(table);
      for (const testCase of table.cases) if ('returns' in testCase.expect) askEveryFormula(name, referenceArgs(testCase.args));
    }
  });
  return {
    seed: DEFAULT_SEED,
    countingKey,
    file: publicTablesFile({ cases, answers }),
    cases: Object.values(cases).reduce((sum, kept) => sum + kept.cases.length, 0),
    answers: answers.size,
  };
}
