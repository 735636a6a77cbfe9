// Lesson 05's own question. Where the lesson's model is on this machine (embeddings/cache.ts), a box that embeds
// the typed question with the four documents (embeddings/embedder.ts, loaded at the first question and kept) and
// ranks them with the learner's querySearch and topK once they pass, mathjs's cosines until then (embeddings/
// rank.ts, as `npm run search` does). Where it is not, the two ways to get it. The model is never downloaded from
// here (the embedder runs offline), and the question is only ever text on the page.
import { loadBugsData } from '../curriculum/data.ts';
import { missingModelFiles, modelFolder, shownPath } from '../embeddings/cache.ts';
import { resolveOptions, type EmbedderOptions } from '../embeddings/config.ts';
import type { Embedder } from '../embeddings/embedder.ts';
import { escapeHtml, renderMarkdown } from '../grader/report/page.ts';
import { scoresFigure } from './charts.ts';
import { rankedScores, type Learner } from './values.ts';

/** Longer questions are refused: the model reads 128 tokens at most, and a page is no place for an essay. */
const MAX_QUESTION = 500;

export interface Asker {
  /** The lesson page's section: the box (with the answer to `question`, if given), or how to get the model. */
  section(question?: string): Promise<string>;
  /** The answer to a question, as HTML. */
  answer(question: string): Promise<string>;
  close(): Promise<void>;
}

const heading = '<h2 id="ask-title">Ask your own question</h2>';

/** In an exported site nothing runs: where the box is found. */
export const staticAskSection = (): string =>
  `<section class="ask" aria-labelledby="ask-title">${heading}<p>In the workbook on your own machine (<code>npm run workbook</code>), with the lesson's model downloaded, a box here embeds any question you type and ranks the four documents with your <code>topK</code>.</p></section>`;

export function asker(model: EmbedderOptions, learner: () => Learner): Asker {
  const options = resolveOptions({ ...model, offline: true });
  let embedder: Promise<Embedder> | undefined;
  /** One question at a time: the model is one, and each answer may run the learner's topK in the sandbox. */
  let queue: Promise<unknown> = Promise.resolve();

  const missing = () => missingModelFiles(options);
  const ways = async () => {
    const { waysForward } = await import('../embeddings/embedder.ts');
    // The box embeds offline by design; the ways forward are those of a learner who is not: download, or unpack.
    return renderMarkdown(waysForward({ ...options, offline: false }).replace(/^ {2}(\d)\./gm, '$1.').replace(/^ {5}/gm, '   '));
  };

  async function answer(question: string): Promise<string> {
    const text = question.trim();
    if (text === '') return '<p>Type a question first.</p>';
    if (text.length > MAX_QUESTION) return `<p>That question is ${text.length} characters long: ask in ${MAX_QUESTION} or fewer.</p>`;
    if (missing().length > 0) return `<p>The model is not on this machine any more.</p>${await ways()}`;
    const bugs = loadBugsData();
    const { createEmbedder } = await import('../embeddings/embedder.ts');
    try {
      embedder ??= createEmbedder({ ...options, onNotice: () => undefined });
      const [query, ...documents] = await (await embedder).embed([text, ...bugs.documents]);
      const ranking = await rankedScores(query, documents, learner());
      const listed = ranking.order.map((index) => `<li>document ${index} (cosine ${ranking.scores[index].toFixed(4)}): ${escapeHtml(bugs.documents[index])}</li>`).join('');
      return `<p>Your question: <q>${escapeHtml(text)}</q></p>
${await scoresFigure(ranking, bugs.documents, 'your question')}
<ol class="ranked">${listed}</ol>
<p>Best match: document ${ranking.order[0]}.</p>`;
    } catch (error) {
      embedder = undefined;
      return `<p>No answer: ${escapeHtml((error as Error).message)}</p>`;
    }
  }

  return {
    answer(question) {
      const answered = queue.then(() => answer(question));
      queue = answered.catch(() => undefined);
      return answered;
    },
    async section(question) {
      if (missing().length > 0) {
        const folder = shownPath(modelFolder(options));
        return `<section class="ask" aria-labelledby="ask-title">${heading}
<p>With the lesson's model, a box here embeds any question you type and ranks the four documents with your <code>topK</code>. The model is not on this machine (it goes in <code>${escapeHtml(folder)}</code>).</p>
${await ways()}
<p>Then reload this page.</p></section>`;
      }
      const answered = question === undefined ? '' : await this.answer(question);
      return `<section class="ask" aria-labelledby="ask-title">${heading}
<form method="get" action="#ask-title" data-role="ask"><label for="question">Your question, for the four documents</label><input id="question" name="q" maxlength="${MAX_QUESTION}" required value="${escapeHtml(question ?? '')}" placeholder="Who studies spiders?"><button type="submit">Rank the documents</button></form>
<div class="answer" data-role="answer" aria-live="polite">${answered}</div>
</section>`;
    },
    close: async () => {
      const loaded = await embedder?.catch(() => undefined);
      await loaded?.dispose();
    },
  };
}
