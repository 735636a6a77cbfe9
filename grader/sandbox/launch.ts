// How a sandbox process is started, and which protection layers this machine gives it. The layers inside
// the process (Node's permission model, the lockdown, the authenticated channel) work everywhere. On Linux,
// util-linux (Debian's essential util-linux package: prlimit, setpriv, unshare) adds operating-system walls
// around it: no network, no view of other processes, a user with no privileges, hard memory and CPU caps,
// and death with the grader. Each is probed once per process; a missing one is reported, never faked.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type LayerId =
  | 'closed-reads'
  | 'private-temp-folders'
  | 'separate-process'
  | 'authenticated-channel'
  | 'permission-model'
  | 'lockdown'
  | 'network-namespace'
  | 'pid-namespace'
  | 'unprivileged-user'
  | 'resource-limits'
  | 'dies-with-grader';

export interface Layer {
  readonly id: LayerId;
  readonly title: string;
  readonly active: boolean;
  /** What it does here, or why it is missing and what would bring it. */
  readonly detail: string;
}

export interface SandboxLimits {
  /** V8 heap limit. */
  readonly heapMb: number;
  /** Everything the process may allocate, ArrayBuffers included (RLIMIT_DATA). */
  readonly memoryMb: number;
  /** CPU time before the kernel ends the process: a backstop should the grader lose track of it. */
  readonly cpuSeconds: number;
}

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

export interface Launcher {
  readonly layers: readonly Layer[];
  /** Program and arguments that start one sandbox running `harness`. */
  command(harness: string, limits: SandboxLimits): Command;
  /**
   * A trusted tool that reads learner files (the type checker): capped in memory and CPU time, and killed
   * with the grader, where the machine allows. It needs the files, so no namespaces and no other user.
   */
  tool(file: string, args: readonly string[], limits: Omit<SandboxLimits, 'heapMb'>): Command;
}

const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const findTool = (name: string) => SYSTEM_DIRS.map((dir) => join(dir, name)).find((path) => existsSync(path));

/** Exits 0? Run with an empty environment, as the sandbox is. */
function succeeds(file: string | undefined, args: readonly string[]): Promise<boolean> {
  if (!file) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'ignore', env: {} });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Whether a user with no rights of its own can run this Node binary: every folder on its path must let others in. */
function nodeRunnableByOthers(): boolean {
  const others = 0o001;
  for (let path = process.execPath; ; path = dirname(path)) {
    if ((statSync(path).mode & others) === 0) return false;
    if (dirname(path) === path) return true;
  }
}

/** Node 20 spells the permission flag --experimental-permission; later versions --permission. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/**
 * Sandboxes run below the grader's CPU priority: learner code that loops (or many sandboxes at once) then slows
 * other learner code, never the grader's bundler and bookkeeping, whose timeouts would otherwise blame a file.
 */
const NICENESS = 10;

/** A user id no account has: sandboxes share nothing with any user, nor with each other. */
const unusedUid = () => String(randomInt(2_000_000_000, 2_100_000_000));

interface Probe {
  readonly linux: boolean;
  readonly root: boolean;
  readonly nice?: string;
  readonly prlimit?: string;
  readonly setpriv?: string;
  readonly unshare?: string;
  readonly namespaces: boolean;
  readonly dropUser: boolean;
}

async function probe(): Promise<Probe> {
  const linux = process.platform === 'linux';
  const root = process.getuid?.() === 0;
  if (!linux) return { linux, root, namespaces: false, dropUser: false };
  const [prlimit, setpriv, unshare, shell, nice] = [findTool('prlimit'), findTool('setpriv'), findTool('unshare'), findTool('sh'), findTool('nice')];
  const truth = findTool('true') ?? '/bin/true';
  const uid = unusedUid();
  const [niceWorks, limitsWork, setprivWorks, namespaces, dropUser] = await Promise.all([
    succeeds(nice, ['-n', String(NICENESS), truth]),
    succeeds(prlimit, ['--data=1073741824', '--cpu=60', '--core=0', '--', truth]),
    succeeds(setpriv, ['--no-new-privs', '--pdeathsig', 'KILL', '--', truth]),
    shell ? succeeds(unshare, [...(root ? [] : ['--user']), '--net', '--pid', '--ipc', '--fork', '--kill-child', '--', truth]) : Promise.resolve(false),
    root && nodeRunnableByOthers()
      ? succeeds(setpriv, ['--reuid', uid, '--regid', uid, '--clear-groups', '--no-new-privs', '--', process.execPath, '--version'])
      : Promise.resolve(false),
  ]);
  return {
    linux,
    root,
    ...(niceWorks ? { nice } : {}),
    ...(limitsWork ? { prlimit } : {}),
    ...(setprivWorks ? { setpriv } : {}),
    ...(namespaces ? { unshare } : {}),
    namespaces,
    dropUser: dropUser && setprivWorks,
  };
}

