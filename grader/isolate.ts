// Step 2 of grading: runs one lesson file's functions in sandbox processes and establishes, in the trusted
// process, what each call did. The sandbox is hostile: it can only answer in signed, validated frames, and
// nothing it says can make a call count as run when it was not. A call that hangs, exits the process, runs
// out of memory or breaks the protocol costs only its own function: the file's remaining functions run in a
// fresh sandbox. A function run after others in the same sandbox is marked `shared`, so that the grader runs it
// again alone when it does not pass: what an earlier function left behind is never charged to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { serialize } from 'node:v8';
import type { LessonBundle } from './load.ts';
import { onCleanup } from './cleanup.ts';
import { harnessSource } from './sandbox/build.ts';
import { FrameReader } from './sandbox/frames.ts';
import { sandboxLauncher, type SandboxLimits } from './sandbox/launch.ts';
import { mathjsBundle } from './sandbox/mathjs.ts';
import { KEY_BYTES, LENGTH_BYTES, LIMITS, type FromSandbox, type SandboxInit, type WireOutcome } from './sandbox/protocol.ts';
import { RunBudget, Violation, fromWire, thrownFromWire, validateMessage } from './sandbox/validate.ts';
import { spanEnded, timed } from './timings.ts';
import type { Argument, CallOutcome, ThrownValue } from './types.ts';

export interface IsolateOptions extends SandboxLimits {
  readonly loadTimeoutMs: number;
  /**
   * For the whole lesson file: loads, restarts and every function together. Each function has its own limit
   * too, so a slow one cannot take another's time; this one bounds how long any file can keep the grader.
   */
  readonly fileTimeoutMs: number;
  /** Another harness in place of the real one: tests use harnesses that break the protocol on purpose. */
  readonly harness?: string;
}

/** Limits of a sandbox unless a caller says otherwise. */
export const SANDBOX_DEFAULTS = { heapMb: 256, memoryMb: 512, cpuSeconds: 60, loadTimeoutMs: 5_000, fileTimeoutMs: 30_000 } as const;

export interface FunctionJob {
  readonly name: string;
  readonly calls: readonly (readonly Argument[])[];
  /** Calls (by index) handed the previous call's very arrays, rewritten in place to their own numbers. */
  readonly reuse?: readonly number[];
  readonly callTimeoutMs: number;
  /** Longer limits for some calls (by index), the ones given far more numbers than the rest. */
  readonly longerCalls?: ReadonlyMap<number, number>;
  /** For all the calls together: each function has its own, so a slow one cannot use up another's time. */
  readonly functionTimeoutMs: number;
}

export type LoadFailure =
  | { readonly kind: 'threw'; readonly thrown: ThrownValue }
  | { readonly kind: 'timeout'; readonly limitMs: number }
  | { readonly kind: 'crashed'; readonly reason: string };

export interface FunctionRun {
  readonly outcomes: readonly CallOutcome[];
  readonly output: string;
  /** Every call returned, but what the function left behind (a timer, a promise) then broke the sandbox. */
  readonly aftermath?: string;
  /**
   * It ran after other functions in the same sandbox, so what they did (to shared state, or with code left
   * running) could touch it; not set when it hung in a call of its own, which nothing else can cause.
   */
  readonly shared?: boolean;
}

export interface FileRun {
  readonly loadFailure?: LoadFailure;
  /** The typeof of each job's name in the module. */
  readonly exports: Readonly<Record<string, string>>;
  /** What the module printed while loading. */
  readonly loadOutput: string;
  readonly functions: Readonly<Record<string, FunctionRun>>;
}

type Event =
  | Exclude<FromSandbox, { type: 'output' }>
  | { readonly type: 'exit'; readonly reason: string }
  | { readonly type: 'violation'; readonly reason: string }
  | { readonly type: 'silent' };

/** A capped text buffer: keeps the first bytes and counts what it dropped. */
class OutputBuffer {
  private text = '';
  private dropped = 0;
  add(chunk: string): void {
    const room = LIMITS.outputBytesPerFunction - Buffer.byteLength(this.text);
    // Cut on a character boundary: a split multi-byte character decodes as U+FFFD, which is dropped.
    const kept = room <= 0 ? '' : Buffer.from(chunk).subarray(0, room).toString().replace(/\uFFFD$/, '');
    this.text += kept;
    this.dropped += Buffer.byteLength(chunk) - Buffer.byteLength(kept);
  }
  /** Output the sandbox dropped itself, past the cap. */
  addDropped(bytes: number): void {
    this.dropped += bytes;
  }
  toString(): string {
    return this.dropped > 0 ? `${this.text}\n… ${this.dropped} more bytes of output not shown` : this.text;
  }
}

