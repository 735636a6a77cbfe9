// The terminal under the watch mode. On a TTY: the alternate screen, raw keys, the cursor hidden, and frames
// drawn by rewriting only the lines that changed, inside a synchronized update, so nothing flickers; all of
// it undone on quit, on Ctrl-C, on a signal and on a crash. Elsewhere (output piped to a file or a test), each
// new frame is printed whole, plain, below the last.
import ansiEscapes from 'ansi-escapes';
import { emitKeypressEvents } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { onCleanup } from '../../grader/cleanup.ts';
import { fit, widthOf } from '../../grader/report/layout.ts';
import type { Size } from './screen.ts';
import type { Key } from './state.ts';

/** Terminals that know it draw a frame at once (DEC mode 2026); the others ignore it. */
const BEGIN_FRAME = '\x1b[?2026h';
const END_FRAME = '\x1b[?2026l';

const NAMED: Readonly<Record<string, Key>> = {
  up: 'up',
  k: 'up',
  down: 'down',
  j: 'down',
  pageup: 'pageup',
  pagedown: 'pagedown',
  space: 'pagedown',
  return: 'enter',
  enter: 'enter',
  escape: 'escape',
};
const LETTERS = new Set<string>(['n', 'p', 'h', 'l', 't', 'r', 'x', 'q', 'y']);

/** A keypress as readline names it, as the state machine's key. */
function keyOf(name: string | undefined, ctrl: boolean): Key {
  if (ctrl) return name === 'c' ? 'ctrl-c' : 'other';
  if (name && LETTERS.has(name)) return name as Key;
  return (name === undefined ? undefined : NAMED[name]) ?? 'other';
}

/**
 * A line no wider than `columns`. Lines are laid out to fit already; one that does not (a long line of code in a
 * lesson) loses its colours and is cut, since a line the terminal wrapped would push the whole frame down.
 */
function clip(line: string, columns: number): string {
  const plain = stripVTControlCharacters(line);
  return widthOf(plain) <= columns ? line : fit(plain, columns);
}

export class Terminal {
  private drawn: string[] = [];
  private active = false;
  /** Undoes `start`, at `stop` or however the process ends (a signal, an uncaught error): see cleanup.ts. */
  private release?: () => void;

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
  ) {}

  get interactive(): boolean {
    return Boolean(this.output.isTTY);
  }

  size(): Size {
    return { columns: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  /** Takes the terminal over: `onKey` gets each key, `onResize` each change of size. */
  start(onKey: (key: Key) => void, onResize: () => void): void {
    this.active = true;
    emitKeypressEvents(this.input);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on('keypress', (_: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => onKey(keyOf(key?.name, Boolean(key?.ctrl))));
    this.input.resume();
    if (this.interactive) {
      // eraseScreen, not clearScreen: that one resets the terminal, the hidden cursor with it.
      this.output.write(ansiEscapes.enterAlternativeScreen + ansiEscapes.eraseScreen + ansiEscapes.cursorHide);
      this.output.on('resize', () => {
        // Everything moved: the next frame is drawn whole.
        this.drawn = [];
        this.output.write(ansiEscapes.eraseScreen);
        onResize();
      });
    }
    this.release = onCleanup(() => this.restore());
  }

  /** Shows `lines`: on a TTY only those that changed are written. */
  draw(lines: readonly string[]): void {
    if (!this.active) return;
    const { columns, rows } = this.size();
    const frame = Array.from({ length: rows }, (_, i) => clip(lines[i] ?? '', columns));
    if (!this.interactive) {
      if (frame.join('\n') !== this.drawn.join('\n')) this.output.write(`${frame.map((line) => stripVTControlCharacters(line).trimEnd()).join('\n').trimEnd()}\n\n`);
      this.drawn = frame;
      return;
    }
    let out = '';
    frame.forEach((line, i) => {
      if (line !== this.drawn[i]) out += `${ansiEscapes.cursorTo(0, i)}${line}${ansiEscapes.eraseEndLine}`;
    });
    this.drawn = frame;
    if (out) this.output.write(`${BEGIN_FRAME}${out}${END_FRAME}`);
  }

  /** Gives the terminal back as it was found. Safe to call more than once. */
  stop(): void {
    this.release?.();
  }

  private restore(): void {
    if (!this.active) return;
    this.active = false;
    this.input.removeAllListeners('keypress');
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
    if (this.interactive) this.output.write(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen);
  }
}
