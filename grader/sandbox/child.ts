// Runs inside the sandbox process, next to untrusted learner code. It only calls functions and reports what
// happened; every judgement is made in the trusted process. Everything it relies on is captured before the
// learner's module loads, and it avoids prototype methods afterwards, so patched globals cannot steer it.
import { format } from 'node:util';
import type { Argument, CallOutcome, DistanceCall, ThrownValue } from '../types.ts';
import { MAX_RETURNED_NUMBERS, OUTPUT_CAP_BYTES, type FromSandbox, type ToSandbox } from './protocol.ts';

const rawSend = process.send?.bind(process);
if (!rawSend) throw new Error('the grader sandbox must be started with an IPC channel');
const onMessage = process.on.bind(process);
const apply = Reflect.apply;
const isArray = Array.isArray;
const sqrt = Math.sqrt;
const ErrorClass = Error;
const toText = String;
const byteLength = Buffer.byteLength;
const hasOwn = Object.prototype.hasOwnProperty;
const later = setTimeout;
const regexpExec = RegExp.prototype.exec;
/** The first stack frame in a TypeScript file: `at f (/a b/x.ts:1:2)` or `at /a b/x.ts:1:2`. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^()\n]+?\.[cm]?ts):(\d+):(\d+)\)?$/m;

// The permission model does not cover signals: only this process may be signalled (process.kill calls _kill).
const processWithKill = process as unknown as { _kill: (pid: number, signal: number) => number };
const rawKill = processWithKill._kill;
processWithKill._kill = (pid, signal) => {
  if (pid !== process.pid) throw new ErrorClass('the grader sandbox may not signal other processes');
  return apply(rawKill, process, [pid, signal]) as number;
};

function send(message: FromSandbox): void {
  rawSend!(message);
}

// ---- output capture: console and process.stdout/stderr go through IPC, tagged with the running call ----
let outputBytes = 0;
let droppedBytes = 0;
function emitOutput(text: string): void {
  if (outputBytes >= OUTPUT_CAP_BYTES) {
    droppedBytes += byteLength(text);
    return;
  }
  outputBytes += byteLength(text);
  send({ type: 'output', text });
}
/** Bytes dropped since the last call, and a fresh count for the next phase. */
function takeDropped(): number {
  const dropped = droppedBytes;
  outputBytes = 0;
  droppedBytes = 0;
  return dropped;
}
const capture = (...args: unknown[]) => emitOutput(format(...args) + '\n');
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const) {
  (console as unknown as Record<string, unknown>)[method] = capture;
}
const captureWrite = (chunk: unknown) => {
  emitOutput(toText(chunk));
  return true;
};
process.stdout.write = captureWrite as typeof process.stdout.write;
process.stderr.write = captureWrite as typeof process.stderr.write;

// ---- describing values without trusting them ----
function describeThrown(thrown: unknown): ThrownValue {
  try {
    if (thrown instanceof ErrorClass || (typeof thrown === 'object' && thrown !== null && typeof (thrown as Error).stack === 'string')) {
      const error = thrown as Error;
      const stack = typeof error.stack === 'string' ? error.stack : '';
      const frame = apply(regexpExec, FRAME, [stack]) as RegExpExecArray | null;
      return {
        isError: true,
        type: toText(error.name),
        message: toText(error.message),
        ...(frame ? { where: `${frame[1]}:${frame[2]}:${frame[3]}` } : {}),
      };
    }
    const type = thrown === null ? 'null' : typeof thrown;
    return { isError: false, type, message: type === 'string' ? (thrown as string) : format('%o', thrown) };
  } catch {
    return { isError: false, type: 'unknown', message: '(a thrown value that could not even be described)' };
  }
}

function countNumbers(value: unknown): number {
  if (!isArray(value)) return 1;
  let count = value.length;
  for (let i = 0; i < value.length && count <= MAX_RETURNED_NUMBERS; i++) {
    if (isArray(value[i])) count += (value[i] as unknown[]).length;
  }
  return count;
}

