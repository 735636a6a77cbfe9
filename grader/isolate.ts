// Step 2 of grading: runs a submission's lesson files in sandbox processes and establishes, in the trusted
// process, what each call did. The sandbox is hostile: it can only answer in signed, validated frames, and
// nothing it says can make a call count as run when it was not.
//
// As few processes as the isolation allows: one sandbox loads every lesson file in turn and runs their
// functions, and others start only when that one is no longer to be trusted or waited for. A call that hangs,
// exits the process, runs out of memory or breaks the protocol costs only its own function: the file's
// remaining functions and the files after it move to fresh sandboxes. A first call silent for long enough to
// suspect an infinite loop moves them at once, without waiting for its limit. A function run after any other
// learner code in the same sandbox is marked `shared`, so that the grader runs it again alone when it does not
// pass, and a file that fails to load after others is loaded again alone: what earlier code left behind is
// never charged to it.
import { availableParallelism } from 'node:os';
import type { LessonBundle } from './load.ts';
import { Sandbox, type Event, type SandboxOptions } from './sandbox/process.ts';
import type { SandboxUnit } from './sandbox/protocol.ts';
import { thrownFromWire } from './sandbox/validate.ts';
import { spanEnded, timed } from './timings.ts';
import type { Argument, CallOutcome, ThrownValue } from './types.ts';

export interface IsolateOptions extends SandboxOptions {
  readonly loadTimeoutMs: number;
  /**
   * For each lesson file: its loads, restarts and every function together. Each function has its own limit
   * too, so a slow one cannot take another's time; this one bounds how long any file can keep the grader.
   */
  readonly fileTimeoutMs: number;
  /** Sandboxes a submission's files are shared out among at first (default: one per core, up to two). */
  readonly sharedSandboxes?: number;
}

/** Limits of a sandbox unless a caller says otherwise. */
export const SANDBOX_DEFAULTS = { heapMb: 256, memoryMb: 512, cpuSeconds: 60, loadTimeoutMs: 5_000, fileTimeoutMs: 30_000 } as const;

export interface FunctionJob {
  readonly name: string;
  /** Each call's arguments, serialized (`serializedCalls` in sandbox/protocol.ts). */
  readonly calls: readonly Uint8Array[];
  /** Calls (by index) handed the previous call's very arrays, rewritten in place to their own numbers. */
  readonly reuse?: readonly number[];
  readonly callTimeoutMs: number;
  /** Longer limits for some calls (by index), the ones given far more numbers than the rest. */
  readonly longerCalls?: ReadonlyMap<number, number>;
  /** For all the calls together: each function has its own, so a slow one cannot use up another's time. */
  readonly functionTimeoutMs: number;
  /** The numbers in all its calls: what the work is shared out among sandboxes by. */
  readonly numbers?: number;
}