function describeLayers(found: Probe): Layer[] {
  const linuxOnly = 'Linux only: on this system the layers above stand alone (grade a class on Linux, or in the Gradescope container)';
  const needs = (tool: string) => (found.linux ? `${tool} (Debian package util-linux) is missing or refused here` : linuxOnly);
  const userDetail = found.root
    ? found.dropUser
      ? 'the grader runs as root; each sandbox drops to its own unused user id, with no groups and no capabilities'
      : nodeRunnableByOthers()
        ? needs('setpriv')
        : `the grader runs as root but ${process.execPath} is not readable by other users, so sandboxes cannot drop to one: install Node.js where every user can run it`
    : 'the grader does not run as root, so neither do its sandboxes';
  return [
    { id: 'closed-reads', title: 'Trusted tools read only the submission', active: true, detail: 'the bundler and the type checker see the submission’s files and the grader’s own declarations, nothing else: no outside import, link, source map or tsconfig is followed' },
    { id: 'private-temp-folders', title: 'Private temporary folders', active: true, detail: 'mode 0700, removed on exit, interruption or crash; those of a killed grader are removed by the next one' },
    {
      id: 'separate-process',
      title: 'Separate processes',
      active: true,
      detail: 'learner code never runs in the grader; a crash, a hang or a runaway allocation ends only its sandbox, and what it had still to run moves to fresh ones; each call has a time limit',
    },
    { id: 'authenticated-channel', title: 'Authenticated results', active: true, detail: 'results travel in frames signed with a per-sandbox key that learner code never sees; each is checked against a strict schema with size limits' },
    { id: 'permission-model', title: "Node's permission model", active: true, detail: `${PERMISSION_FLAG}: no file reads or writes, no child processes, workers, inspector, addons or WASI` },
    { id: 'lockdown', title: 'A locked-down JavaScript world', active: true, detail: 'frozen built-ins, no eval, built-in modules replaced by stubs, no fetch or sockets, no signals (not even to itself)' },
    { id: 'network-namespace', title: 'No network', active: found.namespaces, detail: found.namespaces ? 'each sandbox runs in an empty network namespace' : needs('unshare with namespaces') },
    { id: 'pid-namespace', title: 'No view of other processes', active: found.namespaces, detail: found.namespaces ? 'each sandbox runs in its own PID namespace: no other process can be seen, signalled or reniced' : needs('unshare with namespaces') },
    { id: 'unprivileged-user', title: 'An unprivileged user', active: !found.root || found.dropUser, detail: userDetail },
    {
      id: 'resource-limits',
      title: 'Hard memory and CPU caps',
      active: found.prlimit !== undefined,
      detail: found.prlimit
        ? `RLIMIT_DATA caps all memory, ArrayBuffers included; RLIMIT_CPU is a backstop; no core files${found.nice ? `; a lower CPU priority (nice ${NICENESS}), so that busy sandboxes cannot starve the grader` : ''}`
        : needs('prlimit'),
    },
    { id: 'dies-with-grader', title: 'Dies with the grader', active: found.setpriv !== undefined, detail: found.setpriv ? 'the kernel kills every sandbox when the grader dies (parent-death signal)' : needs('setpriv') },
  ];
}

const capped = (prlimit: string | undefined, limits: Omit<SandboxLimits, 'heapMb'>) =>
  prlimit ? [prlimit, `--data=${limits.memoryMb * 1024 * 1024}`, `--cpu=${limits.cpuSeconds}`, '--core=0', '--'] : [];

function createLauncher(found: Probe): Launcher {
  return {
    layers: describeLayers(found),
    tool(file, args, limits) {
      const argv = [...capped(found.prlimit, limits), ...(found.setpriv ? [found.setpriv, '--pdeathsig', 'KILL', '--'] : []), file, ...args];
      return { file: argv[0], args: argv.slice(1) };
    },
    command(harness, limits) {
      const { prlimit, setpriv, unshare } = found;
      const uid = unusedUid();
      const drop = found.dropUser ? ['--reuid', uid, '--regid', uid, '--clear-groups'] : [];
      const node = [
        process.execPath,
        `--max-old-space-size=${limits.heapMb}`,
        // A young generation of 4 MB, not 16 to 64: as fast for the harness's short-lived copies, 30 MB less each.
        '--max-semi-space-size=4',
        PERMISSION_FLAG,
        '--frozen-intrinsics',
        '--disallow-code-generation-from-strings',
        '--disable-proto=throw',
        '--no-addons',
        '--no-warnings',
        '--input-type=module',
        '-e',
        harness,
      ];
      const argv = [
        ...(found.nice ? [found.nice, '-n', String(NICENESS)] : []),
        ...capped(prlimit, limits),
        // The parent-death signal is lost when the user changes, so the inner setpriv sets it again.
        ...(setpriv && unshare ? [setpriv, '--pdeathsig', 'KILL', '--'] : []),
        ...(unshare ? [unshare, ...(found.root ? [] : ['--user']), '--net', '--pid', '--ipc', '--fork', '--kill-child', '--'] : []),
        ...(setpriv ? [setpriv, ...drop, '--no-new-privs', '--pdeathsig', 'KILL', '--'] : []),
        // PID 1 of a namespace ignores signals from inside it; a shell as PID 1 keeps Node's signals ordinary.
        ...(unshare ? ['/bin/sh', '-c', '"$@"; exit $?', 'sh'] : []),
        ...node,
      ];
      return { file: argv[0], args: argv.slice(1) };
    },
  };
}

let launcher: Promise<Launcher> | undefined;

/** The launcher for this machine, probed on first use. */
export function sandboxLauncher(): Promise<Launcher> {
  launcher ??= probe().then(createLauncher);
  return launcher;
}
