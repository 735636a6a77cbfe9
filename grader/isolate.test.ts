// Learner modules here are plain JavaScript handed to the sandbox as they are, so these tests exercise the
// sandbox alone, without the bundler. The last group replaces the harness itself with ones that break the
// protocol, as a harness taken over by learner code would: the grader must stay in charge of every verdict.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { countingDistance } from './cases/counting-distance.ts';
import { SANDBOX_DEFAULTS, SUSPECT_MS, runFile, runFiles, type FunctionJob, type IsolateOptions, type StuckWatch } from './isolate.ts';
import type { LessonBundle } from './load.ts';
import { serializedCalls } from './sandbox/protocol.ts';
import type { Argument } from './types.ts';

// Calls that must finish get a generous limit (a loaded machine is slow, and a returning call costs no more
// with it); only calls meant to hang get the short one.
const RETURNS_MS = 5_000;
const HANGS_MS = 400;

const options: IsolateOptions = SANDBOX_DEFAULTS;

function learner(code: string): LessonBundle {
  return { code, usesMathjs: false, files: [], hashes: {}, where: () => undefined };
}

function job(name: string, calls: unknown[][], callTimeoutMs = RETURNS_MS, functionTimeoutMs = 15_000): FunctionJob {
  return { name, calls: serializedCalls(calls as Argument[][]), callTimeoutMs, functionTimeoutMs };
}

const COUNTING = { $sandbox: 'counting-distance', key: 'cd'.repeat(16) } as const;

