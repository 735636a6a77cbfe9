// The lessons' functions as the workbook's pages show them. Live: each function's status, its summary, the
// feedback one click away (a <details>, as the instructor's feedback page words it: grader/report/verdict-markdown.ts) and
// the hints asked for so far, one more per click (learner/hint.ts, as `h` in the watch mode); the score and what
// to do next (as the terminal report says it). In an exported site: each function's signature, what it returns and
// its hints, with no verdict. The same views go to open pages by the event stream (server.ts), so a page made now
// and a page updated later read alike. Text from the learner's code only ever meets literal markdown or textContent.
import { allFunctions, lessonFolder, type LessonSpec, type LocatedFunction } from '../curriculum/index.ts';
import type { ExerciseResult, ExerciseStatus, GradeReport } from '../grader/types.ts';
import { WHAT_NEXT } from '../grader/report/terminal.ts';
import { MARKS, verdictDetails } from '../grader/report/verdict-markdown.ts';
import { escapeHtml, renderMarkdown } from '../grader/report/page.ts';
import { hintsFor } from '../learner/hint.ts';
import type { Site } from './site.ts';

/** What the pages know of the grade. */
export interface Verdicts {
  /** The last verdicts; none before the first grade ends. */
  readonly report?: GradeReport;
  /** A grade is running (a save was seen): the verdicts shown may be about to change. */
  readonly grading: boolean;
  /** Why the last grade gave no verdicts. */
  readonly failure?: string;
  /** The type checker's warnings about the lesson files (they never change a verdict). */
  readonly warnings: readonly string[];
  /** How many hints of each function were shown (learner/progress.ts, shared with `npm run hint` and `h`). */
  readonly hintsShown: Readonly<Record<string, number>>;
  /** The lessons folder as the learner would type it (`lessons`). */
  readonly folder: string;
}

/** One function as a page shows it: what the event stream sends, and what a page is first made from. */
export interface FunctionView {
  readonly name: string;
  readonly lesson: string;
  /** `pending` until its first verdict. */
  readonly status: ExerciseStatus | 'pending';
  /** The status as words, with its mark: `✘ fail`. */
  readonly label: string;
  readonly summary: string;
  /** The feedback beyond the summary as HTML (literal markdown: nothing of the learner's becomes markup); may be empty. */
  readonly feedback: string;
  /** The hints shown so far, in the order they are given (the one that fits the mistake named first). */
  readonly hints: readonly string[];
  readonly hintsTotal: number;
}

export const resultOf = (report: GradeReport | undefined, name: string): ExerciseResult | undefined => report?.exercises.find((exercise) => exercise.function === name);

export function functionView(located: LocatedFunction, verdicts: Verdicts): FunctionView {
  const name = located.spec.name;
  const result = resultOf(verdicts.report, name);
  const hints = hintsFor(located, result);
  const shown = hints.slice(0, Math.min(verdicts.hintsShown[name] ?? 0, hints.length));
  const base = { name, lesson: lessonFolder(located.lesson), hints: shown, hintsTotal: hints.length };
  if (!result) return { ...base, status: 'pending', label: verdicts.failure ? '? not graded' : '… grading', summary: verdicts.failure ?? 'Grading your lesson files…', feedback: '' };
  const details = verdictDetails(result, { summary: false, hint: false });
  const feedback = details.length > 0 ? renderMarkdown(details.join('\n')) : '';
  return { ...base, status: result.status, label: `${MARKS[result.status]} ${result.status}`, summary: result.summary, feedback };
}

const hintItem = (text: string, number: number, total: number) => `<li>Hint ${number} of ${total}: ${escapeHtml(text)}</li>`;

/** A function's section of the lesson page's panel, with its live verdict. */
export function liveFunctionSection(view: FunctionView, signature: string): string {
  return `<section class="fn" id="fn-${view.name}" data-function="${view.name}" data-status="${view.status}">
<h3><code>${view.name}</code> <span class="status status-${view.status}" data-role="status">${escapeHtml(view.label)}</span></h3>
<p class="summary" data-role="summary">${escapeHtml(view.summary)}</p>
<details class="feedback" data-role="details"${view.feedback ? '' : ' hidden'}><summary>Feedback</summary><div data-role="feedback">${view.feedback}</div></details>
<ol class="hints" data-role="hints">${view.hints.map((hint, i) => hintItem(hint, i + 1, view.hintsTotal)).join('')}</ol>
<p class="actions"><button type="button" data-hint="${view.name}"${view.status === 'pass' ? ' hidden' : ''}>${view.hints.length === 0 ? 'A hint' : 'Next hint'}</button></p>
<details class="signature"><summary>Signature</summary><pre><code>${escapeHtml(signature)}</code></pre></details>
</section>`;
}

/** A function's section in an exported site: nothing is graded there, so its signature, what it returns, its hints. */
export function staticFunctionSection(located: LocatedFunction): string {
  const { spec } = located;
  const hints = spec.hints.map((hint, i) => hintItem(hint, i + 1, spec.hints.length)).join('');
  return `<section class="fn" id="fn-${spec.name}">
<h3><code>${spec.name}</code></h3>
<p class="summary">${escapeHtml(spec.summary)}</p>
<pre><code>${escapeHtml(spec.signature)}</code></pre>
<details><summary>Hints</summary><ol class="hints">${hints}</ol></details>
</section>`;
}

/** The score as the header and the progress page show it. */
export function scoreText(verdicts: Verdicts): string {
  if (!verdicts.report) return verdicts.failure ? 'Not graded' : 'Grading…';
  return `Score: ${verdicts.report.score} / ${verdicts.report.maxScore}`;
}

/** What is happening: a grade running, or why the last one failed; empty when the verdicts are current. */
export const stateText = (verdicts: Verdicts): string => (verdicts.failure ? `Grading failed: ${verdicts.failure}` : verdicts.grading ? 'Grading…' : '');

/** What to do next, as HTML: the first function that does not pass, in course order, as the terminal report says. */
export function nextStep(verdicts: Verdicts, site: Site): string {
  const { report } = verdicts;
  if (!report) return `<p>${escapeHtml(verdicts.failure ? `Grading failed: ${verdicts.failure}` : 'Grading your lesson files…')}</p>`;
  const next = allFunctions().find(({ spec }) => resultOf(report, spec.name)?.status !== 'pass');
  if (!next) {
    const tries = WHAT_NEXT.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
    return `<p class="status-pass"><strong>Everything passes. Well done!</strong></p><p>What to try next:</p><ul>${tries}</ul>`;
  }
  const where = `${verdicts.folder}/${lessonFolder(next.lesson)}/exercise.ts`;
  const status = resultOf(report, next.spec.name)?.status ?? 'not graded';
  return `<p>Next: <a href="${site.lesson(next.lesson)}#fn-${next.spec.name}"><code>${next.spec.name}</code></a> (${escapeHtml(status)}) in <code>${escapeHtml(where)}</code>. Open it in your editor and save: its verdict shows here a moment later.</p>`;
}

/** The type checker's warnings about one lesson's file. */
export const lessonWarnings = (lesson: Pick<LessonSpec, 'number' | 'slug'>, verdicts: Verdicts): string[] =>
  verdicts.warnings.filter((warning) => warning.startsWith(`${lessonFolder(lesson)}/exercise.ts`));
