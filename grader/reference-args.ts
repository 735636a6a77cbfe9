// The arguments as the trusted reference takes them: the sandbox's counting stand-in becomes the same metric,
// computed with Node's own SHA-256 (the reference hashes every pair of every case's rows, the sandbox only those
// a learner asks for). Kept apart from reference.ts, which a student copy replaces (see instructor/release/).
import { createHash } from 'node:crypto';
import { countingDistance, isCountingStandIn, type Distance, type Sha256 } from './cases/counting-distance.ts';
import type { Argument } from './types.ts';

const nativeSha256: Sha256 = (data) => createHash('sha256').update(data).digest();

/** The key of each counting distance made here: what a recorded answer (public-answers.ts) knows it by. */
const keys = new WeakMap<Distance, string>();

export function referenceArgs(args: readonly Argument[]): unknown[] {
  return args.map((arg) => {
    if (!isCountingStandIn(arg)) return arg;
    const distance = countingDistance(arg.key, nativeSha256);
    keys.set(distance, arg.key);
    return distance;
  });
}

/** The key of a counting distance referenceArgs made; undefined for any other function. */
export const countingKeyOf = (distance: unknown): string | undefined => (typeof distance === 'function' ? keys.get(distance as Distance) : undefined);