describe('runFile: values', () => {
  it('returns each call’s value, and the first argument a call changed as the call left it', async () => {
    const run = await runFile(
      learner(`
        export function add(a, b) { return a + b; }
        export function double(v) { for (let i = 0; i < v.length; i++) v[i] *= 2; return v.length; }
      `),
      [job('add', [[1, 2], [0.5, -3]]), job('double', [[[1, 2, 3]]])],
      options,
    );
    expect(run.loadFailure).toBeUndefined();
    expect(run.functions.add.outcomes).toEqual([
      { kind: 'returned', value: 3 },
      { kind: 'returned', value: -2.5 },
    ]);
    expect(run.functions.double.outcomes).toEqual([{ kind: 'returned', value: 3, modified: { index: 0, after: [2, 4, 6] } }]);
  });

  it('sees a change however it is hidden: a getter, a swapped row, a hole, a new length', async () => {
    const run = await runFile(
      learner(`
        export function getter(rows) { Object.defineProperty(rows[0], 0, { get: () => 1 }); return 0; }
        export function swapped(rows) { rows[0] = [1, 2]; return 0; }
        export function hole(rows) { delete rows[0][1]; return 0; }
        export function longer(rows) { rows.push([5, 6]); rows.pop(); rows[0].length = 3; return 0; }
        export function restored(rows) { const saved = rows[0][0]; rows[0][0] = 99; rows[0][0] = saved; return 0; }
      `),
      ['getter', 'swapped', 'hole', 'longer', 'restored'].map((name) => job(name, [[[[1, 2]]]])),
      options,
    );
    expect(run.functions.getter.outcomes[0]).toMatchObject({ modified: { index: 0, after: [[{ description: 'a getter' }, 2]] } });
    expect(run.functions.swapped.outcomes[0]).toMatchObject({ modified: { index: 0 } });
    expect(run.functions.hole.outcomes[0]).toMatchObject({ modified: { index: 0, after: [[1, { description: 'an empty slot' }]] } });
    expect(run.functions.longer.outcomes[0]).toMatchObject({ modified: { index: 0 } });
    // Put back before returning: the caller never sees a change.
    expect(run.functions.restored.outcomes[0]).toEqual({ kind: 'returned', value: 0 });
  });

  it('leaves nothing to change after a call returns: a timer that tries breaks the sandbox, charged to its function', async () => {
    const run = await runFile(learner(`export function later(v) { setTimeout(() => { v[0] = 7; }, 0); return 1; }`), [job('later', [[[1, 2]]])], options);
    expect(run.functions.later.outcomes).toEqual([{ kind: 'returned', value: 1 }]);
    expect(run.functions.later.aftermath).toMatch(/code it left running/);
  });

  it('tells a thrown Error from a thrown string, and describes anything else in words', async () => {
    const run = await runFile(
      learner(`
        export function bad(a, b) { throw new RangeError('lengths 2 and 3 differ'); }
        export function worse() { throw 'plain text'; }
        export function odd() { throw new Proxy({}, { get() { throw new Error('trap ran'); } }); }
        export function words() { return [1, 'two', undefined, null, new Map(), Symbol('s'), 3n]; }
      `),
      [job('bad', [[[1, 2], [1, 2, 3]]]), job('worse', [[]]), job('odd', [[]]), job('words', [[]])],
      options,
    );
    expect(run.functions.bad.outcomes[0]).toEqual({ kind: 'threw', thrown: { isError: true, type: 'RangeError', message: 'lengths 2 and 3 differ' } });
    expect(run.functions.worse.outcomes[0]).toMatchObject({ kind: 'threw', thrown: { isError: false, type: 'string', message: 'plain text' } });
    expect(run.functions.odd.outcomes[0]).toMatchObject({ kind: 'threw', thrown: { isError: false, message: 'a Proxy' } });
    const [value] = run.functions.words.outcomes.map((outcome) => (outcome.kind === 'returned' ? outcome.value : undefined));
    expect(value).toEqual([
      1,
      { description: 'a string "two"' },
      { description: 'undefined' },
      { description: 'null' },
      { description: 'a Map' },
      { description: 'a symbol' },
      { description: 'the bigint 3n' },
    ]);
  });

  it('refuses a Promise, a function, a value that contains itself, and one too large, without reading them', async () => {
    const run = await runFile(
      learner(`
        export async function later() { return 1; }
        export function maker() { return () => 1; }
        export function cyclic() { const a = [1]; a.push(a); return a; }
        export function shared() { let level = [1, 2, 3, 4]; for (let i = 0; i < 4; i++) level = new Array(100).fill(level); return level; }
        export function typed() { return new Float64Array(1 << 20); }
      `),
      ['later', 'maker', 'cyclic', 'shared', 'typed'].map((name) => job(name, [[]])),
      options,
    );
    expect(run.functions.later.outcomes[0]).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/Promise/) });
    expect(run.functions.maker.outcomes[0]).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/function/) });
    expect(run.functions.cyclic.outcomes[0]).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/contains itself/) });
    expect(run.functions.shared.outcomes[0]).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/more than \d+ numbers/) });
    expect(run.functions.typed.outcomes[0]).toMatchObject({ kind: 'unsendable', reason: expect.stringMatching(/more than \d+ numbers/) });
  });

  it('reports the typeof of each asked-for export, and runs only the functions', async () => {
    const run = await runFile(
      learner(`
        function hidden() { return 1; }
        export function shown() { return hidden(); }
        export const limit = 3;
        export let unset;
      `),
      [job('shown', [[]]), job('hidden', [[]]), job('limit', [[]]), job('unset', [[]])],
      options,
    );
    expect(run.exports).toEqual({ shown: 'function', hidden: 'undefined', limit: 'number', unset: 'undefined' });
    expect(Object.keys(run.functions)).toEqual(['shown']);
    expect(run.functions.shown.outcomes).toEqual([{ kind: 'returned', value: 1 }]);
  });
});

