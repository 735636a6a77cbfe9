// The workbook's script in the browser (served as assets/workbook.js, on the live pages only): it keeps the page
// in step with the server's event stream (events) and asks for hints and answers. Every address it asks is
// relative to the page's, one step under the run's token (/TOKEN/…), so each carries the token without the script
// naming it. Everything it shows was made by the server: statuses, summaries and hints go in as text
// (textContent); the feedback, pictures and answers as the HTML the server made of them, in which nothing of the
// learner's is markup. Browser code: the project's type check (Node's types, no DOM) leaves this file out.
'use strict';

/** @param {string} selector */
const all = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** Statuses seen, by function: a function that comes to pass is announced. */
const statuses = new Map();

function say(text) {
  for (const element of all('[data-role=state]')) element.textContent = text;
}

function showHints(element, view) {
  const list = element.querySelector('[data-role=hints]');
  if (list) {
    list.replaceChildren(
      ...view.hints.map((hint, i) => {
        const item = document.createElement('li');
        item.textContent = `Hint ${i + 1} of ${view.hintsTotal}: ${hint}`;
        return item;
      }),
    );
  }
  const button = element.querySelector('[data-hint]');
  if (button) {
    button.textContent = view.hints.length === 0 ? 'A hint' : 'Next hint';
    // A function that passes needs none (npm run hint still gives them).
    button.hidden = view.status === 'pass';
  }
}

function showFunction(view) {
  for (const element of all(`[data-function="${view.name}"]`)) {
    element.dataset.status = view.status;
    for (const status of all('[data-role=status]', element)) {
      status.className = `status status-${view.status}`;
      status.textContent = view.label;
    }
    for (const summary of all('[data-role=summary]', element)) summary.textContent = view.summary;
    const details = element.querySelector('[data-role=details]');
    if (details) {
      details.hidden = view.feedback === '';
      element.querySelector('[data-role=feedback]').innerHTML = view.feedback;
    }
    showHints(element, view);
  }
}

/** The pictures of a lesson are fetched again when what they depend on changed (their key). */
/** The pictures key each lesson's section was last asked for: an answer to an older request is dropped. */
const wanted = new Map();

async function refreshPictures(keys) {
  for (const section of all('[data-pictures]')) {
    const lesson = section.dataset.pictures;
    const key = keys[lesson];
    if (!key || key === section.dataset.key || wanted.get(lesson) === key) continue;
    wanted.set(lesson, key);
    try {
      const response = await fetch(`pictures/${lesson}`);
      const html = response.ok ? await response.text() : undefined;
      // The section as it is now (an earlier answer may have replaced it), and only for the latest request.
      const current = document.querySelector(`[data-pictures="${lesson}"]`);
      if (html !== undefined && current && wanted.get(lesson) === key) current.outerHTML = html;
    } catch {
      if (wanted.get(lesson) === key) wanted.delete(lesson); // tried again at the next update
    }
  }
}

function apply(update) {
  for (const score of all('[data-role=score]')) score.textContent = update.score;
  for (const next of all('[data-role=next]')) next.innerHTML = update.next;
  const passing = [];
  for (const view of update.functions) {
    if (statuses.has(view.name) && statuses.get(view.name) !== 'pass' && view.status === 'pass') passing.push(view.name);
    statuses.set(view.name, view.status);
    showFunction(view);
  }
  say(update.state || (passing.length > 0 ? `${passing.join(', ')} ${passing.length === 1 ? 'passes' : 'pass'} now.` : ''));
  for (const box of all('[data-warnings]')) {
    const warnings = update.warnings[box.dataset.warnings] ?? [];
    box.hidden = warnings.length === 0;
    box.querySelector('ul').replaceChildren(
      ...warnings.map((warning) => {
        const item = document.createElement('li');
        item.textContent = warning;
        return item;
      }),
    );
  }
  void refreshPictures(update.pictures);
}

function listen() {
  const events = new EventSource('events');
  events.addEventListener('update', (event) => apply(JSON.parse(event.data)));
  // A server that is gone makes the browser retry for ever (CONNECTING), not close: both mean the verdicts here
  // have stopped following the files, and the learner must know it at once. An update clears it again.
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) say('The workbook has stopped: run npm run workbook again, and open the address it prints.');
    else say('The workbook is not answering (stopped?): these verdicts may be old. Run npm run workbook again if it stopped, and open the address it prints.');
  });
}

async function askForHint(button) {
  button.disabled = true;
  try {
    const response = await fetch(`hint/${button.dataset.hint}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    if (!response.ok) throw new Error(`the workbook answered ${response.status}`);
    const view = await response.json();
    for (const element of all(`[data-function="${view.name}"]`)) showHints(element, view);
  } catch (error) {
    say(`No hint: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

async function ask(form) {
  const answer = document.querySelector('[data-role=answer]');
  const question = new FormData(form).get('q');
  const button = form.querySelector('button');
  button.disabled = true;
  answer.textContent = 'Embedding your question and ranking the documents…';
  try {
    const response = await fetch(`ask?${new URLSearchParams({ q: String(question) })}`);
    // Only the workbook's own answer is markup it made; a refusal or an error is plain text, shown as text.
    if (!response.ok) throw new Error(`the workbook answered ${response.status}: ${await response.text()}`);
    answer.innerHTML = await response.text();
  } catch (error) {
    answer.textContent = `No answer: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

/** A grade now, as a save would ask for: where the file system tells no saves. */
async function gradeAgain() {
  const response = await fetch('grade', { method: 'POST' }).catch(() => undefined);
  if (!response?.ok) say('Could not ask for a grade: is the workbook still running?');
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-hint]');
  if (button) void askForHint(button);
  if (event.target.closest('[data-regrade]')) void gradeAgain();
});
document.addEventListener('submit', (event) => {
  if (!event.target.matches('[data-role=ask]')) return;
  event.preventDefault();
  void ask(event.target);
});
if (document.body.hasAttribute('data-live')) listen();
