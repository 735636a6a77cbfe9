// A lesson file's functions as text: where an exported function starts and ends, so that one function can be
// taken from a stub or a solution, or swapped, without touching the rest of the file.

/** The lines (0-based, inclusive) from `export function NAME(` to the first line after it that is exactly `}`. */
export function functionLines(text: string, name: string): { start: number; end: number } | { problem: string } {
  const lines = text.split('\n');
  const header = `export function ${name}(`;
  const starts = lines.flatMap((line, i) => (line.startsWith(header) ? [i] : []));
  if (starts.length !== 1) return { problem: `expected exactly one line starting "${header}", found ${starts.length}` };
  const start = starts[0];
  const end = lines.findIndex((line, i) => i > start && line === '}');
  if (end < 0) return { problem: `no line that is exactly "}" after "${header}"` };
  return { start, end };
}

/** The text of function `name`, from its `export function` line to its closing `}`. */
export function functionText(text: string, name: string): string {
  const span = functionLines(text, name);
  if ('problem' in span) throw new Error(span.problem);
  return text.split('\n').slice(span.start, span.end + 1).join('\n');
}

/**
 * `text` with function `name` replaced by `source` (a whole function, or anything). Throws when the function is
 * not found exactly once, so a misspelt name can never quietly leave the original.
 */
export function replaceFunction(text: string, name: string, source: string): string {
  const span = functionLines(text, name);
  if ('problem' in span) throw new Error(span.problem);
  const lines = text.split('\n');
  return [...lines.slice(0, span.start), ...source.split('\n'), ...lines.slice(span.end + 1)].join('\n');
}