// ---- the counting distance for euclideanMatrixSymmetric ----
function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (!isArray(a) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function countingDistance(rows: readonly (readonly number[])[], log: DistanceCall[]) {
  const pristine: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const copy: number[] = [];
    for (let j = 0; j < rows[i].length; j++) copy[j] = rows[i][j];
    pristine[i] = copy;
  }
  const identityOf = (v: readonly number[]) => {
    for (let i = 0; i < rows.length; i++) if (v === rows[i]) return i;
    return -1;
  };
  const contentOf = (v: readonly number[]) => {
    for (let i = 0; i < pristine.length; i++) if (sameNumbers(v, pristine[i])) return i;
    return -1;
  };
  return (a: readonly number[], b: readonly number[]): number => {
    log[log.length] = { identity: [identityOf(a), identityOf(b)], content: [contentOf(a), contentOf(b)] };
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(sum);
  };
}

/** The arguments to pass, with the counting-distance stand-in replaced by a real function. */
function materialize(args: readonly Argument[], log: DistanceCall[]): { live: unknown[]; counting: boolean } {
  const live: unknown[] = [];
  let counting = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as unknown;
    const isCounter = typeof arg === 'object' && arg !== null && apply(hasOwn, arg, ['$sandbox']);
    counting ||= isCounter;
    live[i] = isCounter ? countingDistance(args[0] as readonly (readonly number[])[], log) : arg;
  }
  return { live, counting };
}

function callOnce(fn: (...args: unknown[]) => unknown, args: readonly Argument[]): CallOutcome {
  const distanceCalls: DistanceCall[] = [];
  const { live, counting } = materialize(args, distanceCalls);
  const argsAfter = () => {
    const after: unknown[] = [];
    for (let i = 0; i < live.length; i++) after[i] = typeof live[i] === 'function' ? null : live[i];
    return after;
  };
  const counted = counting ? { distanceCalls } : {};
  let value: unknown;
  try {
    value = apply(fn, undefined, live);
  } catch (thrown) {
    return { kind: 'threw', thrown: describeThrown(thrown), argsAfter: argsAfter(), ...counted };
  }
  if (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') {
    return { kind: 'unsendable', reason: 'returned a Promise: exercise functions must be synchronous (remove `async`)' };
  }
  if (typeof value === 'function') return { kind: 'unsendable', reason: 'returned a function instead of a value' };
  if (countNumbers(value) > MAX_RETURNED_NUMBERS) {
    return { kind: 'unsendable', reason: `returned more than ${MAX_RETURNED_NUMBERS} values` };
  }
  return { kind: 'returned', value, argsAfter: argsAfter(), ...counted };
}

function sendCallEnd(index: number, outcome: CallOutcome): void {
  try {
    send({ type: 'call-end', index, outcome });
  } catch (error) {
    const reason = `returned a value that cannot be copied out of the sandbox (${describeThrown(error).message})`;
    send({ type: 'call-end', index, outcome: { kind: 'unsendable', reason } });
  }
}

let exported: Record<string, unknown> = {};

onMessage('message', (message: ToSandbox) => {
  if (message.type === 'load') {
    import(message.url).then(
      (module: Record<string, unknown>) => {
        exported = module;
        const kinds: Record<string, string> = {};
        for (const name of Object.keys(module)) kinds[name] = typeof module[name];
        send({ type: 'loaded', exports: kinds, droppedOutputBytes: takeDropped() });
      },
      (thrown: unknown) => send({ type: 'load-failed', thrown: describeThrown(thrown) }),
    );
    return;
  }
  const fn = exported[message.fn] as (...args: unknown[]) => unknown;
  for (let index = 0; index < message.calls.length; index++) {
    send({ type: 'call-start', index });
    sendCallEnd(index, callOnce(fn, message.calls[index]));
  }
  send({ type: 'run-end', droppedOutputBytes: takeDropped() });
  later(() => send({ type: 'settled' }), 0);
});

send({ type: 'ready' });