/** V8's line when it runs out of memory, just before it aborts. */
const OUT_OF_MEMORY = /^(FATAL ERROR: .*(heap out of memory|Allocation failed)|#? ?Fatal process out of memory)/i;

/**
 * Whether stderr ends as V8's does when memory runs out. Learner text reaches stderr only in an uncaught error,
 * which Node prints before a trailer of its own (`Node.js v20…`): a line followed by that trailer is not V8's.
 */
function ranOutOfMemory(stderr: string): boolean {
  const lines = stderr.split('\n');
  const last = lines.findLastIndex((line) => OUT_OF_MEMORY.test(line));
  return last >= 0 && !lines.slice(last + 1).some((line) => /^Node\.js v\d/.test(line));
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string, signalsAsCodes: boolean): string {
  // Behind a shell (a PID namespace's first process) a signal shows as exit code 128 + n, and Windows reports an
  // abort as 134; learner code can exit with those codes too, so the explanation names both.
  const signalCode = code !== null && code > 128 && (signalsAsCodes || (process.platform === 'win32' && code === 134)) ? code - 128 : undefined;
  const fromCode = signal === null && signalCode !== undefined ? Object.entries(constants.signals).find(([, n]) => n === signalCode)?.[0] : undefined;
  const name = signal ?? fromCode;
  if (name === 'SIGABRT' && ranOutOfMemory(stderr)) return 'ran out of memory (runaway allocation?)';
  const or = fromCode ? `, or called process.exit(${code})` : '';
  if (name === 'SIGXCPU') return `used up its CPU time${or}`;
  if (name) return `the sandbox process was killed by ${name}${or}`;
  return `the process exited with code ${code} (did the code call process.exit()?)`;
}

/** How long after the sandbox's exit its pipes may take to drain. */
const DRAIN_MS = 5_000;

/** When a timer fires this much later than asked, the grader itself was busy: the sandbox gets the time back. */
const BUSY_GRACE_MS = 100;

/** One sandbox process, read as a sequence of validated events with a watchdog on each wait. */
class Sandbox {
  private readonly queue: Event[] = [];
  private waiting?: (event: Event) => void;
  private stderrTail = '';
  private broken = false;
  private readonly unregister: () => void;
  /**
   * What was printed, cut where the protocol cuts it: [0] while loading, then one per function run here. Cut
   * as frames are read, in their order, so a print is never charged to the wrong function.
   */
  private readonly outputs = [new OutputBuffer()];

  private constructor(
    private readonly child: ChildProcess,
    key: Buffer,
    private readonly where: LessonBundle['where'],
    signalsAsCodes: boolean,
  ) {
    this.unregister = onCleanup(() => child.kill('SIGKILL'));
    const reader = new FrameReader(key);
    // One budget per segment, like the output: loading, then each function.
    let budget = new RunBudget();
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      if (this.broken) return;
      try {
        for (const payload of reader.push(chunk)) {
          const message = validateMessage(payload, budget);
          const output = this.outputs[this.outputs.length - 1];
          if (message.type === 'output') output.add(message.text);
          if (message.type === 'loaded' || message.type === 'function-end') output.addDropped(message.droppedOutputBytes);
          if (message.type === 'loaded' || message.type === 'settled') {
            this.outputs.push(new OutputBuffer());
            budget = new RunBudget();
          }
          if (message.type !== 'output') this.push(message);
        }
      } catch (error) {
        this.broken = true;
        this.push({ type: 'violation', reason: error instanceof Violation ? error.message : `the grader could not read what it sent (${(error as Error).message})` });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4096);
    });
    // Told once the pipes are drained too ('close'), so the last frames and what Node wrote to stderr as it died
    // are all read first. Nothing else can hold them open (the sandbox starts no process), so the fallback for a
    // 'close' that never comes is long, and reads what the pipes hold before it gives up on them.
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      this.push({ type: 'exit', reason });
    };
    const died = (code: number | null, signal: NodeJS.Signals | null) => end(describeExit(code, signal, this.stderrTail, signalsAsCodes));
    child.on('close', died);
    child.on('exit', (code, signal) => setTimeout(() => setImmediate(() => died(code, signal)), DRAIN_MS).unref());
    child.on('error', (error) => end(`the sandbox could not start: ${error.message}`));
  }

  static async start(bundle: LessonBundle, jobs: readonly FunctionJob[], options: IsolateOptions): Promise<Sandbox> {
    const [launcher, harness, mathjs] = await Promise.all([sandboxLauncher(), options.harness ?? harnessSource(), bundle.usesMathjs ? mathjsBundle() : undefined]);
    const { file, args } = launcher.command(harness, options);
    const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], env: {}, cwd: '/' });
    const key = randomBytes(KEY_BYTES);
    const init: SandboxInit = { bundle: bundle.code, ...(mathjs ? { mathjs: mathjs.source } : {}), jobs: jobs.map(({ name, calls, reuse }) => ({ name, calls, ...(reuse?.length ? { reuse } : {}) })) };
    const payload = serialize(init);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(payload.length, 0);
    child.stdin!.on('error', () => undefined); // a sandbox that dies early shows up as its exit
    child.stdin!.end(Buffer.concat([key, length, payload]));
    return new Sandbox(child, key, bundle.where, launcher.layers.some((layer) => layer.id === 'pid-namespace' && layer.active));
  }

  private push(event: Event): void {
    if (this.waiting) this.waiting(event);
    else this.queue.push(event);
  }

  /** The next event, or `silent` when none comes within `timeoutMs` of time the grader was free to listen. */
  next(timeoutMs: number): Promise<Event> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const deliver = (event: Event) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(event);
      };
      const arm = (ms: number) => {
        const due = performance.now() + ms;
        timer = setTimeout(() => {
          const late = performance.now() - due;
          // Pending reads first: an answer may be waiting that the grader, busy, has not taken in yet.
          setImmediate(() => {
            if (this.waiting !== deliver) return;
            if (late > BUSY_GRACE_MS) arm(late);
            else deliver({ type: 'silent' });
          });
        }, Math.max(0, ms));
      };
      this.waiting = deliver;
      arm(timeoutMs);
    });
  }

  /** A wire outcome as the grader's own, with thrown locations mapped back to the learner's files. */
  outcome(wire: WireOutcome): CallOutcome {
    if (wire.kind === 'unsendable') return wire;
    const evidence = {
      ...(wire.modified ? { modified: { index: wire.modified.index, after: fromWire(wire.modified.after) } } : {}),
      ...(wire.distanceCalls ? { distanceCalls: wire.distanceCalls } : {}),
    };
    if (wire.kind === 'returned') return { kind: 'returned', value: fromWire(wire.value), ...(wire.shared ? { shared: wire.shared } : {}), ...evidence };
    return { kind: 'threw', thrown: thrownFromWire(wire.thrown, this.where), ...evidence };
  }

  /** What was printed while loading (0), or during the n-th function run in this sandbox (1, 2 …). */
  printed(segment: number): string {
    return this.outputs[segment]?.toString() ?? '';
  }

  thrown(wire: Parameters<typeof thrownFromWire>[0]): ThrownValue {
    return thrownFromWire(wire, this.where);
  }

  kill(): void {
    this.child.kill('SIGKILL');
    this.unregister();
  }
}

