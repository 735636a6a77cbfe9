// Inside the sandbox, before any learner code: takes away everything JavaScript could use to reach past the
// process. The lesson bundle imports Node's built-in modules as stubs (see load.ts); this closes the ways
// around that at run time. The OS layers (launch.ts) and Node's permission model stand behind it, so each
// gap here would still meet another wall.
import { builtinModules } from 'node:module';
import { Server, Socket } from 'node:net';
import { Socket as DatagramSocket } from 'node:dgram';
import { types } from 'node:util';
import { ALLOWED_BUILTINS } from '../protocol.ts';

export const UNAVAILABLE =
  'is not available while grading: the grader runs your lesson file with no access to files, the network or other processes. ' +
  'To experiment with those, use a scratch file such as playground.ts (npx tsx playground.ts).';

/** Replaces a property for good; throws (and so stops the sandbox) rather than leave it in place. */
const lock = (target: object, key: PropertyKey, value: unknown, enumerable = false) =>
  Object.defineProperty(target, key, { value, writable: false, configurable: false, enumerable });

/** A function that throws, called or constructed (`new net.Socket()` must say why too). */
function refuse(what: string): () => never {
  return function refused() {
    throw new Error(`${what} ${UNAVAILABLE}`);
  };
}

/**
 * A stand-in for a built-in module: it has the real module's names, so any import of it works, but every
 * one of them throws, saying why, as soon as it is used. The real module is only looked at for its names.
 */
function stubModule(name: string, real: unknown): object {
  const refusal = (key: string) => refuse(`node:${name} (${key})`);
  const names = typeof real === 'object' && real !== null ? Object.keys(real) : [];
  const stub: Record<string, unknown> = Object.fromEntries(names.map((key) => [key, refusal(key)]));
  return new Proxy(stub, { get: (target, key) => (typeof key === 'string' ? (target[key] ?? refusal(key)) : undefined) });
}

const { isUint8Array, isProxy } = types;
const decoder = new TextDecoder();
const decode = TextDecoder.prototype.decode;

/**
 * What console and process.stdout/stderr write into: a frozen object with its own methods, sharing no
 * prototype (not EventEmitter's) that one function could patch to break another's console.log. It has what
 * console uses of a stream and says it is no terminal.
 */
function captureStream(emitText: (text: string) => void): object {
  const self = (): object => stream;
  const stream = Object.freeze({
    isTTY: false,
    writable: true,
    write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      if (typeof chunk === 'string') emitText(chunk);
      else if (isUint8Array(chunk) && !isProxy(chunk)) emitText(Reflect.apply(decode, decoder, [chunk]) as string);
      const done = typeof encoding === 'function' ? encoding : callback;
      // Written already: the callback hears of no error (console's handler reads `null` as "none").
      if (typeof done === 'function') queueMicrotask(() => Reflect.apply(done, undefined, [null]));
      return true;
    },
    end: self,
    on: self,
    once: self,
    off: self,
    removeListener: self,
    listenerCount: () => 0,
    emit: () => false,
    hasColors: () => false,
    getColorDepth: () => 1,
  });
  return stream;
}