describe('runFile: calls that break the sandbox', () => {
  it('times out a hanging call, leaves the rest not run, and runs the next function in a fresh sandbox', async () => {
    const run = await runFile(
      learner(`
        export function spin(n) { if (n > 0) for (;;) {} return n; }
        export function after() { return 'still here'; }
      `),
      [job('spin', [[0], [1], [0]], HANGS_MS), job('after', [[]])],
      options,
    );
    const [first, second, third] = run.functions.spin.outcomes;
    expect(first).toEqual({ kind: 'returned', value: 0 });
    expect(second).toEqual({ kind: 'timeout', limitMs: HANGS_MS });
    expect(third).toMatchObject({ kind: 'not-run' });
    expect(run.functions.after.outcomes).toEqual([{ kind: 'returned', value: { description: 'a string "still here"' } }]);
  });

  it('gives a call its longer limit where the job names one, and reports that limit when it is passed', async () => {
    const run = await runFile(
      learner(`export function wait(ms) { const end = Date.now() + ms; while (Date.now() < end) {} return ms; }`),
      [{ ...job('wait', [[HANGS_MS * 2], [HANGS_MS * 2], [HANGS_MS * 8]], HANGS_MS), longerCalls: new Map([[0, HANGS_MS * 4], [2, HANGS_MS * 4]]) }],
      options,
    );
    const [longer, ordinary] = run.functions.wait.outcomes;
    expect(longer).toEqual({ kind: 'returned', value: HANGS_MS * 2 });
    expect(ordinary).toEqual({ kind: 'timeout', limitMs: HANGS_MS });
    const again = await runFile(
      learner(`export function wait(ms) { const end = Date.now() + ms; while (Date.now() < end) {} return ms; }`),
      [{ ...job('wait', [[HANGS_MS * 8]], HANGS_MS), longerCalls: new Map([[0, HANGS_MS * 4]]) }],
      options,
    );
    expect(again.functions.wait.outcomes).toEqual([{ kind: 'timeout', limitMs: HANGS_MS * 4 }]);
  });

  it('tells the watch of a function that hung in its own call, and gives a function after it only a probe for its first call', async () => {
    const stuck: string[] = [];
    const watch: StuckWatch = {
      hanging: (name) => ({ stuck: () => stuck.push(name), cleared: () => undefined }),
      probe: () => (stuck.length ? { limitMs: HANGS_MS, stuck: `${stuck[0]} (here)`, fate: Promise.resolve(true) } : undefined),
    };
    const run = await runFile(
      learner(`
        export function spin() { for (;;) {} }
        export function calls() { return spin(); }
        export function fine() { return 1; }
      `),
      [job('spin', [[]], HANGS_MS), job('calls', [[], []]), job('fine', [[], []])],
      options,
      watch,
    );
    expect(stuck).toEqual(['spin']);
    expect(run.functions.spin.outcomes).toEqual([{ kind: 'timeout', limitMs: HANGS_MS }]);
    expect(run.functions.calls.outcomes).toEqual([{ kind: 'timeout', limitMs: HANGS_MS, after: 'spin (here)' }, expect.objectContaining({ kind: 'not-run' })]);
    // Only the first call is a probe: a function that passes it runs on with the ordinary limits.
    expect(run.functions.fine.outcomes).toEqual([{ kind: 'returned', value: 1 }, { kind: 'returned', value: 1 }]);
  }, 30_000);

  it('runs the functions after a hang each alone, all at once: none of them shares a sandbox with another', async () => {
    const run = await runFile(
      learner(`
        let marks = 0;
        export function spin() { for (;;) {} }
        export function mark() { return ++marks; }
        export function count() { return ++marks; }
      `),
      [job('spin', [[]], HANGS_MS), job('mark', [[]]), job('count', [[]])],
      options,
    );
    expect(run.functions.spin.outcomes).toEqual([{ kind: 'timeout', limitMs: HANGS_MS }]);
    // In one sandbox after another, count would see mark's 1.
    expect(run.functions.mark.outcomes).toEqual([{ kind: 'returned', value: 1 }]);
    expect(run.functions.count.outcomes).toEqual([{ kind: 'returned', value: 1 }]);
    expect(run.functions.count.shared).toBeUndefined();
  });

  it('cuts a first call short as a probe when a function it may call is found stuck while it runs', async () => {
    const found = Date.now() + 200;
    const watch: StuckWatch = {
      hanging: () => ({ stuck: () => undefined, cleared: () => undefined }),
      probe: () => (Date.now() >= found ? { limitMs: HANGS_MS, stuck: 'dot (elsewhere)', fate: Promise.resolve(true) } : undefined),
    };
    const run = await runFile(learner(`export function spin() { for (;;) {} }`), [job('spin', [[], []])], options, watch);
    // Its ordinary limit is RETURNS_MS: only the probe, found while it ran, can have ended it at HANGS_MS.
    expect(run.functions.spin.outcomes).toEqual([{ kind: 'timeout', limitMs: HANGS_MS, after: 'dot (elsewhere)' }, expect.objectContaining({ kind: 'not-run' })]);
  });

  it('reports process.exit() inside a call as a crash naming the exit code', async () => {
    const run = await runFile(
      learner(`
        export function quit() { process.exit(3); }
        export function after() { return 1; }
      `),
      [job('quit', [[], []]), job('after', [[]])],
      options,
    );
    expect(run.functions.quit.outcomes[0]).toMatchObject({ kind: 'crashed', reason: expect.stringMatching(/code 3\b/) });
    expect(run.functions.quit.outcomes[1]).toMatchObject({ kind: 'not-run' });
    expect(run.functions.after.outcomes[0]).toMatchObject({ kind: 'returned', value: 1 });
  });

  it('blames a timer left behind on the function that left it, keeping its returned values', async () => {
    const run = await runFile(
      learner(`
        export function leaves() { setTimeout(() => process.exit(5), 0); return 7; }
        export function after() { return 8; }
      `),
      [job('leaves', [[], []]), job('after', [[]])],
      options,
    );
    const leaves = run.functions.leaves;
    expect(leaves.outcomes).toEqual([
      { kind: 'returned', value: 7 },
      { kind: 'returned', value: 7 },
    ]);
    expect(leaves.aftermath).toMatch(/code 5\b/);
    expect(run.functions.after.outcomes).toEqual([{ kind: 'returned', value: 8 }]);
    expect(run.functions.after.aftermath).toBeUndefined();
  });

  it('bounds the whole file: once its time is used, the functions left are not run, each saying why', async () => {
    const run = await runFile(
      learner(`
        const wait = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };
        export function slow(ms) { wait(ms); return 1; }
        export function after() { return 2; }
      `),
      // A quick first call: one silent for long would move `after` to a sandbox of its own at once.
      [job('slow', [[0], [700], [700], [700], [700]], 1_000, 5_000), job('after', [[]])],
      { ...options, fileTimeoutMs: 1_500 },
    );
    // How many calls fit depends on how fast the sandbox starts on a loaded machine; then one runs into the
    // file's limit, and the rest never start.
    const kinds = run.functions.slow.outcomes.map((outcome) => outcome.kind).join(' ');
    expect(kinds).toMatch(/^returned (returned ){1,2}timeout( not-run)+$/);
    expect(run.functions.slow.outcomes.find((outcome) => outcome.kind === 'timeout')).toMatchObject({ scope: 'file', limitMs: 1_500 });
    expect(run.functions.after.outcomes).toEqual([{ kind: 'not-run', reason: 'the lesson file used up its 1.5 s' }]);
  });

  it('marks a function run after others as shared, so the grader can run it again alone; not one that hung in its own call', async () => {
    const run = await runFile(
      learner(`
        export function early() { setTimeout(() => process.exit(9), 40); return 1; }
        export function slow() { const end = Date.now() + 120; while (Date.now() < end) {} return 2; }
      `),
      [job('early', [[]]), job('slow', [[]])],
      options,
    );
    expect(run.functions.early.shared).toBeUndefined();
    expect(run.functions.slow).toMatchObject({ outcomes: [{ kind: 'returned', value: 2 }], shared: true });

    const hung = await runFile(learner(`export function quiet() { return 1; }\nexport function hangs() { for (;;) {} }`), [job('quiet', [[]]), job('hangs', [[]], HANGS_MS)], options);
    expect(hung.functions.hangs.outcomes[0]).toMatchObject({ kind: 'timeout' });
    expect(hung.functions.hangs.shared).toBeUndefined();
  });
});