const outOfOrder = (what: string) => ({ type: 'violation', reason: `the sandbox broke the grader's protocol (${what})` }) as const;

/** Loads the file in a fresh sandbox that will run `jobs`; resolves to the sandbox, or to why it did not load. */
async function start(
  bundle: LessonBundle,
  jobs: readonly FunctionJob[],
  options: IsolateOptions,
  fileDeadline: number,
): Promise<{ sandbox: Sandbox; exports: Record<string, string>; output: string } | { failure: LoadFailure; output: string }> {
  const began = performance.now();
  const sandbox = await Sandbox.start(bundle, jobs, options);
  const limit = Math.min(options.loadTimeoutMs, fileDeadline - Date.now());
  let event = await sandbox.next(limit);
  spanEnded('sandbox start', began);
  if (event.type === 'loaded' && Object.keys(event.exports).sort().join() !== jobs.map((job) => job.name).sort().join()) {
    event = outOfOrder('it described exports that were not asked about');
  }
  const output = sandbox.printed(0);
  if (event.type === 'loaded') return { sandbox, exports: { ...event.exports }, output };
  sandbox.kill();
  if (event.type === 'load-failed') return { failure: { kind: 'threw', thrown: sandbox.thrown(event.thrown) }, output };
  if (event.type === 'silent') return { failure: { kind: 'timeout', limitMs: limit }, output };
  const reason = event.type === 'exit' || event.type === 'violation' ? event.reason : outOfOrder(`${event.type} before loaded`).reason;
  return { failure: { kind: 'crashed', reason }, output };
}

