// Runs one lesson file's functions in sandbox processes and reports what each call did. A call that hangs,
// exits the process or exhausts memory costs only its own function: the sandbox is replaced and the
// file's remaining functions run in a fresh one.
import { fork, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../curriculum/index.ts';
import type { Argument, CallOutcome, ThrownValue } from './types.ts';
import { OUTPUT_CAP_BYTES, type FromSandbox, type ToSandbox } from './sandbox/protocol.ts';

export interface IsolateOptions {
  /** The compiled sandbox harness (see sandbox/build.ts). */
  readonly sandboxEntry: string;
  /** Heap limit of a sandbox process: a runaway allocation ends there, not in the grader. */
  readonly memoryLimitMb: number;
  readonly loadTimeoutMs: number;
  readonly fileTimeoutMs: number;
}

/** Where the packages a submission may import (mathjs) are installed: readable from the sandbox. */
const INSTALLED_PACKAGES = realpathSync(join(ROOT, 'node_modules'));

/** Heap limit and load time limit of a sandbox unless a caller says otherwise. */
export const SANDBOX_DEFAULTS = { memoryLimitMb: 256, loadTimeoutMs: 5_000 } as const;

export interface FunctionJob {
  readonly name: string;
  readonly calls: readonly (readonly Argument[])[];
  readonly callTimeoutMs: number;
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
}

export interface FileRun {
  readonly loadFailure?: LoadFailure;
  /** Exported names and their `typeof`, as the module had them. */
  readonly exports: Readonly<Record<string, string>>;
  /** What the module printed while loading. */
  readonly loadOutput: string;
  readonly functions: Readonly<Record<string, FunctionRun>>;
}

type Event = FromSandbox | { readonly type: 'exit'; readonly reason: string } | { readonly type: 'silent' };

/** A capped text buffer: keeps the first `cap` bytes and counts what it dropped. */
class OutputBuffer {
  private text = '';
  private dropped = 0;
  add(chunk: string): void {
    const room = OUTPUT_CAP_BYTES - Buffer.byteLength(this.text);
    if (room <= 0) {
      this.dropped += Buffer.byteLength(chunk);
      return;
    }
    // Cut on a character boundary: a split multi-byte character decodes as U+FFFD, which is dropped.
    const kept = Buffer.from(chunk).subarray(0, room).toString().replace(/\uFFFD$/, '');
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

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  if (/heap out of memory|Allocation failed/i.test(stderr)) return 'ran out of memory (runaway allocation?)';
  if (signal) return `the sandbox process was killed by ${signal}`;
  return `the process exited with code ${code} (did the code call process.exit()?)`;
}

/** One sandbox process, read as a sequence of events with a watchdog on each wait. */
class Sandbox {
  private readonly child: ChildProcess;
  private readonly queue: Event[] = [];
  private waiting?: (event: Event) => void;
  private stderrTail = '';
  output: OutputBuffer;

  constructor(options: IsolateOptions, output: OutputBuffer) {
    this.output = output;
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // the grader may run under a loader (tsx) that the sandbox must not inherit
    this.child = fork(options.sandboxEntry, [], {
      // Node's permission model: the sandbox may read only its own folder (harness and bundles) and the
      // installed packages (mathjs); it may not write files, start processes or load native addons. So a
      // lesson's code can neither tamper with the grader, the reference or other lessons' results, nor read
      // other people's files (other students' submissions on an instructor's machine).
      execArgv: [
        `--max-old-space-size=${options.memoryLimitMb}`,
        '--experimental-permission',
        `--allow-fs-read=${dirname(realpathSync(options.sandboxEntry))}/*`,
        `--allow-fs-read=${INSTALLED_PACKAGES}/*`,
        '--no-addons',
        '--enable-source-maps',
        '--no-warnings',
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env,
    });
    // Output that bypasses console (fs.writeSync(1, …)) still lands in the same capped buffer.
    this.child.stdout?.on('data', (chunk: Buffer) => this.output.add(chunk.toString()));
    // Raw stderr is Node's own (an out-of-memory report, say): it explains a crash but is not the learner's output.
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4096);
    });
    this.child.on('message', (message: FromSandbox) => {
      if (message.type === 'output') this.output.add(message.text);
      else this.push(message);
    });
    this.child.on('exit', (code, signal) => this.push({ type: 'exit', reason: describeExit(code, signal, this.stderrTail) }));
    this.child.on('error', () => undefined); // a failed send shows up as the exit that follows
  }

  private push(event: Event): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(event);
    } else this.queue.push(event);
  }

  /** The next event, or `silent` when none comes within `timeoutMs`. */
  next(timeoutMs: number): Promise<Event> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve({ type: 'silent' });
      }, Math.max(0, timeoutMs));
      this.waiting = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
    });
  }

  send(message: ToSandbox): void {
    if (this.child.connected) this.child.send(message);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** Loads the file in a fresh sandbox; resolves to the sandbox, or to why the file would not load. */
async function start(
  url: string,
  options: IsolateOptions,
  output: OutputBuffer,
  deadline: number,
): Promise<{ sandbox: Sandbox; exports: Record<string, string> } | { failure: LoadFailure }> {
  const sandbox = new Sandbox(options, output);
  const limit = () => Math.min(options.loadTimeoutMs, deadline - Date.now());
  let event = await sandbox.next(limit());
  if (event.type === 'ready') {
    sandbox.send({ type: 'load', url });
    event = await sandbox.next(limit());
  }
  if (event.type === 'loaded') {
    output.addDropped(event.droppedOutputBytes);
    return { sandbox, exports: { ...event.exports } };
  }
  sandbox.kill();
  if (event.type === 'load-failed') return { failure: { kind: 'threw', thrown: event.thrown } };
  if (event.type === 'exit') return { failure: { kind: 'crashed', reason: event.reason } };
  return { failure: { kind: 'timeout', limitMs: options.loadTimeoutMs } };
}

/** Runs one function's calls; stops at the first call that hangs or ends the process. */
async function runFunction(sandbox: Sandbox, job: FunctionJob, deadline: number): Promise<{ outcomes: CallOutcome[]; aftermath?: string; broken: boolean }> {
  const outcomes: CallOutcome[] = [];
  sandbox.send({ type: 'run', fn: job.name, calls: job.calls });
  const skipRest = (reason: string) => {
    while (outcomes.length < job.calls.length) outcomes.push({ kind: 'skipped', reason });
  };
  let returned = false;
  for (;;) {
    const limit = Math.min(job.callTimeoutMs, deadline - Date.now());
    const event = await sandbox.next(limit);
    if (event.type === 'call-end') outcomes[event.index] = event.outcome;
    else if (event.type === 'run-end') {
      returned = true;
      sandbox.output.addDropped(event.droppedOutputBytes);
    }
    else if (event.type === 'settled') return { outcomes, broken: false };
    else if (event.type === 'exit' || event.type === 'silent') {
      const outOfFileTime = event.type === 'silent' && limit < job.callTimeoutMs;
      const limitMs = outOfFileTime ? limit : job.callTimeoutMs;
      if (returned) {
        const what = event.type === 'exit' ? event.reason : `the sandbox stayed busy for more than ${limitMs} ms`;
        return { outcomes, aftermath: `every call returned, but code it left running (a timer or a promise) then broke the sandbox: ${what}`, broken: true };
      }
      outcomes.push(event.type === 'exit' ? { kind: 'crashed', reason: event.reason } : { kind: 'timeout', limitMs });
      skipRest(`not run: an earlier call ${event.type === 'exit' ? 'ended the process' : 'did not finish'}`);
      return { outcomes, broken: true };
    }
  }
}

export async function runFile(url: string, jobs: readonly FunctionJob[], options: IsolateOptions): Promise<FileRun> {
  const deadline = Date.now() + options.fileTimeoutMs;
  const loadOutput = new OutputBuffer();
  const functions: Record<string, FunctionRun> = {};
  const first = await start(url, options, loadOutput, deadline);
  if ('failure' in first) return { loadFailure: first.failure, exports: {}, loadOutput: loadOutput.toString(), functions };

  let sandbox: Sandbox | undefined = first.sandbox;
  const runnable = jobs.filter((job) => first.exports[job.name] === 'function');
  for (const job of runnable) {
    const output = new OutputBuffer();
    if (!sandbox) {
      // The module prints the same at every load: what it printed the first time is already in loadOutput.
      const fresh = await start(url, options, new OutputBuffer(), deadline);
      if ('failure' in fresh) {
        const reason = Date.now() >= deadline ? `the lesson file used up its ${options.fileTimeoutMs} ms` : 'the file failed to load again';
        functions[job.name] = { outcomes: job.calls.map(() => ({ kind: 'skipped', reason })), output: output.toString() };
        continue;
      }
      sandbox = fresh.sandbox;
    }
    sandbox.output = output;
    const { outcomes, aftermath, broken } = await runFunction(sandbox, job, deadline);
    functions[job.name] = { outcomes, output: output.toString(), ...(aftermath ? { aftermath } : {}) };
    if (broken) {
      sandbox.kill();
      sandbox = undefined;
    }
  }
  sandbox?.kill();
  return { exports: first.exports, loadOutput: loadOutput.toString(), functions };
}
