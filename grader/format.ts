// Short, readable renderings of numbers, vectors, matrices and calls for feedback messages.
import { COUNTING_DISTANCE_DESCRIPTION } from './cases/counting-distance.ts';
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

const compactRow = (row: readonly unknown[]) => `[${[...row.slice(0, PREVIEW).map(formatValue), ...(row.length > PREVIEW ? ['…'] : [])].join(', ')}]`;

function previewList(values: readonly unknown[], render: (value: unknown) => string): string {
  const shown = values.length <= PREVIEW * 2 ? values.map(render) : [...values.slice(0, PREVIEW).map(render), '…', ...values.slice(-PREVIEW).map(render)];
  return `[${shown.join(', ')}]`;
}

/** `[1, 2, 3]`, `384 numbers [0.1, …, 0.4]`, `4×384 matrix [[…], …]`, or a short description. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof Opaque) return value.description;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `${value.constructor.name} ${formatValue(Array.from(value as unknown as ArrayLike<number>))}`;
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(Array.isArray)) {
      const rows = value as unknown[][];
      const width = rows[0].length;
      const shape = rows.every((row) => row.length === width) ? `${rows.length}×${width} matrix` : `${rows.length} rows`;
      if (width * rows.length <= 16) return previewList(rows, formatValue);
      // Big matrices: the shape, and the first few components of the first and last rows.
      const shown = rows.length <= 2 ? rows : [rows[0], '…', rows[rows.length - 1]];
      return `${shape} [${shown.map((row) => (row === '…' ? row : compactRow(row as unknown[]))).join(', ')}]`;
    }
    return value.length <= PREVIEW * 2 ? previewList(value, formatValue) : `${value.length} numbers ${previewList(value, formatValue)}`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return value.constructor?.name && value.constructor.name !== 'Object' ? `a ${value.constructor.name}` : 'an object';
  return String(value);
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
    const isCounter = typeof arg === 'object' && arg !== null && '$sandbox' in arg;
    return `${label}${isCounter ? COUNTING_DISTANCE_DESCRIPTION : formatValue(arg)}`;
  });
  return `${name}(${rendered.join(', ')})`;
}

/** Large values are summarised in the JSON report; small ones are kept whole. JSON has no NaN/Infinity. */
export function jsonSafe(value: unknown, maxNumbers = 64): unknown {
  const count = Array.isArray(value) ? value.flat().length : 1;
  if (count > maxNumbers) return formatValue(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return formatNumber(value);
  if (Array.isArray(value)) return value.map((item) => jsonSafe(item, maxNumbers));
  if (ArrayBuffer.isView(value) || typeof value === 'bigint' || (typeof value === 'object' && value !== null)) return formatValue(value);
  return value;
}
