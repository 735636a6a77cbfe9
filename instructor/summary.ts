// RESULTS/summary.html: the class at a glance (stats.ts) for the instructor, with its charts drawn by
// Vega-Lite as inline SVG at grading time (no script and no network when the page is read): the spread of
// scores, each function's pass rate, then the mistakes named most often, the slowest submissions and those
// not graded, as tables.
import type { TopLevelSpec } from 'vega-lite';
import type { Row } from './grade-all.ts';
import { chartFigure, literal, literalLine, page, type Part } from '../grader/report/page.ts';
import { classStats, type ClassStats } from './stats.ts';

/** A chart drawn at grading time (page.ts), as a part of the page. */
const figure = async (spec: TopLevelSpec, caption: string): Promise<Part> => ({ html: await chartFigure(spec, caption) });

const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- |').join('')}`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

export async function summaryHtml(rows: readonly Row[], stats: ClassStats = classStats(rows)): Promise<string> {
  const parts: Part[] = [
    `# Class summary\n\n${stats.total} submissions: ${stats.graded} graded, ${stats.total - stats.graded} not graded. Mean score ${stats.meanScore.toFixed(1)} / ${stats.maxScore}.`,
  ];
  if (stats.graded > 0) {
    parts.push(
      '## Scores',
      await figure(
        {
          description: `How many submissions have each score, from 0 to ${stats.maxScore}`,
          width: 480,
          height: 200,
          data: { values: stats.histogram.map((count, score) => ({ score, count })) },
          mark: { type: 'bar', color: '#0969da' },
          encoding: {
            x: { field: 'score', type: 'ordinal', title: `score (out of ${stats.maxScore})`, axis: { labelAngle: 0 } },
            y: { field: 'count', type: 'quantitative', title: 'submissions', axis: { tickMinStep: 1 } },
          },
        },
        `Scores of the ${stats.graded} graded submissions: ${stats.histogram.map((count, score) => (count ? `${count} scored ${score}` : '')).filter(Boolean).join(', ')}.`,
      ),
      '## Pass rate per function',
      await figure(
        {
          description: 'The share of graded submissions in which each function passes',
          width: 420,
          height: { step: 18 },
          data: { values: stats.passRates.map(({ name, rate }) => ({ name, rate })) },
          mark: { type: 'bar', color: '#1a7f37' },
          encoding: {
            y: { field: 'name', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
            x: { field: 'rate', type: 'quantitative', title: 'pass rate', scale: { domain: [0, 1] }, axis: { format: '%' } },
          },
        },
        `Pass rates: ${stats.passRates.map(({ name, rate }) => `${name} ${Math.round(100 * rate)}%`).join(', ')}.`,
      ),
      table(['function', 'passing', 'rate'], stats.passRates.map(({ name, passing, rate }) => [name, `${passing} / ${stats.graded}`, `${Math.round(100 * rate)}%`])),
    );
  }
  if (stats.mistakes.length > 0) {
    parts.push('## Mistakes named most often', table(['mistake', 'submissions', 'in'], stats.mistakes.map(({ title, count, functions }) => [literal(title), String(count), functions.join(', ')])));
  }
  if (stats.slowest.length > 0) parts.push('## Slowest to grade', table(['submission', 'seconds'], stats.slowest.map(({ label, ms }) => [literalLine(label), (ms / 1000).toFixed(1)])));
  const notGraded = rows.filter((row) => row.status !== 'graded');
  if (notGraded.length > 0) parts.push('## Not graded', table(['submission', 'student', 'why'], notGraded.map((row) => [literalLine(row.label), literalLine(row.student.id), literalLine(row.reason ?? '')])));
  return page('Class summary', ...parts);
}
