// Inside the sandbox: reading the init message, and the only way out, authenticated frames on fd 3.
// Everything used here is captured when this module is evaluated, before any learner code exists.
import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { closeSync, readSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { KEY_BYTES, LENGTH_BYTES, MAC_BYTES, frameNumberBytes, type FromSandbox, type SandboxInit } from '../protocol.ts';

const RESULT_FD = 3;
const hmacPrototype = Object.getPrototypeOf(createHmac('sha256', 'x')) as { update: (data: Uint8Array) => unknown; digest: () => Buffer };
const { update, digest } = hmacPrototype;
const apply = Reflect.apply;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Waits briefly when a non-blocking descriptor has nothing to give or take yet. */
function retryLater(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  Atomics.wait(pause, 0, 0, 1);
}

function readExactly(length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    try {
      const read = readSync(0, buffer, filled, length - filled, null);
      if (read === 0) throw new Error('the grader closed the sandbox’s input before the init message was complete');
      filled += read;
    } catch (error) {
      retryLater(error);
    }
  }
  return buffer;
}

/**
 * Reads the key and the init message from stdin, then closes stdin. The key goes into a KeyObject and its
 * bytes are wiped: it never becomes a JavaScript string, so not even a heap snapshot would show it.
 */
export function readInit(): { key: KeyObject; init: SandboxInit } {
  const keyBytes = readExactly(KEY_BYTES);
  const key = createSecretKey(keyBytes);
  keyBytes.fill(0);
  const length = readExactly(LENGTH_BYTES).readUInt32LE(0);
  const init = deserialize(readExactly(length)) as SandboxInit;
  closeSync(0);
  return { key, init };
}

function writeAll(data: Uint8Array): void {
  let written = 0;
  while (written < data.length) {
    try {
      written += writeSync(RESULT_FD, data, written, data.length - written);
    } catch (error) {
      retryLater(error);
    }
  }
}

/** Sends messages to the grader, each in a frame with its number and MAC. */
export function createChannel(key: KeyObject): (message: FromSandbox) => void {
  let frame = 0;
  return (message) => {
    const payload = serialize(message);
    const mac = createHmac('sha256', key);
    apply(update, mac, [frameNumberBytes(frame++)]);
    apply(update, mac, [payload]);
    const header = Buffer.alloc(LENGTH_BYTES);
    header.writeUInt32LE(payload.length, 0);
    const signature = apply(digest, mac, []) as Buffer;
    if (signature.length !== MAC_BYTES) throw new Error('unexpected MAC length');
    writeAll(Buffer.concat([header, signature, payload]));
  };
}
