// The sandbox harness: runs inside the sandbox process, next to untrusted learner code. It reads its whole
// job from stdin before any learner code exists, locks the process down, then loads each lesson file given,
// one after the other, calls its functions, and reports what happened in authenticated frames. It judges
// nothing: every verdict is made by the trusted grader, which also validates every frame it receives (see
// ../validate.ts).
import { Buffer } from 'node:buffer';
import { deserialize } from 'node:v8';
import type { Argument } from '../../types.ts';
import { LIMITS, MATHJS_GLOBAL, MATHJS_SOURCE_NAME, lessonSourceName, type FromSandbox, type SandboxJob, type SandboxUnit } from '../protocol.ts';
import { Caller } from './calls.ts';
import { createChannel, readInit } from './channel.ts';
import { Budget, describeThrown, lessonFrame } from './describe.ts';
import { lockdown } from './lockdown.ts';

const { key, init } = readInit();
const send: (message: FromSandbox) => void = createChannel(key);
const later = setTimeout;
const byteLength = Buffer.byteLength;

// ---- output: capped per function; what is past the cap is only counted ----
let outputBytes = 0;
let droppedBytes = 0;
function emitOutput(text: string): void {
  const bytes = byteLength(text);
  const room = LIMITS.outputBytesPerFunction - outputBytes;
  if (room <= 0) {
    droppedBytes += bytes;
    return;
  }
  // Cut on a character boundary: a split multi-byte character decodes as U+FFFD, which is dropped.
  const kept = bytes <= room ? text : Buffer.from(text).subarray(0, room).toString().replace(/\uFFFD$/, '');
  const keptBytes = byteLength(kept);
  outputBytes += keptBytes;
  droppedBytes += bytes - keptBytes;
  if (kept) send({ type: 'output', text: kept });
}
function takeDropped(): number {
  const dropped = droppedBytes;
  outputBytes = 0;
  droppedBytes = 0;
  return dropped;
}

// One per lesson file, made before the lockdown: where in its code an Error was thrown.
const frames = init.units.map((_, unit) => lessonFrame(unit));

lockdown(emitOutput);

const asModuleUrl = (source: string, name: string) => `data:text/javascript;base64,${Buffer.from(`${source}\n//# sourceURL=${name}\n`).toString('base64')}`;

/** One turn of the event loop, so that what a function left behind (a timer, a promise) runs now. */
const settle = () => new Promise((resolve) => later(resolve, 1));

async function runJob(job: SandboxJob, fn: (...args: unknown[]) => unknown, frame: RegExp): Promise<void> {
  const caller = new Caller(fn, frame);
  const reuse = new Set(job.reuse);
  job.calls.forEach((bytes, i) => {
    const args = deserialize(bytes) as Argument[];
    send({ type: 'call-end', outcome: caller.call(args, new Budget(LIMITS.nodesPerValue), { reuse: reuse.has(i), keep: reuse.has(i + 1) }) });
  });
  send({ type: 'function-end', droppedOutputBytes: takeDropped() });
  await settle();
  send({ type: 'settled' });
}

/** mathjs, loaded once, before the first lesson file that imports it; what it threw, if it did. */
let mathjs: { readonly failed: false } | { readonly failed: true; readonly thrown: unknown } | undefined;
async function loadMathjs(source: string): Promise<void> {
  try {
    const loaded = await import(asModuleUrl(source, MATHJS_SOURCE_NAME));
    Object.defineProperty(globalThis, Symbol.for(MATHJS_GLOBAL), { value: loaded, writable: false, configurable: false });
    mathjs = { failed: false };
  } catch (thrown) {
    mathjs = { failed: true, thrown };
  }
}

/** Loads one lesson file, as a module of its own, and runs its jobs. */
async function runUnit(unit: SandboxUnit, index: number): Promise<void> {
  const frame = frames[index];
  let exported: Record<string, unknown>;
  try {
    if (unit.usesMathjs && init.mathjs) {
      if (!mathjs) await loadMathjs(init.mathjs);
      if (mathjs?.failed) throw mathjs.thrown;
    }
    exported = await import(asModuleUrl(unit.bundle, lessonSourceName(index)));
  } catch (thrown) {
    send({ type: 'load-failed', thrown: describeThrown(thrown, frame) });
    return;
  }
  // Reading an export runs no learner code, but one declared with `let` and never set throws.
  const exportOf = (name: string) => {
    try {
      return { value: exported[name], kind: typeof exported[name] as string };
    } catch {
      return { value: undefined, kind: 'uninitialized' };
    }
  };
  // Taken once: the functions that run are exactly those the grader is told about, whatever a later
  // function does to the module's bindings.
  const found = unit.jobs.map((job) => exportOf(job.name));
  const kinds: Record<string, string> = {};
  unit.jobs.forEach((job, i) => (kinds[job.name] = found[i].kind));
  send({ type: 'loaded', exports: kinds, droppedOutputBytes: takeDropped() });
  for (let i = 0; i < unit.jobs.length; i++) {
    if (found[i].kind === 'function') await runJob(unit.jobs[i], found[i].value as (...args: unknown[]) => unknown, frame);
  }
}

async function main(): Promise<void> {
  for (let index = 0; index < init.units.length; index++) await runUnit(init.units[index], index);
}

// Nothing else may keep the process alive (it has no open handle of its own): a lesson whose top-level
// await never settles must time out in the grader, not end the process. The grader ends it.
setInterval(() => undefined, 1 << 30);
await main();
