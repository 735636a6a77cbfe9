// The pictures of the Bugs data beside each lesson, drawn by Vega-Lite as SVG when the page is made (the
// instructor's summary draws its charts the same way: grader/report/page.ts chartFigure): heatmaps of the Euclidean,
// dot and cosine tables with the notebook's figures in the cells (lessons 01, 02, 04), the documents' lengths
// before and after normalization (03), the query's scores as sorted bars (05). Every picture says who computed it
// (values.ts), and its caption gives its figures in words, for whoever does not see it.
import type { TopLevelSpec } from 'vega-lite';
import { lessonFolder, type Lesson } from '../curriculum/index.ts';
import { loadBugsData } from '../curriculum/data.ts';
import { chartFigure, escapeHtml } from '../grader/report/page.ts';
import { figureLabel, isMatrixLesson, lessonQuery, matrixPicture, normsPicture, picturesKey, rankedScores, type Drawn, type Learner, type MatrixLesson, type Scores } from './values.ts';

/** The pages' colours (workbook.css): the charts' text in them reads at the pages' contrast. */
const INK = '#1b1f24';
const LIGHT_INK = '#ffffff';
/** The heatmaps' colours: light to dark blue. */
const SCHEME = 'blues';
const CONFIG = { view: { stroke: null }, axis: { labelFontSize: 12, titleFontSize: 12, labelColor: INK, titleColor: INK }, font: 'system-ui, sans-serif' } as const;

const WHAT: Record<MatrixLesson, { title: string; meaning: string; distance: boolean }> = {
  '01': { title: 'L2 distances', meaning: 'smaller is closer', distance: true },
  '02': { title: 'dot products', meaning: 'larger is more alike', distance: false },
  '04': { title: 'cosine similarities', meaning: 'larger is more alike', distance: false },
};

/** Who computed a picture, said above it: the learner's function, or mathjs and why. */
function drawnBy(...drawn: readonly Pick<Drawn<unknown>, 'yours' | 'by'>[]): string {
  const sentences = [...new Set(drawn.map((part) => part.by))];
  const yours = drawn.every((part) => part.yours) ? ' yours' : drawn.some((part) => part.yours) ? ' mixed' : '';
  return `<p class="drawn-by${yours}">${sentences.map(escapeHtml).join(' ')}</p>`;
}

/** WCAG's relative luminance of an `rgb(r, g, b)` or `#rrggbb` colour. */
function luminance(colour: string): number {
  const channels = colour.startsWith('#') ? [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16)) : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = channels.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
};

/**
 * A 4×4 table of the documents as a heatmap: darker is more alike (for a distance, smaller), each cell labelled
 * with the notebook's figure where it printed one, in whichever of the pages' ink and white reads better on it.
 */
async function heatmapSpec(title: string, matrix: readonly (readonly number[])[], labels: readonly (readonly string[])[], distance: boolean): Promise<TopLevelSpec> {
  const { scheme } = await import('vega');
  const blues = scheme(SCHEME) as (t: number) => string;
  const values = matrix.flat();
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const cells = matrix.flatMap((row, i) =>
    row.map((value, j) => {
      // Where the colour scale puts the value: its place between the lowest and the highest, reversed for a distance.
      const alike = high === low ? 1 : distance ? (high - value) / (high - low) : (value - low) / (high - low);
      const fill = blues(alike);
      return { row: String(i), column: String(j), value, label: labels[i][j], light: contrast(LIGHT_INK, fill) > contrast(INK, fill) };
    }),
  );
  return {
    description: `Heatmap of the ${title} between the ${matrix.length} Bugs documents: ${cells.length} cells, darker where two documents are more alike`,
    width: { step: 92 },
    height: { step: 44 },
    data: { values: cells },
    encoding: {
      x: { field: 'column', type: 'ordinal', title: 'document', axis: { orient: 'top', labelAngle: 0 } },
      y: { field: 'row', type: 'ordinal', title: 'document' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { scheme: SCHEME, reverse: distance }, legend: null } } },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: { text: { field: 'label' }, color: { condition: { test: 'datum.light', value: LIGHT_INK }, value: INK } },
      },
    ],
    config: CONFIG,
  };
}

