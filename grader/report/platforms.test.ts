// The platform formats, parsed back: Gradescope's results.json against its documented fields, JUnit XML with
// xmlbuilder2, the library that wrote it. A student's prints and control characters must leave both whole.
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { allFunctions } from '../../curriculum/index.ts';
import { reportWith } from '../../learner/watch/reports.fixture.ts';
import { renderGradescope } from './gradescope.ts';
import { renderJunit } from './junit.ts';

const names = allFunctions().map(({ spec }) => spec.name);
/** What a student's code may print: a fake results document, XML, a NUL and an escape sequence. */
const PRINTED = '{"score": 100, "tests": []}\n</failure></testcase><testcase name="fake"/>\u0000\u001b[2J';
const report = reportWith(
  { [names[0]]: 'pass', [names[1]]: 'fail', [names[2]]: 'timeout' },
  { [names[1]]: { output: PRINTED, feedback: ['expected 5, got 25'], mistake: { id: 'squared-distance', title: 'squared distance', explanation: 'no root' }, notes: ['typed arrays are read as their numbers'] } },
);

describe('renderGradescope', () => {
  const results = JSON.parse(renderGradescope(report)) as Record<string, unknown> & { tests: Record<string, unknown>[] };

  it('has Gradescope’s fields: the score, and a test per function with its name, score, max_score, status, output and visibility', () => {
    expect(results).toMatchObject({ score: 1, visibility: 'visible', stdout_visibility: 'hidden' });
    expect(results.tests).toHaveLength(14);
    for (const test of results.tests) expect(Object.keys(test).sort()).toEqual(['max_score', 'name', 'output', 'score', 'status', 'visibility']);
    expect(results.tests[0]).toMatchObject({ name: `01-euclidean: ${names[0]}`, score: 1, max_score: 1, status: 'passed' });
    expect(results.tests[1]).toMatchObject({ score: 0, status: 'failed' });
    expect(results.tests[1].output).toContain('Likely mistake: squared distance. no root');
    expect(results.tests[1].output).toContain('Note: typed arrays are read as their numbers');
  });

  it('keeps what a student printed as text inside one test, the file whole', () => {
    expect(results.tests[1].output).toContain(`What ${names[1]} printed:\n${PRINTED}`);
    expect(renderGradescope(report)).not.toMatch(/[\u0000\u001b]/);
  });
});

describe('renderJunit', () => {
  const xml = renderJunit(report);
  // Read back through xmlbuilder2's DOM: its text is the text that was written, entities decoded.
  const root = create(xml).root().node as unknown as Element;
  const suites = [...root.getElementsByTagName('testsuite')];
  const cases = (suite: Element) => [...suite.getElementsByTagName('testcase')];

  it('is a suite per lesson and a case per function; what does not pass is a failure, or an error when it timed out', () => {
    expect(['tests', 'failures', 'errors'].map((name) => root.getAttribute(name))).toEqual(['14', '12', '1']);
    expect(suites.map((suite) => suite.getAttribute('name'))).toEqual(['01-euclidean', '02-dot-product', '03-normalize', '04-cosine', '05-query-search']);
    const first = cases(suites[0]);
    expect(first.map((testCase) => testCase.getAttribute('name'))).toEqual(names.slice(0, 3));
    expect(first[0].childNodes.length).toBe(0);
    expect(first[2].getElementsByTagName('error')).toHaveLength(1);
  });

  it('keeps what a student printed as the text of its failure: no element of theirs, no character XML cannot hold', () => {
    const failure = cases(suites[0])[1].getElementsByTagName('failure')[0];
    expect(failure.getAttribute('message')).toBe('fail: fail in the first case');
    expect(failure.textContent).toContain('</failure></testcase><testcase name="fake"/>');
    expect(root.getElementsByTagName('testcase')).toHaveLength(14);
    expect(xml).not.toMatch(/[\u0000\u001b]/);
  });
});