describe('runFiles: several lesson files, one sandbox while it lasts', () => {
  const together: IsolateOptions = { ...options, sharedSandboxes: 1 };
  /** A lesson file whose thrown locations read `name:line`. */
  const named = (name: string, code: string): LessonBundle => ({ ...learner(code), where: ({ line }) => `${name}:${line}` });

  it('loads each file as a module of its own, in one sandbox, and marks what ran after other files as shared', async () => {
    const counter = `let calls = 0;\nexport function count() { return ++calls; }\nexport function fails() {\n  throw new RangeError('here');\n}`;
    const [first, second] = await Promise.all(runFiles([{ bundle: named('first', counter), jobs: [job('count', [[], []]), job('fails', [[]])] }, { bundle: named('second', counter), jobs: [job('count', [[]]), job('fails', [[]])] }], together));
    expect(first.functions.count).toEqual({ outcomes: [{ kind: 'returned', value: 1 }, { kind: 'returned', value: 2 }], output: '' });
    // The same code, another module: its own counter.
    expect(second.functions.count).toMatchObject({ outcomes: [{ kind: 'returned', value: 1 }], shared: true });
    // Where an Error was thrown is read in the file that threw it.
    expect(first.functions.fails.outcomes[0]).toMatchObject({ thrown: { where: 'first:4' } });
    expect(second.functions.fails.outcomes[0]).toMatchObject({ thrown: { where: 'second:4' } });
  });

  it('goes on to the next file after one that throws as it loads, and loads again alone a file that fails after others', async () => {
    const [marks, takes, throws, after] = await Promise.all(
      runFiles(
        [
          { bundle: learner(`globalThis.mark = 1;\nexport function h() { return 3; }`), jobs: [job('h', [[]])] },
          // Loaded after the file before set its mark, this one fails; alone, it loads.
          { bundle: learner(`if (globalThis.mark) throw new Error('not alone');\nexport function g() { return 2; }`), jobs: [job('g', [[]])] },
          { bundle: learner(`throw new TypeError('broken at load');`), jobs: [job('f', [[]])] },
          { bundle: learner(`export function k() { return 4; }`), jobs: [job('k', [[]])] },
        ],
        together,
      ),
    );
    expect(marks.functions.h.outcomes).toEqual([{ kind: 'returned', value: 3 }]);
    expect(takes.loadFailure).toBeUndefined();
    expect(takes.functions.g.outcomes).toEqual([{ kind: 'returned', value: 2 }]);
    // Loaded alone again too (others ran before it), and it throws there as well.
    expect(throws.loadFailure).toMatchObject({ kind: 'threw', thrown: { message: 'broken at load' } });
    expect(after.functions.k).toMatchObject({ outcomes: [{ kind: 'returned', value: 4 }], shared: true });
  });

  it('moves what comes after a first call silent past SUSPECT_MS to other sandboxes, without waiting for its limit', async () => {
    const wait = `const wait = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };`;
    const [slow, later] = await Promise.all(
      runFiles(
        [
          { bundle: learner(`${wait}\nexport function slow() { wait(${SUSPECT_MS * 3}); return 1; }\nexport function next() { return 2; }`), jobs: [job('slow', [[]]), job('next', [[]])] },
          { bundle: learner(`export function after() { return 3; }`), jobs: [job('after', [[]])] },
        ],
        together,
      ),
    );
    // Slow, not stuck: it returns, and what was moved ran in sandboxes of its own (nothing ran there before it).
    expect(slow.functions.slow.outcomes).toEqual([{ kind: 'returned', value: 1 }]);
    expect(slow.functions.next).toEqual({ outcomes: [{ kind: 'returned', value: 2 }], output: '' });
    expect(later.functions.after).toEqual({ outcomes: [{ kind: 'returned', value: 3 }], output: '' });
  });

  it('runs the files after one whose loading never ends, or whose function ends the process, in fresh sandboxes', async () => {
    const [endless, quits, after] = await Promise.all(
      runFiles(
        [
          { bundle: learner(`for (;;) {}`), jobs: [job('f', [[]])] },
          { bundle: learner(`export function quit() { process.exit(4); }\nexport function next() { return 5; }`), jobs: [job('quit', [[]]), job('next', [[]])] },
          { bundle: learner(`export function last() { return 6; }`), jobs: [job('last', [[]])] },
        ],
        { ...together, loadTimeoutMs: HANGS_MS * 3 },
      ),
    );
    expect(endless.loadFailure).toMatchObject({ kind: 'timeout' });
    expect(quits.functions.quit.outcomes[0]).toMatchObject({ kind: 'crashed', reason: expect.stringMatching(/code 4\b/) });
    expect(quits.functions.next.outcomes).toEqual([{ kind: 'returned', value: 5 }]);
    expect(after.functions.last.outcomes).toEqual([{ kind: 'returned', value: 6 }]);
  });
});

