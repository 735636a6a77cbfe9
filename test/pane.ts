// Internal to the tests: a real pseudo-terminal for terminal programs. tmux runs a plain shell in a window of a
// given size on a server of the test's own; the test types into it and reads the screen back (capture-pane),
// as a person would see it. CI installs tmux (.ci/run) and sets REQUIRE_TMUX, so there these tests cannot skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterEach } from 'vitest';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.REQUIRE_TMUX) throw new Error('REQUIRE_TMUX is set but tmux is missing: apt-get install tmux');

/** A tmux server of this test's own (its own socket), a session `columns`×`rows` running a plain shell in `cwd`. */
export class Pane {
  private readonly socket = `test-pane-${process.pid}-${panes.length}-${Date.now()}`;

  constructor(cwd: string, columns = 80, rows = 24) {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'w', '-c', cwd, 'env -i PATH="$PATH" HOME="$HOME" TERM=xterm-256color bash --norc --noprofile');
    panes.push(this);
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  type(text: string, enter = false): void {
    this.tmux('send-keys', '-t', 'w', '-l', text);
    if (enter) this.tmux('send-keys', '-t', 'w', 'Enter');
  }

  key(name: string): void {
    this.tmux('send-keys', '-t', 'w', name);
  }

  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'w');
  }

  /** tmux's view of the terminal: whether the alternate screen is on and the cursor shown. */
  modes(): { alternate: boolean; cursor: boolean } {
    const [alternate, cursor] = this.tmux('display-message', '-p', '-t', 'w', '#{alternate_on} #{cursor_flag}').trim().split(' ');
    return { alternate: alternate === '1', cursor: cursor === '1' };
  }

  /** Waits for the screen to match `pattern`; fails with the screen as it is when it does not. */
  async until(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > end) throw new Error(`the screen never matched ${pattern}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** Every pane a test opened is closed after it. */
const panes: Pane[] = [];
afterEach(() => panes.splice(0).forEach((pane) => pane.close()));

