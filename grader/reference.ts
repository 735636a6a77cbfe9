// The trusted reference implementations, keyed by function name. `satisfies` makes the compiler prove that
// the solutions implement every function the registry names. A student copy (npm run release) holds no
// solution: its reference.ts answers from the recorded answers of the public cases instead (public-answers.ts).
import type { FunctionName } from '../curriculum/index.ts';
import { recordable, type ReferenceReach } from './public-answers.ts';
import * as euclidean from '../solutions/01-euclidean/exercise.ts';
import * as dotProduct from '../solutions/02-dot-product/exercise.ts';
import * as normalize from '../solutions/03-normalize/exercise.ts';
import * as cosine from '../solutions/04-cosine/exercise.ts';
import * as querySearch from '../solutions/05-query-search/exercise.ts';

export const REFERENCE = recordable({ ...euclidean, ...dotProduct, ...normalize, ...cosine, ...querySearch } satisfies Record<
  FunctionName,
  (...args: never[]) => unknown
>);

/** The solutions answer any input: every seed, hidden cases, counterexamples. */
export const REACH: ReferenceReach = { kind: 'any' };