describe('runFile: a file loaded again', () => {
  it('runs nothing in a fresh sandbox whose exports are not those the first one had: no result goes to the wrong function', async () => {
    // The first sandbox loads before the cutoff (loading takes a fraction of a second, even on a loaded
    // machine); `first` holds on past it and crashes, so the rest load again after.
    const cutoff = Date.now() + 3_000;
    const run = await runFile(
      learner(`
        export function first(wait) { if (wait) { while (Date.now() < ${cutoff} + 100) {} process.exit(3); } return 0; }
        export const changing = Date.now() < ${cutoff} ? function changing() { return 'changing'; } : 42;
        export function last() { return 'last'; }
      `),
      // A quick first call: one silent for long would move the others to sandboxes of their own at once.
      [job('first', [[false], [true]]), job('changing', [[]]), job('last', [[]])],
      options,
    );
    expect(run.exports).toEqual({ first: 'function', changing: 'function', last: 'function' });
    expect(run.functions.first.outcomes[1]).toMatchObject({ kind: 'crashed' });
    expect(run.functions.changing.outcomes).toEqual([{ kind: 'not-run', reason: 'the file failed to load again, or exported something else the second time' }]);
    // Loaded once more, for itself alone: its own result, under its own name.
    expect(run.functions.last.outcomes).toEqual([{ kind: 'returned', value: { description: 'a string "last"' } }]);
  });
});

