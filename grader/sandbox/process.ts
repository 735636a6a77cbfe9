// One sandbox process, from the grader's side: started with its whole job (the lesson files to load, the
// functions to call), then read as a sequence of validated events, with a watchdog on each wait. Nothing it
// sends is trusted: frames must carry the per-sandbox key's MAC and pass the schema (validate.ts), and its
// output is capped and cut where the protocol says.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { serialize } from 'node:v8';
import type { LessonBundle } from '../load.ts';
import { onCleanup } from '../cleanup.ts';
import type { CallOutcome } from '../types.ts';
import { harnessSource } from './build.ts';
import { fairTimeout } from '../fair-timeout.ts';
import { FrameReader } from './frames.ts';
import { sandboxLauncher, type SandboxLimits } from './launch.ts';
import { mathjsBundle } from './mathjs.ts';
import { KEY_BYTES, LENGTH_BYTES, LIMITS, type FromSandbox, type SandboxInit, type SandboxUnit, type WireOutcome } from './protocol.ts';
import { RunBudget, Violation, fromWire, thrownFromWire, validateMessage } from './validate.ts';

export interface SandboxOptions extends SandboxLimits {
  /** Another harness in place of the real one: tests use harnesses that break the protocol on purpose. */
  readonly harness?: string;
}

/** Sandboxes started ahead: each fits the options it was started with (the same limits and harness). */
const spares: { readonly fits: string; readonly sandbox: Promise<Sandbox> }[] = [];
const fitOf = ({ heapMb, memoryMb, cpuSeconds, harness }: SandboxOptions) => JSON.stringify([heapMb, memoryMb, cpuSeconds, harness]);

export type Event =
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

/** One sandbox process, read as a sequence of validated events with a watchdog on each wait. */
export class Sandbox {
  private readonly queue: Event[] = [];
  private waiting?: (event: Event) => void;
  private stderrTail = '';
  private broken = false;
  private readonly unregister: () => void;
  /**
   * What was printed, cut where the protocol cuts it: one segment while each lesson file loads, then one per
   * function run. Cut as frames are read, in their order, so a print is never charged to the wrong function.
   */
  private readonly outputs = [new OutputBuffer()];
  /** Segments handed to readers so far: they are read in the order the protocol fixes. */
  private claimed = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: Buffer,
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
          if (message.type === 'loaded' || message.type === 'load-failed' || message.type === 'settled') {
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

  /** A sandbox process, waiting for its job (`begin`). */
  private static async spawn(options: SandboxOptions): Promise<Sandbox> {
    const [launcher, harness] = await Promise.all([sandboxLauncher(), options.harness ?? harnessSource()]);
    const { file, args } = launcher.command(harness, options);
    const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], env: {}, cwd: '/' });
    child.stdin!.on('error', () => undefined); // a sandbox that dies early shows up as its exit
    return new Sandbox(child, randomBytes(KEY_BYTES), launcher.layers.some((layer) => layer.id === 'pid-namespace' && layer.active));
  }

  /** Hands the sandbox its key and its whole job, and closes its input before any learner code exists. */
  private async begin(units: readonly SandboxUnit[]): Promise<void> {
    const mathjs = units.some((unit) => unit.usesMathjs) ? await mathjsBundle() : undefined;
    const init: SandboxInit = { units, ...(mathjs ? { mathjs: mathjs.source } : {}) };
    const payload = serialize(init);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(payload.length, 0);
    // Three writes, not one concatenated copy of a payload of megabytes.
    this.child.stdin!.write(this.key);
    this.child.stdin!.write(length);
    this.child.stdin!.end(payload);
  }

  /** A sandbox that will load `units` one after the other and run their jobs: one started ahead, if it fits. */
  static async start(units: readonly SandboxUnit[], options: SandboxOptions): Promise<Sandbox> {
    const ahead = spares.findIndex((spare) => spare.fits === fitOf(options));
    const sandbox = await (ahead >= 0 ? spares.splice(ahead, 1)[0].sandbox : Sandbox.spawn(options));
    await sandbox.begin(units);
    return sandbox;
  }

  /**
   * Makes `count` sandboxes ready now, for `start` to take: a process starts (Node, the harness, the lockdown)
   * while the grader bundles the lesson files and draws their cases. Those already waiting count (the watch mode
   * keeps some ready between grades). Returns what ends the ones started here, if nothing took them.
   */
  static startAhead(options: SandboxOptions, count: number): () => void {
    const started: Promise<Sandbox>[] = [];
    const waiting = spares.filter((spare) => spare.fits === fitOf(options)).length;
    for (let i = waiting; i < count; i++) {
      const sandbox = Sandbox.spawn(options);
      sandbox.catch(() => undefined); // told to whoever takes it; one nobody takes failed unseen
      spares.push({ fits: fitOf(options), sandbox });
      started.push(sandbox);
    }
    return () => {
      for (const sandbox of started) {
        const at = spares.findIndex((spare) => spare.sandbox === sandbox);
        if (at >= 0) void spares.splice(at, 1)[0].sandbox.then((unused) => unused.kill());
      }
    };
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
      const deliver = (event: Event) => {
        cancel();
        this.waiting = undefined;
        resolve(event);
      };
      const cancel = fairTimeout(timeoutMs, () => deliver({ type: 'silent' }));
      this.waiting = deliver;
    });
  }


  /** A wire outcome as the grader's own, with thrown locations mapped back to the learner's files by `where`. */
  outcome(wire: WireOutcome, where: LessonBundle['where']): CallOutcome {
    if (wire.kind === 'unsendable') return wire;
    const evidence = {
      ...(wire.modified ? { modified: { index: wire.modified.index, after: fromWire(wire.modified.after) } } : {}),
      ...(wire.distanceCalls ? { distanceCalls: wire.distanceCalls } : {}),
    };
    if (wire.kind === 'returned') return { kind: 'returned', value: fromWire(wire.value), ...(wire.shared ? { shared: wire.shared } : {}), ...evidence };
    return { kind: 'threw', thrown: thrownFromWire(wire.thrown, where), ...evidence };
  }

  /** The next segment of output, for the next lesson file to load or function to run: read it with `printed`. */
  claimSegment(): number {
    return this.claimed++;
  }

  printed(segment: number): string {
    return this.outputs[segment]?.toString() ?? '';
  }

  kill(): void {
    this.child.kill('SIGKILL');
    this.unregister();
  }
}

