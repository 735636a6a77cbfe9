// The attack fixtures (grader/fixtures/attacks/), graded end to end through the real command line. Each one
// replaces one or more functions of a copy of the reference solutions with hostile code. For every attack:
// the attacked functions do not pass, every other function (not importing the attacked lesson) still passes,
// exactly one report comes out with exit code 0 or 1 within 60 s, and nothing happens outside: the loopback
// servers this test runs receive nothing, no listener opens, no file changes, no secret reaches the report.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { getPriority } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { LESSONS, ROOT, SOLUTIONS_DIR, exerciseFile, findFunction, findLesson, type FunctionName, type Lesson } from '../curriculum/index.ts';
import { removeAll, replaceFunction, solutionCopy } from '../test/submission.ts';
import { loadLessonFile } from './load.ts';
import type { GradeReport } from './types.ts';

const ATTACKS_DIR = join(ROOT, 'grader', 'fixtures', 'attacks');

type AttackClass =
  | 'forged verdicts'
  | 'mutation check'
  | 'message shapes'
  | 'unbounded judging'
  | 'network'
  | 'reads'
  | 'other processes'
  | 'terminal'
  | 'memory'
  | 'blind case'
  | 'interference'
  | 'stalls and crashes';

interface Attack {
  readonly file: string;
  readonly class: AttackClass;
  /** The functions attacked, or a lesson whose whole file is (top-level code, an import that is refused). */
  readonly targets: readonly FunctionName[] | { readonly lesson: string };
  readonly typecheck?: boolean;
  /** Also graded for the terminal, where no control character may come out. */
  readonly terminal?: boolean;
  readonly setup?: (submission: string) => void;
  /** What the report must not say of the targets: an explanation the attack tries to forge. */
  readonly notSaid?: RegExp;
}

