// A watchdog that does not blame the watched for the grader's own busy spells: when its timer comes late
// because the grader's event loop was busy, the lateness is given back, and anything already waiting to be
// read (an answer from the sandbox or the bundler) is read before it fires.

/** When a timer fires this much later than asked, the grader itself was busy. */
export const BUSY_GRACE_MS = 100;

/** Calls `fire` once `ms` have passed in which the grader was free to notice an answer; returns a cancel. */
export function fairTimeout(ms: number, fire: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (wait: number) => {
    const due = performance.now() + wait;
    timer = setTimeout(() => {
      const late = performance.now() - due;
      // Pending reads first: they run in the poll phase, before setImmediate's callbacks.
      setImmediate(() => {
        if (cancelled) return;
        if (late > BUSY_GRACE_MS) arm(late);
        else fire();
      });
    }, Math.max(0, wait));
  };
  arm(ms);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