/** One lesson file to run: its bundle, the functions to call, and how it learns of stuck functions elsewhere. */
export interface FileJobs {
  readonly bundle: LessonBundle;
  readonly jobs: readonly FunctionJob[];
  readonly watch?: StuckWatch;
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
   * It ran after other learner code in the same sandbox, so what that code did (to shared state, or with code
   * left running) could touch it; not set when it hung in a call of its own, which nothing else can cause.
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

/** A function found hanging, or suspected of it, as a function that may call it learns of it. */
export interface Probe {
  /** How long that function's first call may take before it counts as stuck behind the hanging one. */
  readonly limitMs: number;
  /** The hanging function, as the report names it: `dot (02-dot-product/exercise.ts)`. */
  readonly stuck: string;
  /** Whether it did hang for good (true), or returned in the end (false): then a probe told nothing. */
  readonly fate: Promise<boolean>;
}

/** A function whose call has been silent so long that an infinite loop is suspected, until the call ends. */
export interface Hang {
  stuck(): void;
  /** The call ended otherwise: it returned, threw or crashed. */
  cleared(): void;
}

/**
 * Where a function of the submission was found to hang, so that the functions that may call it do not each wait
 * a whole call limit: grade.ts keeps one for the submission, and each lesson file asks it before a function runs.
 */
export interface StuckWatch {
  /** A call of this file's function `name` is silent past SUSPECT_MS, or past its limit. */
  hanging(name: string): Hang;
  /** Asked as this file's function `name` starts, and while its first call runs: its probe, when one it may call hangs. */
  probe(name: string): Probe | undefined;
}

/**
 * Silence in a first call (the four Bugs documents, which any of these functions answers in microseconds) for
 * this long makes an infinite loop likely: what would run after it in its sandbox moves to others at once.
 */
export const SUSPECT_MS = 500;

/** How often a running first call looks again whether a function it may call was found hanging meanwhile. */
const LOOK_AGAIN_MS = 100;

const outOfOrder = (what: string) => ({ type: 'violation', reason: `the sandbox broke the grader's protocol (${what})` }) as const;

/** When the lesson file's time ends, and how long it was. */
interface FileTime {
  readonly deadline: number;
  readonly limitMs: number;
}

type Loaded = { readonly exports: Record<string, string>; readonly output: string } | { readonly failure: LoadFailure; readonly output: string; readonly usable: boolean };

/**
 * Waits for `sandbox` to load the next lesson file. A load still silent after SUSPECT_MS (a top-level loop?)
 * calls `onSuspect`, so that the files after it need not wait for its limit.
 */
async function load(sandbox: Sandbox, unit: FileJobs, options: IsolateOptions, file: FileTime, onSuspect: () => void): Promise<Loaded> {
  const began = performance.now();
  const segment = sandbox.claimSegment();
  const limit = Math.min(options.loadTimeoutMs, file.deadline - Date.now());
  let event = await sandbox.next(Math.min(limit, SUSPECT_MS));
  if (event.type === 'silent' && limit > SUSPECT_MS) {
    onSuspect();
    event = await sandbox.next(limit - SUSPECT_MS);
  }
  spanEnded('sandbox start', began);
  if (event.type === 'loaded' && Object.keys(event.exports).sort().join() !== unit.jobs.map((job) => job.name).sort().join()) {
    event = outOfOrder('it described exports that were not asked about');
  }
  const output = sandbox.printed(segment);
  if (event.type === 'loaded') return { exports: { ...event.exports }, output };
  if (event.type === 'load-failed') return { failure: { kind: 'threw', thrown: thrownFromWire(event.thrown, unit.bundle.where) }, output, usable: true };
  sandbox.kill();
  if (event.type === 'silent') return { failure: { kind: 'timeout', limitMs: limit }, output, usable: false };
  const reason = event.type === 'exit' || event.type === 'violation' ? event.reason : outOfOrder(`${event.type} before loaded`).reason;
  return { failure: { kind: 'crashed', reason }, output, usable: false };
}

interface Attempt {
  readonly run: FunctionRun;
  /** The sandbox can no longer be used. */
  readonly broken: boolean;
  /** One of its own calls ran past its time limit: a call runs without a break, so nothing else can be to blame. */
  readonly hungInOwnCall: boolean;
  /**
   * `stuck`: that call ran past its own limit (not the function's or the file's): an infinite loop, most likely.
   * `probe`: it ran past a probe's, given because a function it may call hangs: `probed`.
   */
  readonly hang?: 'stuck' | 'probe';
  readonly probed?: Probe;
}

/**
 * Waits for a function's first call to end, like `sandbox.next(limit)`, but gives up as a probe would when a
 * function it may call is found hanging while it runs (in another lesson file graded beside it): `onProbe` is
 * then told which, and the event is silence. Silence past SUSPECT_MS calls `onSuspect` once.
 */
async function firstCallEnd(sandbox: Sandbox, name: string, limit: number, watch: StuckWatch | undefined, onProbe: (probe: Probe) => void, onSuspect: () => void): Promise<Event> {
  const started = Date.now();
  let suspected = false;
  for (;;) {
    const probe = watch?.probe(name);
    const waited = Date.now() - started;
    if (probe && waited >= probe.limitMs) {
      onProbe(probe);
      return { type: 'silent' };
    }
    if (!suspected && waited >= SUSPECT_MS) {
      suspected = true;
      onSuspect();
    }
    const event = await sandbox.next(Math.max(0, Math.min(limit - waited, probe ? probe.limitMs - waited : LOOK_AGAIN_MS, LOOK_AGAIN_MS)));
    if (event.type !== 'silent' || Date.now() - started >= limit) return event;
  }
}

/** Reads one function's run from `sandbox`, its output from `segment`, in the order the protocol fixes. */
async function runFunction(sandbox: Sandbox, job: FunctionJob, segment: number, file: FileTime, unit: FileJobs, onSuspect: () => void): Promise<Attempt> {
  const { watch } = unit;
  const probe = watch?.probe(job.name);
  let lateProbe: Probe | undefined;
  let hang: Hang | undefined;
  const deadline = Math.min(Date.now() + job.functionTimeoutMs, file.deadline);
  const scope = deadline === file.deadline ? 'file' : 'function';
  const outcomes: CallOutcome[] = [];
  let returned = false;
  const finish = (extra: Partial<FunctionRun>, broken: boolean, hungInOwnCall: boolean): Attempt => {
    hang?.cleared();
    return { run: { outcomes, output: sandbox.printed(segment), ...extra }, broken, hungInOwnCall };
  };
  for (;;) {
    const probing = probe !== undefined && outcomes.length === 0;
    const callLimit = probing ? Math.min(probe.limitMs, job.callTimeoutMs) : (job.longerCalls?.get(outcomes.length) ?? job.callTimeoutMs);
    const limit = Math.min(callLimit, deadline - Date.now());
    const suspect = () => {
      hang ??= watch?.hanging(job.name);
      onSuspect();
    };
    const first = outcomes.length === 0 && !returned && !probing;
    let event = first ? await firstCallEnd(sandbox, job.name, limit, watch, (found) => (lateProbe = found), suspect) : await sandbox.next(limit);
    const probed = probing ? probe : lateProbe;
    if (event.type === 'call-end' && (returned || outcomes.length === job.calls.length)) event = outOfOrder('more results than calls');
    if (event.type === 'function-end' && outcomes.length < job.calls.length) event = outOfOrder('function-end before every call ended');
    if (event.type === 'settled' && !returned) event = outOfOrder('settled before function-end');
    if (event.type === 'loaded' || event.type === 'load-failed') event = outOfOrder(`${event.type} during a function`);
    switch (event.type) {
      case 'call-end':
        outcomes.push(sandbox.outcome(event.outcome, unit.bundle.where));
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
    if (stuck) {
      (hang ?? watch?.hanging(job.name))?.stuck();
      hang = undefined;
    }
    const timeout: CallOutcome = probed ? { kind: 'timeout', limitMs: probed.limitMs, after: probed.stuck } : { kind: 'timeout', limitMs, ...(beyondCall ? { scope } : {}) };
    outcomes.push(event.type === 'silent' ? timeout : { kind: 'crashed', reason });
    const notRun = `not run: an earlier call ${event.type === 'silent' ? 'did not finish' : 'ended the sandbox'}`;
    while (outcomes.length < job.calls.length) outcomes.push({ kind: 'not-run', reason: notRun });
    const hangKind = stuck ? { hang: 'stuck' as const } : event.type === 'silent' && probed ? { hang: 'probe' as const, probed } : {};
    return { ...finish({}, true, event.type === 'silent'), ...hangKind };
  }
}

/** A promise settled later, from outside; settling it again changes nothing. */
function later<T>(): { promise: Promise<T>; settle: (value: () => T | Promise<T>) => void } {
  let resolve!: (value: T | Promise<T>) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  let settled = false;
  return {
    promise,
    settle: (value) => {
      if (settled) return;
      settled = true;
      resolve(value());
    },
  };
}

/** How the sandbox finished with one lesson file. */
interface UnitEnd {
  /** The sandbox may go on to the next file. */
  readonly usable: boolean;
  /** The file's run: it may still be finishing in sandboxes of its own. */
  readonly run: Promise<FileRun>;
}

/** How a lesson file is run in a sandbox. */
interface UnitRun {
  /** Learner code of other files ran in this sandbox before. */
  readonly others: boolean;
  /** Called when what comes after this file in the sandbox should not wait for it. */
  readonly moveOn: () => void;
  /** The file's time, when it began in an earlier sandbox. */
  readonly time?: FileTime;
  /** Loaded again: unless every job is an exported function, as the first time, none runs. */
  readonly again?: boolean;
}

/** Runs one lesson file in `sandbox`, which is about to load it. */
async function runUnit(sandbox: Sandbox, unit: FileJobs, options: IsolateOptions, { others, moveOn, time, again = false }: UnitRun): Promise<UnitEnd> {
  const file: FileTime = time ?? { deadline: Date.now() + options.fileTimeoutMs, limitMs: options.fileTimeoutMs };
  const loaded = await load(sandbox, unit, options, file, moveOn);
  if ('failure' in loaded) {
    // Code left running by the files before may be what broke it: it is loaded again in a sandbox of its own.
    const run = others ? runAlone(unit, options) : Promise.resolve({ loadFailure: loaded.failure, exports: {}, loadOutput: loaded.output, functions: {} });
    return { usable: loaded.usable, run };
  }
  const functions: Record<string, FunctionRun> = {};
  const ended = (rest: Promise<unknown> = Promise.resolve()) => rest.then(() => ({ exports: loaded.exports, loadOutput: loaded.output, functions }));
  const runnable = unit.jobs.filter((job) => loaded.exports[job.name] === 'function');
  if (again && runnable.length < unit.jobs.length) return { usable: true, run: ended() };
  for (let i = 0; i < runnable.length; i++) {
    const job = runnable[i];
    const after = runnable.slice(i + 1);
    // The functions after this one, each alone and all at once: so that together they wait about one probe (or one
    // limit) if they call the one that hangs, not the sum of theirs.
    let apart: Promise<void> | undefined;
    const eachAlone = () => {
      if (apart) return apart;
      apart = Promise.all(after.map((next) => alone(unit, next, options, file))).then((runs) => after.forEach((next, k) => (functions[next.name] = runs[k])));
      // Awaited once this function's run ends, which may be seconds from now: a failure must not count as unhandled meanwhile.
      apart.catch(() => undefined);
      return apart;
    };
    const suspect = () => {
      moveOn();
      void eachAlone();
    };
    const attempt = await timed('running cases', () => runFunction(sandbox, job, sandbox.claimSegment(), file, unit, suspect));
    const shared = (others || i > 0) && !attempt.hungInOwnCall;
    functions[job.name] = shared ? { ...attempt.run, shared: true } : attempt.run;
    // A probe told nothing if the function it blamed returned in the end: this one runs again, alone.
    const rerun = attempt.probed?.fate.then(async (stuck) => {
      if (!stuck) functions[job.name] = await alone(unit, job, options, file);
    });
    if (apart || attempt.hang) {
      sandbox.kill();
      moveOn();
      return { usable: false, run: ended(Promise.all([eachAlone(), rerun])) };
    }
    if (attempt.broken) {
      moveOn();
      // The rest in one fresh sandbox, which must find the same functions: its results would be read as theirs.
      return { usable: false, run: ended(Promise.all([rerun, after.length ? restInFresh(unit, after, options, file, functions) : undefined])) };
    }
  }
  return { usable: true, run: ended() };
}

/**
 * `jobs` of a lesson file, in a fresh sandbox, into `functions`. A file loaded again must export the same
 * functions: the harness skips any that is not one, and its results would then be read as another's. When it
 * does not, the first job is not run, and the others try a sandbox of their own again.
 */
async function restInFresh(unit: FileJobs, jobs: readonly FunctionJob[], options: IsolateOptions, file: FileTime, functions: Record<string, FunctionRun>): Promise<void> {
  const notRun = (job: FunctionJob, reason: string) => (functions[job.name] = { outcomes: job.calls.map(() => ({ kind: 'not-run', reason })), output: '' });
  const timeUsed = `the lesson file used up its ${file.limitMs / 1000} s`;
  if (Date.now() >= file.deadline) {
    jobs.forEach((job) => notRun(job, timeUsed));
    return;
  }
  const rest: FileJobs = { ...unit, jobs };
  const sandbox = await Sandbox.start([sandboxUnit(rest)], options);
  const end = await runUnit(sandbox, rest, options, { others: false, moveOn: () => undefined, time: file, again: true });
  sandbox.kill();
  const run = await end.run;
  if (!run.loadFailure && jobs.every((job) => run.exports[job.name] === 'function')) {
    Object.assign(functions, run.functions);
    return;
  }
  const [first, ...others] = jobs;
  notRun(first, Date.now() >= file.deadline ? timeUsed : 'the file failed to load again, or exported something else the second time');
  if (others.length) await restInFresh(unit, others, options, file, functions);
}

/** One function of a lesson file in a sandbox of its own. */
async function alone(unit: FileJobs, job: FunctionJob, options: IsolateOptions, file: FileTime): Promise<FunctionRun> {
  const functions: Record<string, FunctionRun> = {};
  await restInFresh(unit, [job], options, file, functions);
  return functions[job.name];
}

/** The lesson file as the harness takes it. */
const sandboxUnit = ({ bundle, jobs }: FileJobs): SandboxUnit => ({
  bundle: bundle.code,
  usesMathjs: bundle.usesMathjs,
  jobs: jobs.map(({ name, calls, reuse }) => ({ name, calls, ...(reuse?.length ? { reuse } : {}) })),
});

/** A lesson file loaded and run in a sandbox of its own. */
function runAlone(unit: FileJobs, options: IsolateOptions): Promise<FileRun> {
  return runFiles([unit], options)[0];
}

/** A file waiting for its run, and how to give it. */
interface Queued {
  readonly unit: FileJobs;
  readonly settle: (run: () => Promise<FileRun>) => void;
}

/** Runs the queued files in one sandbox, while it lasts; what is left when it cannot go on moves to another. */
async function runTogether(queue: readonly Queued[], options: IsolateOptions): Promise<void> {
  // A file with a probe waiting for it (a function it may call hangs) gets a sandbox of its own: its first
  // function is likely to wait out a probe, and the files after it need not wait in turn.
  const apart = queue.length > 1 ? queue.filter(({ unit }) => unit.jobs.length > 0 && unit.watch?.probe(unit.jobs[0].name)) : [];
  const together = queue.filter((queued) => !apart.includes(queued));
  for (const queued of apart) void runQueued([queued], options);
  if (together.length === 0) return;
  const sandbox = await Sandbox.start(together.map(({ unit }) => sandboxUnit(unit)), options);
  for (let k = 0; k < together.length; k++) {
    let movedOn = false;
    const moveOn = () => {
      if (movedOn) return;
      movedOn = true;
      void runQueued(together.slice(k + 1), options);
    };
    const end = await runUnit(sandbox, together[k].unit, options, { others: k > 0, moveOn });
    together[k].settle(() => end.run);
    if (movedOn || !end.usable) {
      sandbox.kill();
      moveOn();
      return;
    }
  }
  sandbox.kill();
}

/** `runTogether`, whose failure (the grader's own, never the learner's) becomes the queued files' failure. */
async function runQueued(queue: readonly Queued[], options: IsolateOptions): Promise<void> {
  if (queue.length === 0) return;
  try {
    await runTogether(queue, options);
  } catch (error) {
    for (const { settle } of queue) settle(() => Promise.reject(error));
  }
}

/** Sandboxes that share a submission's files at first: one per core, up to two (the grader needs a core too). */
const SHARED_SANDBOXES = Math.max(1, Math.min(2, availableParallelism()));

/** The files shared out among `count` sandboxes, the heaviest first to the least loaded, each kept in order. */
function shareOut<T extends { readonly unit: FileJobs }>(queue: readonly T[], count: number): T[][] {
  const weight = ({ unit }: T) => unit.jobs.reduce((sum, job) => sum + (job.numbers ?? 0) + job.calls.length, 0);
  const loads = Array.from({ length: Math.min(count, queue.length) }, () => ({ weight: 0, items: [] as T[] }));
  for (const item of [...queue].sort((a, b) => weight(b) - weight(a))) {
    const lightest = loads.reduce((least, load) => (load.weight < least.weight ? load : least));
    lightest.weight += weight(item);
    lightest.items.push(item);
  }
  return loads.map(({ items }) => items.sort((a, b) => queue.indexOf(a) - queue.indexOf(b)));
}

/**
 * Starts now the sandboxes that `runFiles` will take for `files` lesson files (see `Sandbox.startAhead`);
 * returns what ends those of them nothing took.
 */
export function startSandboxesAhead(options: IsolateOptions, files: number): () => void {
  return Sandbox.startAhead(options, Math.min(files, options.sharedSandboxes ?? SHARED_SANDBOXES));
}

/**
 * Runs lesson files' jobs, in as few sandboxes as the isolation allows: each file's run as soon as it is known.
 * A file that is given its run twice keeps the first (settling twice changes nothing).
 */
export function runFiles(units: readonly FileJobs[], options: IsolateOptions): Promise<FileRun>[] {
  const runs = units.map(() => later<FileRun>());
  const queue = units.map((unit, i) => ({ unit, settle: runs[i].settle }));
  for (const group of shareOut(queue, options.sharedSandboxes ?? SHARED_SANDBOXES)) void runQueued(group, options);
  return runs.map(({ promise }) => promise);
}

/** One lesson file's jobs, in a sandbox of its own. */
export function runFile(bundle: LessonBundle, jobs: readonly FunctionJob[], options: IsolateOptions, watch?: StuckWatch): Promise<FileRun> {
  return runAlone({ bundle, jobs, ...(watch ? { watch } : {}) }, options);
}