/** When the lesson file's time ends, and how long it was. */
interface FileTime {
  readonly deadline: number;
  readonly limitMs: number;
}

interface Attempt {
  readonly run: FunctionRun;
  /** The sandbox can no longer be used. */
  readonly broken: boolean;
  /** One of its own calls ran past its time limit: a call runs without a break, so nothing else can be to blame. */
  readonly hungInOwnCall: boolean;
  /**
   * `stuck`: that call ran past its own limit (not the function's or the file's): an infinite loop, most likely.
   * `probe`: it ran past a probe's, given because a function it may call is stuck.
   */
  readonly hang?: 'stuck' | 'probe';
}

/**
 * Where a function of the submission was found to hang, so that the functions that may call it do not each wait
 * a whole call limit: grade.ts keeps one for the submission, and each lesson file asks it before a function runs.
 */
export interface StuckWatch {
  /** A function of this file hung in a call of its own (an infinite loop, most likely). */
  stuck(name: string): void;
  /** Asked as a function starts: when one it may call is stuck, a short limit for its first call, and which. */
  probe(): { readonly limitMs: number; readonly stuck: string } | undefined;
}

type Probe = NonNullable<ReturnType<StuckWatch['probe']>>;

/** How often a running first call looks again whether a function it may call was found stuck meanwhile. */
const LOOK_AGAIN_MS = 100;

/**
 * Waits for a function's first call to end, like `sandbox.next(limit)`, but gives up as a probe would when a
 * function it may call is found stuck while it runs (in another lesson file graded beside it): `onProbe` is then
 * told which, and the event is silence.
 */
async function firstCallEnd(sandbox: Sandbox, limit: number, watch: StuckWatch, onProbe: (probe: Probe) => void): Promise<Event> {
  const started = Date.now();
  for (;;) {
    const probe = watch.probe();
    const waited = Date.now() - started;
    if (probe && waited >= probe.limitMs) {
      onProbe(probe);
      return { type: 'silent' };
    }
    const event = await sandbox.next(Math.max(0, Math.min(limit - waited, probe ? probe.limitMs - waited : LOOK_AGAIN_MS)));
    if (event.type !== 'silent' || Date.now() - started >= limit) return event;
  }
}

/** Reads the `nth` function run in this sandbox (1, 2 …), in the order the protocol fixes. */
async function runFunction(sandbox: Sandbox, job: FunctionJob, nth: number, file: FileTime, watch?: StuckWatch): Promise<Attempt> {
  const probe = watch?.probe();
  let lateProbe: Probe | undefined;
  const deadline = Math.min(Date.now() + job.functionTimeoutMs, file.deadline);
  const scope = deadline === file.deadline ? 'file' : 'function';
  const outcomes: CallOutcome[] = [];
  let returned = false;
  const finish = (extra: Partial<FunctionRun>, broken: boolean, hungInOwnCall: boolean): Attempt => ({
    run: { outcomes, output: sandbox.printed(nth), ...extra },
    broken,
    hungInOwnCall,
  });
  for (;;) {
    const probing = probe !== undefined && outcomes.length === 0;
    const callLimit = probing ? Math.min(probe.limitMs, job.callTimeoutMs) : (job.longerCalls?.get(outcomes.length) ?? job.callTimeoutMs);
    const limit = Math.min(callLimit, deadline - Date.now());
    const first = outcomes.length === 0 && !returned && !probing && watch;
    let event = first ? await firstCallEnd(sandbox, limit, watch, (found) => (lateProbe = found)) : await sandbox.next(limit);
    const probed = probing ? probe : lateProbe;
    if (event.type === 'call-end' && (returned || outcomes.length === job.calls.length)) event = outOfOrder('more results than calls');
    if (event.type === 'function-end' && outcomes.length < job.calls.length) event = outOfOrder('function-end before every call ended');
    if (event.type === 'settled' && !returned) event = outOfOrder('settled before function-end');
    if (event.type === 'loaded' || event.type === 'load-failed') event = outOfOrder(`${event.type} during a function`);
    switch (event.type) {
      case 'call-end':
        outcomes.push(sandbox.outcome(event.outcome));
        continue;
      case 'function-end':
        returned = true;
        continue;
      case 'settled':
        return finish({}, false, false);
      default:
        break;
    }
    // Silent past the call's limit, or past what was left of the function's (or the file's) own.
    const beyondCall = event.type === 'silent' && limit < callLimit;
    const limitMs = beyondCall ? (scope === 'file' ? file.limitMs : job.functionTimeoutMs) : callLimit;
    const reason = event.type === 'silent' ? `the sandbox stayed busy for more than ${limit} ms` : event.type === 'exit' || event.type === 'violation' ? event.reason : 'unexpected message';
    if (returned || outcomes.length === job.calls.length) {
      return finish({ aftermath: `every call returned, but code it left running (a timer or a promise) then broke the sandbox: ${reason}` }, true, false);
    }
    const stuck = event.type === 'silent' && !beyondCall && !probed;
    if (stuck) watch?.stuck(job.name);
    const timeout: CallOutcome = probed ? { kind: 'timeout', limitMs: probed.limitMs, after: probed.stuck } : { kind: 'timeout', limitMs, ...(beyondCall ? { scope } : {}) };
    outcomes.push(event.type === 'silent' ? timeout : { kind: 'crashed', reason });
    const notRun = `not run: an earlier call ${event.type === 'silent' ? 'did not finish' : 'ended the sandbox'}`;
    while (outcomes.length < job.calls.length) outcomes.push({ kind: 'not-run', reason: notRun });
    return { ...finish({}, true, event.type === 'silent'), ...(stuck ? { hang: 'stuck' } : event.type === 'silent' && probed ? { hang: 'probe' } : {}) };
  }
}

