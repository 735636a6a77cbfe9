// The grader's own memory stays bounded whatever a submission returns: values at every size limit, values
// that would be huge if followed (shared branches, deep nesting, sparse arrays, big typed arrays), in every
// call. Measured as the peak resident size of a real grading process.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, exerciseFile, findLesson } from '../curriculum/index.ts';
import { removeAll, solutionCopy } from '../test/submission.ts';
import { LIMITS } from './sandbox/protocol.ts';

const PEAK_MB = 300;

const submissions: string[] = [];
afterAll(() => removeAll(submissions));

const HEAVY = `
const side = Math.floor(Math.sqrt(${LIMITS.nodesPerValue})) - 1;
/** As many numbers as one value may hold, in a square. */
const atTheLimit = () => Array.from({ length: side }, (_, i) => new Array(side).fill(i));

export function euclidean(a: readonly number[], b: readonly number[]): number {
  return new Float64Array(50 * 1024 * 1024 / 8) as unknown as number;
}

export function euclideanMatrix(vectors: readonly (readonly number[])[]): number[][] {
  return atTheLimit();
}

export function euclideanMatrixSymmetric(vectors: readonly (readonly number[])[]): number[][] {
  let value: unknown = atTheLimit()[0];
  for (let i = 0; i < 6; i++) value = [value, value, value, value];
  return value as number[][];
}
`;

describe('the grader’s memory', () => {
  it(`stays under ${PEAK_MB} MB however large or deep the values a submission returns`, () => {
    const dir = solutionCopy(submissions, 'memory-');
    writeFileSync(exerciseFile(findLesson('01')!, dir), HEAVY);
    writeFileSync(join(dir, '05-query-search', 'exercise.ts'), `${HEAVY.replaceAll('euclidean', 'unused')}\nexport const querySearch = () => Array.from({ length: 300_000 }, () => 1);\nexport const topK = () => { const a: unknown[] = []; a[2 ** 32 - 2] = 1; return a; };\n`);
    const script = `
      import { grade } from './grader/grade.ts';
      const report = await grade({ submission: ${JSON.stringify(dir)}, typecheck: false });
      console.log(JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, statuses: report.exercises.map((e) => e.function + ':' + e.status) }));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const { peakMb, statuses } = JSON.parse(run.stdout) as { peakMb: number; statuses: string[] };
    for (const name of ['euclidean', 'euclideanMatrix', 'euclideanMatrixSymmetric', 'querySearch', 'topK']) {
      expect(statuses.find((status) => status.startsWith(`${name}:`))).not.toBe(`${name}:pass`);
    }
    expect(peakMb).toBeLessThan(PEAK_MB);
  });
});
