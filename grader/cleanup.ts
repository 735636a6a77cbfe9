// What the grader must undo however it ends: temporary folders to remove and sandbox processes to kill. While
// anything is registered, an exit, SIGINT, SIGTERM, SIGHUP or an uncaught error runs every undo first; a
// signal then ends the process with that signal's usual exit code. A killed grader cannot clean up: its
// folders are removed by the next run (workspace.ts) and its sandboxes die with it (launch.ts).

const undos = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function undoAll(): void {
  for (const undo of [...undos]) {
    undos.delete(undo);
    try {
      undo();
    } catch {
      // one failed undo must not keep the others from running
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  undoAll();
  uninstall();
  // Exit as the signal would have: 128 + its number, which shells and CI read as "interrupted".
  process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
}

function install(): void {
  process.on('exit', undoAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', undoAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers `undo`; the returned function runs it now (once) and unregisters it. */
export function onCleanup(undo: () => void): () => void {
  if (undos.size === 0) install();
  undos.add(undo);
  return () => {
    if (!undos.delete(undo)) return;
    if (undos.size === 0) uninstall();
    undo();
  };
}