const ATTACKS: readonly Attack[] = [
  { file: 'channel-process-send.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-raw-fd.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-heap-snapshot.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-patch-builtins.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-stdout-internals.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-dynamic-code.ts', class: 'forged verdicts', targets: ['euclideanMatrix'] },
  { file: 'channel-tricky-values.ts', class: 'forged verdicts', targets: ['querySearch', 'topK'] },
  { file: 'channel-thrown-getters.ts', class: 'forged verdicts', targets: ['querySearch'] },
  { file: 'channel-hook-node-prototypes.ts', class: 'forged verdicts', targets: ['normalize'] },
  { file: 'mutation-prototype-accessor.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'mutation-proxy-rows.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'mutation-own-getters.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'mutation-after-return.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'mutation-swap-prototype.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'mutation-not-values.ts', class: 'mutation check', targets: ['normalize'] },
  { file: 'output-flood.ts', class: 'message shapes', targets: ['querySearch'] },
  { file: 'promise-forever.ts', class: 'message shapes', targets: ['querySearch', 'topK'] },
  { file: 'judge-cyclic.ts', class: 'unbounded judging', targets: ['euclideanMatrix'] },
  { file: 'judge-shared-branches.ts', class: 'unbounded judging', targets: ['euclideanMatrix'] },
  { file: 'judge-deep-nesting.ts', class: 'unbounded judging', targets: ['euclideanMatrix'] },
  { file: 'judge-sparse-giant.ts', class: 'unbounded judging', targets: ['euclideanMatrix'] },
  { file: 'judge-long-row.ts', class: 'unbounded judging', targets: ['normalize'] },
  { file: 'judge-extra-row.ts', class: 'unbounded judging', targets: ['normalize'] },
  { file: 'report-bomb.ts', class: 'message shapes', targets: ['querySearch', 'topK'], terminal: true },
  { file: 'network-fetch.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-net-import.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-builtin-module.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-unix-socket.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-listen.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-udp-dns.ts', class: 'network', targets: ['querySearch'] },
  { file: 'network-child-process.ts', class: 'network', targets: ['querySearch'] },
  { file: 'read-files.ts', class: 'reads', targets: ['querySearch'] },
  { file: 'read-existence.ts', class: 'reads', targets: ['querySearch'] },
  { file: 'read-type-import.ts', class: 'reads', targets: ['querySearch'], typecheck: true },
  { file: 'read-source-map.ts', class: 'reads', targets: ['querySearch'] },
  { file: 'read-outside-import.ts', class: 'reads', targets: { lesson: '05' } },
  {
    file: 'read-symlink.ts',
    class: 'reads',
    targets: { lesson: '05' },
    setup: (submission) => symlinkSync(world.otherStudent, join(dirname(exerciseFile(findLesson('05')!, submission)), 'helper.ts')),
  },
  { file: 'read-environment.ts', class: 'reads', targets: ['querySearch'] },
  {
    file: 'read-linked-lesson.ts',
    class: 'reads',
    // The test replaces lesson 04 with the link, so its functions go too.
    targets: ['querySearch', 'topK', 'cosine', 'cosineMatrix', 'cosineDistanceMatrix'],
    typecheck: true,
    setup: (submission) => {
      const lesson = dirname(exerciseFile(findLesson('04')!, submission));
      rmSync(lesson, { recursive: true });
      symlinkSync(dirname(world.otherStudent), lesson);
    },
  },
  { file: 'type-bomb.ts', class: 'stalls and crashes', targets: ['querySearch'], typecheck: true },
  { file: 'process-signals.ts', class: 'other processes', targets: ['querySearch'] },
  { file: 'process-privileges.ts', class: 'other processes', targets: ['querySearch'] },
  { file: 'terminal-escapes.ts', class: 'terminal', targets: ['querySearch', 'topK'], terminal: true, typecheck: true },
  { file: 'terminal-spoof.ts', class: 'terminal', targets: ['querySearch'], terminal: true },
  { file: 'memory-typed-arrays.ts', class: 'memory', targets: ['euclideanMatrix'] },
  { file: 'memory-wasm.ts', class: 'memory', targets: ['euclideanMatrix'] },
  { file: 'blind-distance.ts', class: 'blind case', targets: ['euclideanMatrixSymmetric'] },
  { file: 'blind-distance-copy.ts', class: 'blind case', targets: ['euclideanMatrixSymmetric'] },
  { file: 'interference-globals.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'interference-late-exit.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'interference-hog.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'interference-stdout.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'interference-starve.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'interference-shared-modules.ts', class: 'interference', targets: ['querySearch'] },
  { file: 'stall-load.ts', class: 'stalls and crashes', targets: { lesson: '05' } },
  { file: 'bundler-crash.ts', class: 'stalls and crashes', targets: { lesson: '05' } },
  { file: 'stall-every-limit.ts', class: 'stalls and crashes', targets: ['querySearch'] },
  { file: 'bundler-slow.ts', class: 'stalls and crashes', targets: { lesson: '05' } },
  { file: 'stall-blocking.ts', class: 'stalls and crashes', targets: ['querySearch'] },
  { file: 'exit-codes.ts', class: 'stalls and crashes', targets: ['querySearch', 'topK'] },
  { file: 'crash-blame-memory.ts', class: 'stalls and crashes', targets: ['querySearch'], notSaid: /memory/ },
];

// ---- the world around the submissions: secrets to keep, servers to leave alone ----
const SECRETS = {
  otherStudent: `OTHER-STUDENT-${process.pid}-7f3a`,
  canary: `CANARY-${process.pid}-91bc`,
  sourceMap: `SOURCE-MAP-${process.pid}-c4d2`,
  environment: `ENVIRONMENT-${process.pid}-0e6f`,
};

interface World {
  classDir: string;
  otherStudent: string;
  canary: string;
  secretMap: string;
  unixSocket: string;
  tcpPort: number;
  udpPort: number;
  listenPort: number;
  /** What reached the servers: must stay empty. */
  contacts: string[];
  fingerprint(): string;
}

const world = {} as World;
const closers: (() => void)[] = [];
const submissions: string[] = [];
/** Lessons whose bundle holds another lesson's file: an attack there legitimately changes their verdicts. */
const importers = new Map<string, Set<string>>();

function listening(server: Server, ...args: unknown[]): Promise<number> {
  return new Promise((resolve) => server.listen(...(args as []), () => resolve((server.address() as AddressInfo | null)?.port ?? 0)));
}

function hashTree(path: string): string {
  const hash = createHash('sha256');
  const walk = (at: string) => {
    const stat = statSync(at);
    if (stat.isDirectory()) for (const name of readdirSync(at).sort()) walk(join(at, name));
    else if (stat.isFile()) hash.update(at).update(readFileSync(at)).update(String(stat.mtimeMs));
  };
  walk(path);
  return hash.digest('hex');
}

beforeAll(async () => {
  world.classDir = mkdtempSync(join(tmpdir(), 'attack-class-'));
  submissions.push(world.classDir);
  world.otherStudent = join(world.classDir, 'other-student', '01-euclidean', 'exercise.ts');
  mkdirSync(dirname(world.otherStudent), { recursive: true });
  writeFileSync(
    world.otherStudent,
    `export type OtherStudentSecret = '${SECRETS.otherStudent}';\nexport const note: number = '${SECRETS.otherStudent}';\nexport function euclidean(a: number[], b: number[]): number {\n  return 0;\n}\n`,
  );
  world.canary = join(world.classDir, 'canary.txt');
  writeFileSync(world.canary, SECRETS.canary);
  world.secretMap = join(world.classDir, 'secret.map');
  writeFileSync(world.secretMap, JSON.stringify({ version: 3, sources: ['secret.ts'], sourcesContent: [SECRETS.sourceMap], names: [], mappings: 'AAAA' }));
  world.contacts = [];
  world.fingerprint = () => hashTree(world.classDir);

  const http = createHttpServer((request, response) => {
    world.contacts.push(`http ${request.url}`);
    response.end();
  });
  http.on('connection', () => world.contacts.push('tcp connection'));
  world.tcpPort = await listening(http, 0, '127.0.0.1');
  const udp = createSocket('udp4');
  udp.on('message', (message) => world.contacts.push(`udp ${message.length} bytes`));
  world.udpPort = await new Promise<number>((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)));
  world.unixSocket = join(world.classDir, 'grader.sock');
  const unix = createServer(() => world.contacts.push('unix socket connection'));
  await listening(unix, world.unixSocket);
  const probe = createServer();
  world.listenPort = await listening(probe, 0, '127.0.0.1');
  probe.close();
  closers.push(() => http.close(), () => udp.close(), () => unix.close());

  // Which lessons import which: from the bundles of the reference solutions.
  for (const lesson of LESSONS) {
    const loaded = await loadLessonFile(exerciseFile(lesson, SOLUTIONS_DIR), SOLUTIONS_DIR, world.classDir);
    if (!loaded.ok) throw new Error(loaded.message);
    for (const other of LESSONS) {
      if (loaded.bundle.files.some((file) => file.startsWith(`${other.number}-`))) importers.set(other.number, (importers.get(other.number) ?? new Set()).add(lesson.number));
    }
  }
});

afterAll(() => {
  for (const close of closers) close();
  removeAll(submissions);
});

// ---- building and grading one attack ----
function lessonOf(attack: Attack): Lesson {
  const lesson = 'lesson' in attack.targets ? findLesson(attack.targets.lesson) : findFunction(attack.targets[0])?.lesson;
  if (!lesson) throw new Error(`${attack.file}: no such lesson`);
  return lesson;
}

function attackSource(attack: Attack): string {
  return readFileSync(join(ATTACKS_DIR, attack.file), 'utf8')
    .replaceAll('__TCP_PORT__', String(world.tcpPort))
    .replaceAll('__UDP_PORT__', String(world.udpPort))
    .replaceAll('__LISTEN_PORT__', String(world.listenPort))
    .replaceAll('__UNIX_SOCKET__', world.unixSocket)
    .replaceAll('__OTHER_STUDENT__', world.otherStudent)
    .replaceAll('__CANARY_FILE__', world.canary)
    .replaceAll('__SECRET_MAP__', world.secretMap)
    .replaceAll('__DEEP_NESTING__', `${'['.repeat(300_000)}${']'.repeat(300_000)}`)
    .replaceAll('__ARROW_CHAIN__', `${'a=>'.repeat(7000)}1`)
    // Under the 64 KB a lesson file may have, yet minutes of the checker's time.
    .replaceAll('__TYPE_BOMB__', Array.from({ length: 1150 }, (_, i) => `export const v${i}: Build<900,[${i}]>['length']=900;`).join('\n'));
}

/** The solutions, with every function the attack defines taken out of its lesson file and the attack appended. */
function buildSubmission(attack: Attack): string {
  const dir = solutionCopy(submissions, 'attack-');
  const file = exerciseFile(lessonOf(attack), dir);
  const source = attackSource(attack);
  const replaced = [...source.matchAll(/^export (?:async )?function (\w+)\(/gm)].map((match) => match[1]);
  const kept = replaced.reduce((text, name) => replaceFunction(text, name, ''), readFileSync(file, 'utf8'));
  writeFileSync(file, `${kept}\n${source}`);
  attack.setup?.(dir);
  return dir;
}

interface Graded {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real command line, as an instructor runs it; knocks on the listen port all the while. */
function gradeByCli(submission: string, args: readonly string[]): Promise<Graded> {
  const knocking = setInterval(() => {
    const socket = createConnection(world.listenPort, '127.0.0.1');
    socket.on('connect', () => world.contacts.push('a listener answered'));
    socket.on('error', () => undefined);
    socket.setTimeout(200, () => socket.destroy());
  }, 25);
  return new Promise<Graded>((resolve) => {
    execFile(
      process.execPath,
      // Graded afresh every time: a result kept from an earlier run would test nothing.
      [join(ROOT, 'bin', 'grade.mjs'), '--submission', submission, '--no-cache', ...args],
      { cwd: ROOT, timeout: 60_000, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', VECTOR_ATTACK_SECRET: SECRETS.environment } },
      (error, stdout, stderr) => resolve({ code: error && typeof error.code !== 'number' ? null : (error?.code as number | undefined) ?? 0, stdout, stderr }),
    );
  }).finally(() => clearInterval(knocking));
}

/**
 * The counterexample search runs the attacked function again, in fresh sandboxes like the grade's own, and adds
 * lines to the report: it is searched where what comes out is the attack (a quarter of the suite's time spared).
 */
const searchesCounterexamples = (attack: Attack) => attack.class === 'message shapes' || attack.class === 'terminal' || attack.class === 'forged verdicts';

const limited = pLimit(2);
/** A test waits for its turn in the limiter, then grades (an attacked function is also shrunk): time for both. */
const TIMEOUT = { timeout: 180_000 };

describe('the attack fixtures', () => {
  it('number at least 40, cover every class, and are all graded here', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
    const classes = new Set(ATTACKS.map((attack) => attack.class));
    expect(classes.size, [...classes].join(', ')).toBe(12);
    const files = readdirSync(ATTACKS_DIR).filter((name) => name.endsWith('.ts'));
    expect(files.sort()).toEqual(ATTACKS.map((attack) => attack.file).sort());
  });
});

describe.concurrent('each attack, graded end to end', () => {
  for (const attack of ATTACKS) {
    it(`${attack.class}: ${attack.file.replace(/\.ts$/, '')}`, TIMEOUT, async ({ expect }) => {
      const submission = buildSubmission(attack);
      const before = { world: world.fingerprint(), contacts: world.contacts.length, priority: getPriority(process.pid) };
      const run = await limited(() => gradeByCli(submission, ['--json', ...(searchesCounterexamples(attack) ? [] : ['--no-counterexamples']), ...(attack.typecheck ? [] : ['--no-typecheck'])]));
      expect([0, 1], run.stderr).toContain(run.code);
      // A report to read, not to scroll: no value is ever printed whole.
      expect(run.stdout.length).toBeLessThan(1_000_000);
      const report = JSON.parse(run.stdout) as GradeReport;

      const lesson = lessonOf(attack);
      const targets: readonly string[] = 'lesson' in attack.targets ? lesson.functions.map((spec) => spec.name) : attack.targets;
      const spared = new Set([lesson.number, ...(importers.get(lesson.number) ?? [])]);
      for (const exercise of report.exercises) {
        const summary = `${exercise.function}: ${exercise.status}: ${exercise.summary}`;
        if (targets.includes(exercise.function)) {
          expect(exercise.status, summary).not.toBe('pass');
          if (attack.notSaid) expect(exercise.summary).not.toMatch(attack.notSaid);
        }
        else if (exercise.lesson === `${lesson.number}-${lesson.slug}` || !spared.has(exercise.lesson.slice(0, 2))) expect(exercise.status, summary).toBe('pass');
      }
      expect(report.exercises).toHaveLength(14);

      const everything = `${run.stdout}\n${run.stderr}`;
      for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
      expect(everything).not.toContain('ATTACK-SUCCEEDED');
      expect(world.contacts.slice(before.contacts)).toEqual([]);
      expect(world.fingerprint()).toBe(before.world);
      expect(getPriority(process.pid)).toBe(before.priority);

      if (attack.terminal) {
        const terminal = await limited(() => gradeByCli(submission, ['--no-typecheck']));
        expect(terminal.code).toBe(1);
        expect(terminal.stdout).toMatch(/Score: \d+ \/ 14/);
        expect(terminal.stdout.length).toBeLessThan(200_000);
        // Only the report's own lines start at the margin: one score, and no false all-pass.
        expect(terminal.stdout.match(/^Score:/gm)).toHaveLength(1);
        expect(terminal.stdout).not.toMatch(/^Everything passes/m);
        expect(terminal.stdout).not.toMatch(/^Score: 14 \/ 14/m);
        expect(terminal.stdout.match(/(?!\n)[\p{Cc}\p{Cf}\u2028\u2029\u3164\u2800]|[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]{2}|[\u{e0100}-\u{e01ef}]/gu) ?? []).toEqual([]);
      }
    });
  }
});

describe('memorised answers', () => {
  /** A euclidean that knows no math: it replays, call by call, the expected values of an earlier failing run. */
  function memoriser(expected: readonly unknown[]): string {
    return `const replay = ${JSON.stringify(expected)};
let call = 0;
export function euclidean(a: readonly number[], b: readonly number[]): number {
  console.log(JSON.stringify({ env: process.env, argv: process.argv, execArgv: process.execArgv }));
  const answer = replay[call++];
  if (typeof answer !== 'number') throw new Error(\`lengths \${a.length} and \${b.length}\`);
  return answer;
}`;
  }

  const SEED = 987_654_321;
  const grading = async (submission: string, seed: string) => JSON.parse((await limited(() => gradeByCli(submission, ['euclidean', '--json', '--no-typecheck', '--seed', seed]))).stdout) as GradeReport;

  it('pass with a seed they learned, fail with one they cannot learn, and never see the seed', TIMEOUT, async () => {
    const probe = solutionCopy(submissions, 'memoriser-');
    const file = exerciseFile(findLesson('01')!, probe);
    const solution = readFileSync(exerciseFile(findLesson('01')!, SOLUTIONS_DIR), 'utf8');
    writeFileSync(file, replaceFunction(solution, 'euclidean', memoriser([])));
    const learned = (await grading(probe, String(SEED))).exercises[0].cases.map((testCase) => testCase.expected);
    expect(learned.filter((value) => typeof value === 'number').length).toBeGreaterThan(10);

    writeFileSync(file, replaceFunction(solution, 'euclidean', memoriser(learned)));
    const replayed = await grading(probe, String(SEED));
    expect(replayed.exercises[0].status, replayed.exercises[0].summary).toBe('pass');
    expect(replayed.exercises[0].output).not.toContain(String(SEED));

    const fresh = await grading(probe, 'random');
    expect(fresh.exercises[0].status).toBe('fail');
    expect(JSON.stringify(fresh)).not.toContain('"seed"');
  });
});