/** Empties `process` of the ways out: other processes, native bindings, handles, reports, stdin. */
function lockProcess(emitText: (text: string) => void): void {
  const out = captureStream(emitText);
  lock(process, 'stdout', out);
  lock(process, 'stderr', out);
  lock(process, 'stdin', Object.freeze({ isTTY: false, read: () => null, on: () => undefined, once: () => undefined }));
  // No name of the learner's choosing in the host's process list; no task queue swapped under the next function.
  lock(process, 'title', process.title);
  lock(process, 'nextTick', process.nextTick);
  lock(process, '_rawDebug', (...args: unknown[]) => emitText(`${args.map((arg) => (typeof arg === 'string' ? arg : typeof arg)).join(' ')}\n`));
  // The pid is taken now: learner code could later put a fake `process` wherever it can. No signal may be sent,
  // not even to itself (an abort is how V8 ends a process out of memory, and the grader reads it so); only
  // signal 0, which sends nothing, is answered. Both are compared strictly, before any conversion can run.
  const ownPid = process.pid;
  const ownKill = process.kill.bind(process);
  const rawKill = (process as unknown as { _kill: (pid: number, signal: number) => number })._kill;
  const allowed = (pid: unknown, signal: unknown) => {
    if (pid !== ownPid) throw new Error(`signalling process ${typeof pid === 'number' ? pid : 'another process'} ${UNAVAILABLE}`);
    if (signal !== 0) throw new Error(`sending a signal ${UNAVAILABLE}`);
  };
  lock(process, 'kill', (pid: number, signal?: string | number) => {
    allowed(pid, signal);
    return ownKill(pid, 0);
  });
  lock(process, '_kill', (pid: number, signal: number) => {
    allowed(pid, signal);
    return Reflect.apply(rawKill, process, [ownPid, 0]);
  });
  // (Not chdir or setUncaughtExceptionCaptureCallback: Node's own modules replace those when they load, and
  // neither reaches past the process.)
  for (const name of ['abort', 'binding', '_linkedBinding', 'dlopen', 'openStdin', 'loadEnvFile', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', '_debugProcess', '_debugEnd', '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier', 'setSourceMapsEnabled']) {
    lock(process, name, refuse(`process.${name}()`));
  }
  lock(process, '_getActiveHandles', () => []);
  lock(process, '_getActiveRequests', () => []);
  lock(process, 'report', Object.freeze({ getReport: refuse('process.report'), writeReport: refuse('process.report') }));
  lock(process, 'emitWarning', () => undefined);
  const builtin = process.getBuiltinModule.bind(process);
  const stubs = new Map<string, object>();
  lock(process, 'getBuiltinModule', (id: unknown) => {
    const name = typeof id === 'string' ? id.replace(/^node:/, '') : '';
    if (ALLOWED_BUILTINS.has(name)) return builtin(name);
    let real: unknown;
    try {
      real = builtin(name);
    } catch {
      // one the permission model will not even load
    }
    if (!stubs.has(name)) stubs.set(name, stubModule(name, real));
    return stubs.get(name);
  });
}

/** Sockets of every kind refuse to connect, listen or send, whoever got hold of one. */
function lockSockets(): void {
  lock(Socket.prototype, 'connect', refuse('network access (net.Socket.connect)'));
  lock(Server.prototype, 'listen', refuse('network access (net.Server.listen)'));
  for (const method of ['bind', 'connect', 'send']) lock(DatagramSocket.prototype, method, refuse(`network access (dgram.Socket.${method})`));
}

/** Built-in module names that are also globals in every module, and stay. */
const ORDINARY_GLOBALS = new Set(['console', 'crypto', 'process']);

/**
 * `node -e` puts every built-in module on the global object (globalThis.fs, globalThis.net …): those go.
 * The network APIs of the web platform go too. Every remaining global binding is made read-only, so one
 * function cannot swap Math or console under the functions graded after it.
 */
function lockGlobals(): void {
  for (const name of builtinModules) if (!ORDINARY_GLOBALS.has(name)) Reflect.deleteProperty(globalThis, name);
  for (const name of ['fetch', 'WebSocket', 'EventSource']) lock(globalThis, name, refuse(name));
  // process and Buffer are accessors: they become fixed values too.
  lock(globalThis, 'process', process);
  lock(globalThis, 'Buffer', Buffer);
  for (const key of Reflect.ownKeys(globalThis)) {
    const slot = Reflect.getOwnPropertyDescriptor(globalThis, key);
    if (slot && 'value' in slot && slot.configurable) lock(globalThis, key, slot.value, slot.enumerable);
  }
  Object.freeze(Buffer);
  Object.freeze(Buffer.prototype);
}

export function lockdown(emitText: (text: string) => void): void {
  lockProcess(emitText);
  lockSockets();
  lockGlobals();
}
