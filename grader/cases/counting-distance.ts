// The distance the grader hands to euclideanMatrixSymmetric. Its values come from a keyed hash of the two
// vectors, with a key drawn afresh for every grading run: nothing but calling it gives them, so a function that
// calls it once per pair but fills the matrix with values of its own (Euclidean ones, or a copy of the formula)
// fails every case. It is symmetric and zero for a vector and itself, so every correct use of it gives the
// reference's matrix. The sandbox computes it for the learner's calls and the trusted reference for the
// expected values: both use this one definition (and the same SHA-256 implementation).
import type { CountingDistance } from '../types.ts';

export type Distance = (a: readonly number[], b: readonly number[]) => number;

/** The stand-in a case table holds where the counting distance goes: the sandbox and the reference make it real. */
export const isCountingStandIn = (arg: unknown): arg is CountingDistance => typeof arg === 'object' && arg !== null && !Array.isArray(arg) && '$sandbox' in arg;

/**
 * SHA-256 of some bytes: @noble/hashes' in the sandbox (see harness/channel.ts for why), Node's native one in the
 * grader (the same function, faster).
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** A fresh key for one grading run, as the case tables carry it. */
export const KEY_LENGTH = 16;

function bytesOfHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const compareBytes = (x: Uint8Array, y: Uint8Array) => {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

const sameBits = (x: Uint32Array, y: Uint32Array) => {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

const joined = (...parts: readonly Uint8Array[]) => {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

/**
 * The counting distance for one key: a value in [0, 4), exactly the same on every machine. Each pair is hashed
 * as a pair (the two vectors' digests in a fixed order), so no pair's value follows from others' values.
 */
export function countingDistance(keyHex: string, hash: Sha256): Distance {
  const key = bytesOfHex(keyHex);
  // A matrix hashes each row once, not once per pair: the digest is kept with the row's bits, and used again
  // only while the row still holds exactly those bits (a caller may change an array between calls).
  const digests = new WeakMap<readonly number[], { readonly bits: Uint32Array; readonly digest: Uint8Array }>();
  const digestOf = (v: readonly number[]) => {
    const bits = new Uint32Array(new Float64Array(v).buffer);
    const kept = digests.get(v);
    if (kept && sameBits(kept.bits, bits)) return kept.digest;
    const digest = hash(joined(key, new Uint8Array(bits.buffer)));
    digests.set(v, { bits, digest });
    return digest;
  };
  return (a, b) => {
    const x = digestOf(a);
    const y = digestOf(b);
    const order = compareBytes(x, y);
    if (order === 0) return 0;
    // 48 bits of SHA-256(key ‖ lower digest ‖ higher digest), as two 24-bit halves.
    const d = hash(order < 0 ? joined(key, x, y) : joined(key, y, x));
    return ((((d[0] << 16) | (d[1] << 8) | d[2]) * 2 ** 24 + ((d[3] << 16) | (d[4] << 8) | d[5])) / 2 ** 48) * 4;
  };
}

/** How the learner sees it in feedback. */
export const COUNTING_DISTANCE_DESCRIPTION = 'the grader’s counting distance (its values are known only by calling it)';