describe('runFile: output', () => {
  it('keeps what a function prints with that function, and top-level prints in loadOutput', async () => {
    const run = await runFile(
      learner(`
        console.log('loading');
        export function one() { console.log('from one', 1); return 1; }
        export function two() { process.stdout.write('from two\\n'); return 2; }
      `),
      [job('one', [[]]), job('two', [[]])],
      options,
    );
    expect(run.loadOutput).toBe('loading\n');
    expect(run.functions.one.output).toBe('from one 1\n');
    expect(run.functions.two.output).toBe('from two\n');
  });

  it('cuts output beyond 2048 bytes and says how many bytes it dropped', async () => {
    const run = await runFile(learner(`export function chatty() { for (let i = 0; i < 100; i++) console.log('x'.repeat(99)); return 1; }`), [job('chatty', [[]])], options);
    const output = run.functions.chatty.output;
    expect(output).toMatch(/… 7952 more bytes of output not shown$/);
    expect(Buffer.byteLength(output.slice(0, output.lastIndexOf('\n…')))).toBe(2048);
    expect(run.functions.chatty.outcomes[0]).toMatchObject({ kind: 'returned', value: 1 });
  });

  it('says output was cut even when the cap falls between two prints', async () => {
    // 16 lines of 128 bytes fill the cap exactly; 24 more lines are dropped.
    const run = await runFile(learner(`export function chatty() { for (let i = 0; i < 40; i++) console.log('y'.repeat(127)); return 1; }`), [job('chatty', [[]])], options);
    expect(run.functions.chatty.output).toMatch(/… 3072 more bytes of output not shown$/);
  });
});

describe('runFile: load failures', () => {
  it('reports a module whose top level throws', async () => {
    const run = await runFile(learner(`export function f() { return 1; }\nthrow new TypeError('broken at load');`), [job('f', [[]])], options);
    expect(run.loadFailure).toMatchObject({ kind: 'threw', thrown: { isError: true, type: 'TypeError', message: 'broken at load' } });
    expect(run.functions).toEqual({});
  });

  it('times out a module whose top-level await never settles', async () => {
    const run = await runFile(learner(`await new Promise(() => {});\nexport function f() { return 1; }`), [job('f', [[]])], { ...options, loadTimeoutMs: 500 });
    expect(run.loadFailure).toEqual({ kind: 'timeout', limitMs: 500 });
    expect(run.functions).toEqual({});
  });
});

describe('runFile: the counting distance', () => {
  it('logs which rows each distance call received, by identity and by content, and returns the keyed distance', async () => {
    const rows = [[0, 0], [3, 4]];
    const run = await runFile(learner(`export function pairs(rows, d) { return d(rows[0], rows[1]) + d(rows[1].slice(), rows[0]); }`), [job('pairs', [[rows, COUNTING]])], options);
    expect(run.functions.pairs.outcomes).toEqual([
      {
        kind: 'returned',
        value: 2 * countingDistance(COUNTING.key, sha256)([0, 0], [3, 4]),
        distanceCalls: [
          { identity: [0, 1], content: [0, 1] },
          { identity: [-1, 0], content: [1, 0] },
        ],
      },
    ]);
  });
});

/** A harness that reads its init message, then sends `body`'s frames, signed with the real key unless told otherwise. */
function rogueHarness(body: string): string {
  return `
    import { readSync, writeSync } from 'node:fs';
    import { createHmac, randomBytes } from 'node:crypto';
    const read = (n) => { const b = Buffer.alloc(n); let got = 0; while (got < n) got += readSync(0, b, got, n - got, null); return b; };
    const key = read(32);
    read(read(4).readUInt32LE(0));
    let frame = 0;
    const number = () => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(frame++)); return b; };
    const send = (message, { raw, signWith = key } = {}) => {
      const payload = raw ?? Buffer.from(JSON.stringify(message));
      const head = Buffer.alloc(4); head.writeUInt32LE(payload.length);
      writeSync(3, Buffer.concat([head, createHmac('sha256', signWith).update(number()).update(payload).digest(), payload]));
    };
    const loaded = () => send({ type: 'loaded', exports: { f: 'function' }, droppedOutputBytes: 0 });
    ${body}
    setInterval(() => {}, 1 << 30);
  `;
}