export async function runFile(bundle: LessonBundle, jobs: readonly FunctionJob[], options: IsolateOptions, watch?: StuckWatch): Promise<FileRun> {
  const file: FileTime = { deadline: Date.now() + options.fileTimeoutMs, limitMs: options.fileTimeoutMs };
  const functions: Record<string, FunctionRun> = {};
  const first = await start(bundle, jobs, options, file.deadline);
  if ('failure' in first) return { loadFailure: first.failure, exports: {}, loadOutput: first.output, functions };

  const runnable = jobs.filter((job) => first.exports[job.name] === 'function');
  let sandbox: Sandbox | undefined = first.sandbox;
  /** Functions the current sandbox ran before this one: what they left behind may still be running. */
  let ranBefore = 0;
  // A file loaded again must export the same functions: the harness skips any that is not one, and its
  // results would then be read as another's.
  const fresh = async (remaining: readonly FunctionJob[]) => {
    if (Date.now() >= file.deadline) return undefined;
    const started = await start(bundle, remaining, options, file.deadline);
    if ('failure' in started) return undefined;
    if (remaining.every((job) => started.exports[job.name] === 'function')) return started.sandbox;
    started.sandbox.kill();
    return undefined;
  };
  const notRun = (job: FunctionJob): FunctionRun => {
    const reason = Date.now() >= file.deadline ? `the lesson file used up its ${file.limitMs / 1000} s` : 'the file failed to load again, or exported something else the second time';
    return { outcomes: job.calls.map(() => ({ kind: 'not-run', reason })), output: '' };
  };
  /** A function in a sandbox of its own. */
  const alone = async (job: FunctionJob): Promise<FunctionRun> => {
    const own = await fresh([job]);
    if (!own) return notRun(job);
    const { run } = await timed('running cases', () => runFunction(own, job, 1, file, watch));
    own.kill();
    return run;
  };
  for (let i = 0; i < runnable.length; i++) {
    const job = runnable[i];
    if (!sandbox) {
      sandbox = await fresh(runnable.slice(i));
      ranBefore = 0;
    }
    if (!sandbox) {
      functions[job.name] = notRun(job);
      continue;
    }
    ranBefore++;
    const attempt = await timed('running cases', () => runFunction(sandbox!, job, ranBefore, file, watch));
    if (attempt.broken) {
      sandbox.kill();
      sandbox = undefined;
    }
    // Unless it hung in a call of its own (a call runs without a break), an earlier function may be to blame for
    // what went wrong: the grader runs it again, alone, if it does not pass.
    functions[job.name] = ranBefore > 1 && !attempt.hungInOwnCall ? { ...attempt.run, shared: true } : attempt.run;
    if (attempt.hang) {
      // The functions left may call the one that hangs too: each runs alone and all at once, so that together
      // they wait about one probe (or one limit), not the sum of theirs.
      const rest = runnable.slice(i + 1);
      const runs = await Promise.all(rest.map(alone));
      rest.forEach((next, k) => (functions[next.name] = runs[k]));
      break;
    }
  }
  sandbox?.kill();
  return { exports: first.exports, loadOutput: first.output, functions };
}