/** Bars, one per item (its name on the axis) in the order given, labelled with its figure; `group` splits them in coloured series. */
function barsSpec(description: string, rows: readonly { item: string; value: number; label: string; group?: string }[], xTitle: string, domain?: [number, number]): TopLevelSpec {
  const grouped = rows.some((row) => row.group !== undefined);
  const y = { field: 'item', type: 'nominal', sort: null, title: null, axis: { labelLimit: 180 } } as const;
  const x = { field: 'value', type: 'quantitative', title: xTitle, ...(domain ? { scale: { domain } } : {}) } as const;
  return {
    description,
    width: 250,
    height: { step: grouped ? 16 : 28 },
    data: { values: rows.map((row) => ({ ...row })) },
    encoding: { y, x, ...(grouped ? { yOffset: { field: 'group', sort: null } } : {}) },
    layer: [
      { mark: 'bar', encoding: grouped ? { color: { field: 'group', type: 'nominal', sort: null, title: null, scale: { range: ['#0969da', '#8250df'] }, legend: { orient: 'bottom', labelColor: INK } } } : { color: { value: '#0969da' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: INK }, encoding: { text: { field: 'label' } } },
    ],
    config: CONFIG,
  };
}

/** A document's start, as a bar's label: short enough for the chart to read on a phone. */
const short = (text: string, length = 24) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

async function matrixFigure(number: MatrixLesson, learner: Learner | undefined): Promise<string> {
  const { fn, matrix, printed } = await matrixPicture(number, learner);
  const { title, meaning, distance } = WHAT[number];
  const labels = matrix.value.map((row, i) => row.map((value, j) => figureLabel(value, printed[i]?.[j])));
  const agree = labels.every((row, i) => row.every((label, j) => label === String(printed[i]?.[j])));
  const figures = labels.map((row, i) => `document ${i}: ${row.join(', ')}`).join('; ');
  const caption = `The ${fn} of the four Bugs documents (${meaning}; darker is more alike). ${
    agree ? 'In the cells: the figures the notebook printed, which these values agree with.' : 'In the cells: the figures the notebook printed where these values agree with them, the values themselves elsewhere.'
  } By row, ${figures}.`;
  return `${drawnBy(matrix)}\n${await chartFigure(await heatmapSpec(title, matrix.value, labels, distance), caption)}`;
}

async function normsFigure(learner: Learner | undefined): Promise<string> {
  const { before, unit, after, printed } = await normsPicture(learner);
  const rows = before.value.flatMap((length, i) => [
    { item: `document ${i}`, group: 'before normalize', value: length, label: figureLabel(length, printed[i]) },
    { item: `document ${i}`, group: 'after normalize', value: after.value[i], label: figureLabel(after.value[i]) },
  ]);
  const words = before.value.map((length, i) => `document ${i}: ${figureLabel(length, printed[i])} before, ${figureLabel(after.value[i])} after`).join('; ');
  const caption = `The length (L2 norm) of each document before and after normalization (the norms before, as the notebook printed them where these agree): ${words}.`;
  const description = 'Bars of the four Bugs documents’ lengths before normalization (about 6) and after (1)';
  return `${drawnBy(before, unit, after)}\n${await chartFigure(barsSpec(description, rows, 'length (L2 norm)'), caption)}`;
}

/** The documents' scores for a query as bars, best first (lesson 05's picture, and the answer to a question). */
export async function scoresFigure(ranking: Scores, documents: readonly string[], query: string, printed?: readonly number[]): Promise<string> {
  const rows = ranking.order.map((index) => ({ item: `${index}: ${short(documents[index])}`, value: ranking.scores[index], label: figureLabel(ranking.scores[index], printed?.[index]) }));
  const words = ranking.order.map((index, rank) => `${rank + 1}. document ${index} (${figureLabel(ranking.scores[index], printed?.[index])})`).join(', ');
  const caption = `Cosine similarity of each document with ${query} (mathjs's), best first: ${words}.`;
  const description = `Bars of the cosine similarity of each document with ${query}, sorted best first`;
  const low = Math.min(0, ...ranking.scores);
  return `${drawnBy(ranking)}\n${await chartFigure(barsSpec(description, rows, 'cosine similarity with the query', [low, 1]), caption)}`;
}

async function queryFigure(learner: Learner | undefined): Promise<string> {
  const query = lessonQuery();
  const bugs = loadBugsData();
  const ranking = await rankedScores(query.vector, bugs.vectors, learner);
  return `<p>The query: ${escapeHtml(query.source)}.</p>\n${await scoresFigure(ranking, bugs.documents, query.text, query.printed)}`;
}

/** The section of a lesson page the pictures go in, with the key that tells a page when they change (values.ts). */
export const picturesSection = (lesson: Lesson, key: string, inner: string): string =>
  `<section class="pictures" aria-labelledby="pictures-title" data-pictures="${lessonFolder(lesson)}" data-key="${key}">
<h2 id="pictures-title">Pictures of the Bugs data</h2>
${inner}
</section>`;

/** A lesson's pictures as a section of its page. */
export async function picturesHtml(lesson: Lesson, learner: Learner | undefined): Promise<string> {
  const figures = isMatrixLesson(lesson.number) ? await matrixFigure(lesson.number, learner) : lesson.number === '03' ? await normsFigure(learner) : await queryFigure(learner);
  return picturesSection(lesson, picturesKey(lesson, learner), figures);
}
