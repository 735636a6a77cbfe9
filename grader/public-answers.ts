// A reference without solutions, for the student copy `npm run release` makes: the public cases (the default
// seed's, under one fixed counting key) are shipped drawn, with the reference's answers, and every other call
// the grader makes of the reference on them (naming a mistake computes known wrong formulas, some of them from
// the reference's answers to altered inputs) is answered from a table recorded when the copy was made. A call
// nobody recorded has no answer: the copy grades the public cases, and nothing else.
import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FunctionName } from '../curriculum/index.ts';
import type { KeptCases } from './cases/kept.ts';
import { countingKeyOf } from './reference-args.ts';

/** What the reference can answer. */
export type ReferenceReach =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'public';
      readonly seed: number;
      readonly countingKey: string;
      /** The public cases of a function, as drawn when the copy was made. */
      readonly cases: (name: FunctionName) => KeptCases;
    };

type ReferenceFunction = (...args: never[]) => unknown;
/** An answer, or what the reference threw (a message): replayed alike. */
type Answer = { readonly returned: unknown } | { readonly threw: string };

/** What the copy ships, in one file. */
interface PublicTables {
  readonly cases: Readonly<Record<string, KeptCases>>;
  readonly answers: ReadonlyMap<string, Answer>;
}

/**
 * The file: each function's cases and the answers, each part compressed on its own, so that a grade reads only
 * what it needs (the cases of the functions it grades; the answers only once a mistake is to be named).
 */
interface TablesFile {
  readonly cases: Readonly<Record<string, Uint8Array>>;
  readonly answers: Uint8Array;
}
const packed = (value: unknown) => gzipSync(serialize(value), { level: 9 });
const unpacked = <T>(bytes: Uint8Array) => deserialize(gunzipSync(bytes)) as T;

/** @internal The file of the public tables inside a copy's grader folder. */
export const PUBLIC_TABLES = join('grader', 'public-cases.bin');

/**
 * The digests of the vectors hashed so far. Naming a mistake asks the reference about the same rows again and
 * again (a length per row, per formula); the grader's own copies of the arguments never change.
 */
const vectorDigests = new WeakMap<readonly unknown[], Uint8Array>();

/** Feeds a value to the hash, distinguishing every number's bits, lengths and nesting; functions by their counting key. */
function feed(hash: Hash, value: unknown): void {
  if (Array.isArray(value)) {
    const known = vectorDigests.get(value);
    if (known) {
      hash.update(known);
      return;
    }
    if (value.every((item) => typeof item === 'number')) {
      const digest = createHash('sha256').update(`v${value.length}:`).update(new Uint8Array(Float64Array.from(value).buffer)).digest();
      vectorDigests.set(value, digest);
      hash.update(digest);
      return;
    }
    hash.update(`a${value.length}:`);
    for (const item of value) feed(hash, item);
    return;
  }
  if (typeof value === 'number') hash.update('n').update(new Uint8Array(Float64Array.of(value).buffer));
  else if (typeof value === 'function') {
    const key = countingKeyOf(value);
    // Only the grader's counting distance is ever given to the reference; anything else has no recorded answers.
    if (key === undefined) throw new Error('a function that is not the counting distance has no recorded answers');
    hash.update(`f${key}`);
  } else hash.update(`j${JSON.stringify(value) ?? 'undefined'}`);
}

/** @internal What a call is recorded by. */
export function callKey(name: string, args: readonly unknown[]): string {
  const hash = createHash('sha256').update(`${name}\0`);
  feed(hash, args);
  return hash.digest('base64url').slice(0, 22);
}

/** The recorder listening to the reference's calls, if any (only while a copy is made). */
let recorder: Map<string, Answer> | undefined;

/**
 * The reference's functions, each telling the recorder, when there is one, what it was asked and answered. The
 * check costs nothing measurable when nobody records.
 */
export function recordable<T extends Record<string, ReferenceFunction>>(functions: T): T {
  const wrapped = Object.entries(functions).map(([name, real]) => {
    const call = (...args: unknown[]) => {
      if (!recorder) return (real as (...a: unknown[]) => unknown)(...args);
      const key = callKey(name, args);
      try {
        const returned = (real as (...a: unknown[]) => unknown)(...args);
        recorder.set(key, { returned: structuredClone(returned) });
        return returned;
      } catch (error) {
        recorder.set(key, { threw: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    };
    return [name, call] as const;
  });
  return Object.fromEntries(wrapped) as unknown as T;
}

/** @internal Records every call of the reference made while `work` runs. */
export async function recordingCalls(work: () => Promise<void>): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  recorder = answers;
  try {
    await work();
  } finally {
    recorder = undefined;
  }
  return answers;
}

/** @internal The public tables, as a copy ships them. */
export const publicTablesFile = ({ cases, answers }: PublicTables): Uint8Array =>
  serialize({ cases: Object.fromEntries(Object.entries(cases).map(([name, kept]) => [name, packed(kept)])), answers: packed(answers) } satisfies TablesFile);

/** A call's recorded answer, given again; a call nobody recorded throws, as a formula with no value does. */
function answerOf(answers: ReadonlyMap<string, Answer>, name: string, args: readonly unknown[]): unknown {
  const answer = answers.get(callKey(name, args));
  if (!answer) throw new Error(`this copy of the grader holds the reference's answers for the public cases only (${name})`);
  if ('threw' in answer) throw new Error(answer.threw);
  // A copy each time: a caller may change what it was given.
  return structuredClone(answer.returned);
}

/**
 * The reference and its reach in a student copy: the tables in `root`'s grader folder, read when first needed
 * (a grade whose results were all kept needs none).
 */
export function publicReference(root: string, names: readonly FunctionName[], seed: number, countingKey: string): { REFERENCE: Record<FunctionName, (...args: any[]) => any>; REACH: ReferenceReach } {
  let file: TablesFile | undefined;
  let answers: ReadonlyMap<string, Answer> | undefined;
  const cases = new Map<FunctionName, KeptCases>();
  const read = () => (file ??= deserialize(readFileSync(join(root, PUBLIC_TABLES))) as TablesFile);
  const answered = () => (answers ??= unpacked<ReadonlyMap<string, Answer>>(read().answers));
  const REFERENCE = Object.fromEntries(names.map((name) => [name, (...args: unknown[]) => answerOf(answered(), name, args)])) as Record<FunctionName, (...args: any[]) => any>;
  const casesOf = (name: FunctionName) => cases.get(name) ?? cases.set(name, unpacked<KeptCases>(read().cases[name])).get(name)!;
  return { REFERENCE, REACH: { kind: 'public', seed, countingKey, cases: casesOf } };
}
