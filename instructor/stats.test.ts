import { describe, expect, it } from 'vitest';
import { allFunctions } from '../curriculum/index.ts';
import { reportWith } from '../learner/watch/reports.fixture.ts';
import type { Row } from './grade-all.ts';
import { classStats } from './stats.ts';

const names = allFunctions().map(({ spec }) => spec.name);
const mistake = (id: string) => ({ mistake: { id, title: id.replace(/-/g, ' '), explanation: '' } });
const row = (label: string, ms: number, statuses: Record<string, 'pass' | 'fail'>, mistakes: Record<string, string> = {}, kept = false): Row => ({
  label,
  student: { id: label },
  status: 'graded',
  notes: [],
  ms,
  kept,
  report: reportWith(statuses, Object.fromEntries(Object.entries(mistakes).map(([name, id]) => [name, mistake(id)]))),
});

describe('classStats', () => {
  const stats = classStats([
    row('a', 900, { [names[0]]: 'fail', [names[1]]: 'pass' }, { [names[0]]: 'squared-distance' }),
    row('b', 3000, { [names[0]]: 'fail' }, { [names[0]]: 'squared-distance' }),
    row('c', 5000, { [names[3]]: 'fail' }, { [names[3]]: 'last-component-skipped' }, true),
    { label: 'd', student: { id: 'd' }, status: 'refused', reason: 'empty', notes: [], ms: 1 },
  ]);

  it('counts the scores, and each function’s passes among the graded', () => {
    expect(stats).toMatchObject({ total: 4, graded: 3, maxScore: 14 });
    expect(stats.histogram.slice(0, 3)).toEqual([2, 1, 0]);
    expect(stats.passRates[1]).toEqual({ name: names[1], passing: 1, rate: 1 / 3 });
  });

  it('ranks the named mistakes by the submissions that make them, and the slowest graded in this run', () => {
    expect(stats.mistakes).toEqual([
      { title: 'squared distance', count: 2, functions: [names[0]] },
      { title: 'last component skipped', count: 1, functions: [names[3]] },
    ]);
    // c was kept from an earlier run: its time is not this run's.
    expect(stats.slowest).toEqual([{ label: 'b', ms: 3000 }, { label: 'a', ms: 900 }]);
  });
});
