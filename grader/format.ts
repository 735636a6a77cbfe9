// Short, readable renderings of numbers, vectors, matrices and calls for feedback messages.
import { COUNTING_DISTANCE_DESCRIPTION, isCountingStandIn } from './cases/counting-distance.ts';
import { Opaque } from './types.ts';

/** Eight significant digits: enough to see a difference at the tolerance, short enough to read. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(8)));
}

const PREVIEW = 3;
/** No rendering is longer than this, however large or deep the value: feedback is read, not scrolled. */
const MAX_TEXT = 240;
/** Arrays nested deeper than a matrix's rows are only counted. */
const MAX_DEPTH = 2;

function previewList(values: readonly unknown[], render: (value: unknown) => string): string {
  const shown = values.length <= PREVIEW * 2 ? values.map(render) : [...values.slice(0, PREVIEW).map(render), '…', ...values.slice(-PREVIEW).map(render)];
  return `[${shown.join(', ')}]`;
}

function render(value: unknown, depth: number): string {
  const inner = (item: unknown) => render(item, depth + 1);
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof Opaque) return value.description;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const numbers = value as unknown as ArrayLike<number>;
    // Only the numbers shown are copied out, however long the typed array.
    const preview = numbers.length <= PREVIEW * 2 ? Array.from(numbers) : [...Array.from({ length: PREVIEW }, (_, i) => numbers[i]), ...Array.from({ length: PREVIEW }, (_, i) => numbers[numbers.length - PREVIEW + i])];
    const list = numbers.length <= PREVIEW * 2 ? previewList(preview, inner) : `${numbers.length} numbers [${[...preview.slice(0, PREVIEW).map(inner), '…', ...preview.slice(PREVIEW).map(inner)].join(', ')}]`;
    return `${value.constructor.name} ${list}`;
  }
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return value.length === 0 ? '[]' : `[…${value.length} items]`;
    if (value.length > 0 && value.every(Array.isArray)) {
      const rows = value as unknown[][];
      const width = rows[0].length;
      const shape = rows.every((row) => row.length === width) ? `${rows.length}×${width} matrix` : `${rows.length} rows`;
      if (width * rows.length <= 16) return previewList(rows, inner);
      // Big matrices: the shape, and the first few components of the first and last rows.
      const compactRow = (row: readonly unknown[]) => `[${[...row.slice(0, PREVIEW).map((item) => render(item, depth + 2)), ...(row.length > PREVIEW ? ['…'] : [])].join(', ')}]`;
      const shown = rows.length <= 2 ? rows.map(compactRow) : [compactRow(rows[0]), '…', compactRow(rows[rows.length - 1])];
      return `${shape} [${shown.join(', ')}]`;
    }
    return value.length <= PREVIEW * 2 ? previewList(value, inner) : `${value.length} numbers ${previewList(value, inner)}`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor?.name && value.constructor.name !== 'Object' ? `a ${value.constructor.name}` : 'an object';
  return String(value);
}

/** `[1, 2, 3]`, `384 numbers [0.1, …, 0.4]`, `4×384 matrix [[…], …]`, or a short description; never long. */
export function formatValue(value: unknown): string {
  const text = render(value, 0);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** The parameter names of a signature such as `f(a: readonly number[], g?: (x: T) => U): V`. */
function parameterNames(signature: string): string[] {
  const open = signature.indexOf('(');
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of signature.slice(open + 1)) {
    if (depth === 0 && (char === ',' || char === ')')) {
      if (current.trim()) names.push(current.trim().split(/[?:\s]/)[0]);
      if (char === ')') break;
      current = '';
      continue;
    }
    if ('([{<'.includes(char)) depth++;
    if (')]}>'.includes(char) && !(char === '>' && current.endsWith('='))) depth--;
    current += char;
  }
  return names;
}

/** `euclidean(a: [0, 0], b: [3, 4])`, with the parameter names of the signature. */
export function formatCall(signature: string, name: string, args: readonly unknown[]): string {
  const parameters = parameterNames(signature);
  const rendered = args.map((arg, i) => {
    const label = parameters[i] ? `${parameters[i]}: ` : '';
    return `${label}${isCountingStandIn(arg) ? COUNTING_DISTANCE_DESCRIPTION : formatValue(arg)}`;
  });
  return `${name}(${rendered.join(', ')})`;
}

/** How many numbers `value` holds (an empty array counts as one), counting no further than `limit` + 1. */
function sizeOf(value: unknown, limit: number): number {
  if (!Array.isArray(value)) return ArrayBuffer.isView(value) ? (value as unknown as ArrayLike<number>).length : 1;
  if (value.length === 0) return 1;
  let size = 0;
  for (let i = 0; i < value.length && size <= limit; i++) size += sizeOf(value[i], limit - size);
  return size;
}

/** Large values are summarised in the JSON report; small ones are kept whole. JSON has no NaN/Infinity. */
export function jsonSafe(value: unknown, maxNumbers = 64): unknown {
  if (sizeOf(value, maxNumbers) > maxNumbers) return formatValue(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return formatNumber(value);
  if (Array.isArray(value)) return value.map((item) => jsonSafe(item, maxNumbers));
  if (ArrayBuffer.isView(value) || typeof value === 'bigint' || (typeof value === 'object' && value !== null)) return formatValue(value);
  return value;
}
