// Inside the sandbox: reading the init message, and the only way out, authenticated frames on fd 3. Nothing
// here touches an object learner code can reach or change: the MAC is computed by @noble/hashes (pure
// JavaScript over frozen built-ins, bundled into the harness, its classes out of reach) rather than by
// Node's crypto, whose JavaScript layer runs through shared prototypes (EventEmitter, KeyObject) that
// learner code could patch; the key is a private copy; each frame is built in fresh memory.
import { Buffer } from 'node:buffer';
import { closeSync, readSync, writeSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { KEY_BYTES, LENGTH_BYTES, MAC_BYTES, frameNumberBytes, type FromSandbox, type SandboxInit } from '../protocol.ts';

const RESULT_FD = 3;
const pause = new Int32Array(new SharedArrayBuffer(4));
const toJson = JSON.stringify;
const encoder = new TextEncoder();
const encode = TextEncoder.prototype.encode;
const apply = Reflect.apply;

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

/** Reads the key and the init message from stdin, then closes stdin. Runs before any learner code exists. */
export function readInit(): { key: Uint8Array; init: SandboxInit } {
  const received = readExactly(KEY_BYTES);
  const key = new Uint8Array(received);
  received.fill(0);
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
export function createChannel(key: Uint8Array): (message: FromSandbox) => void {
  let frame = 0;
  return (message) => {
    const payload = apply(encode, encoder, [toJson(message)]) as Uint8Array;
    const mac = hmac.create(sha256, key).update(frameNumberBytes(frame++)).update(payload).digest();
    if (mac.length !== MAC_BYTES) throw new Error('unexpected MAC length');
    const bytes = new Uint8Array(LENGTH_BYTES + MAC_BYTES + payload.length);
    new DataView(bytes.buffer).setUint32(0, payload.length, true);
    bytes.set(mac, LENGTH_BYTES);
    bytes.set(payload, LENGTH_BYTES + MAC_BYTES);
    writeAll(bytes);
  };
}
