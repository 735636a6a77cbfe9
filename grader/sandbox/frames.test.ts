import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FrameReader } from './frames.ts';
import { LIMITS, frameNumberBytes } from './protocol.ts';

function frame(key: Buffer, number: number, message: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(message));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(payload.length);
  return Buffer.concat([head, createHmac('sha256', key).update(frameNumberBytes(number)).update(payload).digest(), payload]);
}

describe('FrameReader', () => {
  const key = randomBytes(32);

  it('reads signed frames in order, however the bytes are cut', () => {
    const reader = new FrameReader(key);
    const bytes = Buffer.concat([frame(key, 0, { a: 1 }), frame(key, 1, { b: 2 }), frame(key, 2, 'three')]);
    const payloads = [];
    for (let i = 0; i < bytes.length; i += 7) payloads.push(...reader.push(bytes.subarray(i, i + 7)));
    expect(payloads).toEqual([{ a: 1 }, { b: 2 }, 'three']);
  });

  it('refuses a frame signed with another key', () => {
    expect(() => new FrameReader(key).push(frame(randomBytes(32), 0, 'x'))).toThrow(/not signed with its key/);
  });

  it('refuses a replayed or reordered frame: the frame number is under the signature', () => {
    const reader = new FrameReader(key);
    const first = frame(key, 0, 'first');
    reader.push(first);
    expect(() => reader.push(first)).toThrow(/not signed with its key/);
    expect(() => new FrameReader(key).push(frame(key, 1, 'skipped one'))).toThrow(/not signed with its key/);
  });

  it('refuses a frame longer than allowed as soon as its length is read', () => {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(LIMITS.frameBytes + 1);
    expect(() => new FrameReader(key).push(head)).toThrow(/frame of \d+ bytes/);
  });

  it('refuses a signed frame that does not decode', () => {
    const payload = Buffer.from('{"type": "outp'); // JSON cut short
    const head = Buffer.alloc(4);
    head.writeUInt32LE(payload.length);
    const signed = Buffer.concat([head, createHmac('sha256', key).update(frameNumberBytes(0)).update(payload).digest(), payload]);
    expect(() => new FrameReader(key).push(signed)).toThrow(/does not decode/);
  });
});
