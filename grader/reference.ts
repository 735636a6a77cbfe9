// The trusted reference implementations, keyed by function name. `satisfies` makes the compiler prove that
// the solutions implement every function the registry names.
import { createHash } from 'node:crypto';
import type { FunctionName } from '../curriculum/index.ts';
import { countingDistance, isCountingStandIn, type Sha256 } from './cases/counting-distance.ts';
import type { Argument } from './types.ts';
import * as euclidean from '../solutions/01-euclidean/exercise.ts';
import * as dotProduct from '../solutions/02-dot-product/exercise.ts';
import * as normalize from '../solutions/03-normalize/exercise.ts';
import * as cosine from '../solutions/04-cosine/exercise.ts';
import * as querySearch from '../solutions/05-query-search/exercise.ts';

export const REFERENCE = { ...euclidean, ...dotProduct, ...normalize, ...cosine, ...querySearch } satisfies Record<
  FunctionName,
  (...args: never[]) => unknown
>;

/** Node's own SHA-256: the reference hashes every pair of every case's rows, the sandbox only those a learner asks for. */
const nativeSha256: Sha256 = (data) => createHash('sha256').update(data).digest();

/** The arguments as the reference takes them: the sandbox's counting stand-in becomes the same metric. */
export function referenceArgs(args: readonly Argument[]): unknown[] {
  return args.map((arg) => (isCountingStandIn(arg) ? countingDistance(arg.key, nativeSha256) : arg));
}
