// In the trusted grader: cuts the bytes a sandbox writes on fd 3 into frames and checks each one's MAC
// before anything else looks at it. A frame that is too long, out of order, replayed or forged ends the
// conversation: the sandbox is treated as broken.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LENGTH_BYTES, LIMITS, MAC_BYTES, frameNumberBytes } from './protocol.ts';
import { Violation } from './validate.ts';

export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private frame = 0;

  constructor(private readonly key: Buffer) {}

  /** Adds bytes; returns the payloads of the frames they complete, parsed but not yet validated. */
  push(chunk: Buffer): unknown[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const payloads: unknown[] = [];
    while (this.pendingBytes >= LENGTH_BYTES) {
      const length = Buffer.concat(this.pending, LENGTH_BYTES).readUInt32LE(0);
      if (length > LIMITS.frameBytes) throw new Violation(`the sandbox sent a frame of ${length} bytes, over the ${LIMITS.frameBytes} allowed`);
      const size = LENGTH_BYTES + MAC_BYTES + length;
      // Bytes are joined only once a whole frame is there, so a large frame costs one copy, not one per chunk.
      if (this.pendingBytes < size) break;
      const joined = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = joined.length > size ? [joined.subarray(size)] : [];
      this.pendingBytes -= size;
      payloads.push(this.open(joined.subarray(0, size)));
    }
    return payloads;
  }

  private open(frame: Buffer): unknown {
    const mac = frame.subarray(LENGTH_BYTES, LENGTH_BYTES + MAC_BYTES);
    const payload = frame.subarray(LENGTH_BYTES + MAC_BYTES);
    const expected = createHmac('sha256', this.key).update(frameNumberBytes(this.frame++)).update(payload).digest();
    if (!timingSafeEqual(mac, expected)) throw new Violation('the sandbox sent a frame that is not signed with its key (forged, replayed or out of order)');
    try {
      return JSON.parse(payload.toString('utf8')) as unknown;
    } catch {
      throw new Violation('the sandbox sent a signed frame that does not decode');
    }
  }
}
