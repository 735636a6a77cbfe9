// The distance the grader hands to euclideanMatrixSymmetric. Its values come from a keyed hash of the two
// vectors, with a key drawn afresh for every grading run: nothing but calling it gives them, so a function that
// calls it once per pair but fills the matrix with values of its own (Euclidean ones, or a copy of the formula)
// fails every case. It is symmetric and zero for a vector and itself, so every correct use of it gives the
// reference's matrix. The sandbox computes it for the learner's calls and the trusted reference for the
// expected values: both use this one definition (and the same SHA-256 implementation).
import { sha256 } from '@noble/hashes/sha2.js';

export type Distance = (a: readonly number[], b: readonly number[]) => number;

/** A fresh key for one grading run, as the case tables carry it. */
export const KEY_LENGTH = 16;

function bytesOfHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The counting distance for one key: a value in [0, 4), exactly the same on every machine. */
export function countingDistance(keyHex: string): Distance {
  const key = bytesOfHex(keyHex);
  /** 48 bits of SHA-256(key ‖ the vector's float64 bytes), as two 24-bit halves. */
  const fingerprint = (v: readonly number[]): readonly [number, number] => {
    const numbers = Float64Array.from(v);
    const input = new Uint8Array(key.length + numbers.byteLength);
    input.set(key);
    input.set(new Uint8Array(numbers.buffer), key.length);
    const digest = sha256(input);
    return [(digest[0] << 16) | (digest[1] << 8) | digest[2], (digest[3] << 16) | (digest[4] << 8) | digest[5]];
  };
  return (a, b) => {
    const [aHigh, aLow] = fingerprint(a);
    const [bHigh, bLow] = fingerprint(b);
    return (((aHigh ^ bHigh) * 2 ** 24 + (aLow ^ bLow)) / 2 ** 48) * 4;
  };
}

/** How the learner sees it in feedback. */
export const COUNTING_DISTANCE_DESCRIPTION = 'the grader’s counting distance (its values are known only by calling it)';