describe('runFile: a harness that breaks the protocol', () => {
  const rogue = (body: string, calls: unknown[][] = [[], []]) => runFile(learner('export function f() { return 1; }'), [job('f', calls)], { ...options, harness: rogueHarness(body) });
  /** Why the run went wrong: the load failure, the crash of a call, or what broke the sandbox after the calls. */
  const problem = (run: Awaited<ReturnType<typeof rogue>>) => {
    if (run.loadFailure?.kind === 'crashed') return run.loadFailure.reason;
    const f = run.functions.f;
    const crashed = f?.outcomes.find((outcome) => outcome.kind === 'crashed');
    return crashed?.kind === 'crashed' ? crashed.reason : (f?.aftermath ?? JSON.stringify(run));
  };
  /** Passing takes every call returned and a sandbox that did not break afterwards. */
  const couldPass = (run: Awaited<ReturnType<typeof rogue>>) => {
    const f = run.functions.f;
    return f !== undefined && f.aftermath === undefined && f.outcomes.every((outcome) => outcome.kind === 'returned');
  };

  it.each([
    ['a frame signed with another key', `loaded(); send({ type: 'call-end', outcome: { kind: 'returned', value: 1 } }, { signWith: randomBytes(32) });`, /not signed with its key/],
    ['a replayed frame', `loaded(); frame--; send({ type: 'call-end', outcome: { kind: 'returned', value: 1 } });`, /not signed with its key/],
    ['raw bytes that are no frame', `loaded(); writeSync(3, Buffer.from('{"type":"call-end"}'));`, /./],
    ['a frame longer than allowed', `loaded(); const head = Buffer.alloc(4); head.writeUInt32LE(2 ** 31); writeSync(3, head);`, /frame of \d+ bytes/],
    ['output that is a number', `loaded(); send({ type: 'output', text: 5 });`, /malformed message/],
    ['output with a huge declared length', `loaded(); send({ type: 'output', text: { length: 1.5e9 } });`, /malformed message/],
    ['an outcome without its fields', `loaded(); send({ type: 'call-end' });`, /malformed message/],
    ['a value nested hundreds deep', `loaded(); let v = [1]; for (let i = 0; i < 200; i++) v = [v]; send({ type: 'call-end', outcome: { kind: 'returned', value: v } });`, /nested too deeply/],
    ['an array of a million nulls', `loaded(); send({ type: 'call-end', outcome: { kind: 'returned', value: new Array(1e6).fill(null) } });`, /too long|sent a null/],
    ['an object where a number belongs', `loaded(); send({ type: 'call-end', outcome: { kind: 'returned', value: { valueOf: 5 } } });`, /malformed/],
    ['a NaN written as a bare string', `loaded(); send({ type: 'call-end', outcome: { kind: 'returned', value: 'NaN!' } });`, /malformed/],
    ['a status the sandbox may not claim', `loaded(); send({ type: 'call-end', outcome: { kind: 'skipped', reason: 'trust me' } });`, /malformed message/],
    ['more results than calls', `loaded(); for (let i = 0; i < 3; i++) send({ type: 'call-end', outcome: { kind: 'returned', value: 1 } });`, /more results than calls/],
    ['a function that ends before its calls', `loaded(); send({ type: 'function-end', droppedOutputBytes: 0 });`, /before every call ended/],
    ['exports nobody asked about', `send({ type: 'loaded', exports: { f: 'function', g: 'function' }, droppedOutputBytes: 0 });`, /exports that were not asked about/],
  ])('%s ends the sandbox; the call is an error, never a pass', async (_, body, reason) => {
    const run = await rogue(body);
    expect(problem(run)).toMatch(reason);
    expect(couldPass(run)).toBe(false);
  });

  it('a sandbox that never sends its calls cannot make them count: they time out', async () => {
    const run = await runFile(learner('export function f() { return 1; }'), [job('f', [[], []], HANGS_MS)], { ...options, harness: rogueHarness('loaded();') });
    expect(run.functions.f.outcomes.map((outcome) => outcome.kind)).toEqual(['timeout', 'not-run']);
  });
});
