import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUGS_DATA_FILE } from '../curriculum/paths.ts';
import {
  BUGS_DATA_SEED,
  DIMENSIONS,
  EDGE_COLUMNS,
  PRINTED_DOT_PRODUCTS,
  PRINTED_EDGE_COMPONENTS,
  buildBugsData,
  choleskyLower,
  reconstructVectors,
  seededOrthonormalRows,
  serializeBugsData,
} from './bugs-data.ts';

const data = buildBugsData();
const onDisk = readFileSync(BUGS_DATA_FILE, 'utf8');

describe('lessons/data/bugs.json', () => {
  it('is exactly what `npm run data:bugs` writes', () => {
    // A plain string comparison: any drift (hand edit, changed seed, changed arithmetic) fails here.
    expect(onDisk === serializeBugsData(data), 'bugs.json is stale: run `npm run data:bugs`').toBe(true);
  });

  it('parses back to the very same numbers', () => {
    // The text must be lossless, not merely close: the figure tests read the file, not buildBugsData().
    expect(JSON.parse(onDisk)).toEqual(data);
  });

  it('keeps each vector on one line', () => {
    const vectorLines = onDisk.split('\n').filter((line) => /^ {4}\[-?\d/.test(line));
    expect(vectorLines).toHaveLength(4);
    expect(onDisk.endsWith(']\n  ]\n}\n')).toBe(true);
  });
});

describe('buildBugsData', () => {
  it('gives 4 finite vectors of 384 components', () => {
    expect(data.vectors).toHaveLength(4);
    for (const row of data.vectors) {
      expect(row).toHaveLength(DIMENSIONS);
      expect(row.every(Number.isFinite)).toBe(true);
    }
  });

  it('keeps the printed components exactly, as the same decimals in the file', () => {
    // Typed again here as text rather than imported, so a typo in PRINTED_EDGE_COMPONENTS cannot hide.
    const printed = [
      ['-0.22804335', '-0.246477', '-0.00319243', '0.4552812', '0.6341975', '0.53750485'],
      ['-0.35791564', '-0.32084018', '0.15963301', '-0.07050626', '0.9275025', '0.34377253'],
      ['0.20302981', '-0.2689862', '0.1628514', '-0.19650973', '-0.03379842', '0.5956156'],
      ['-0.04264269', '-0.45721576', '-0.09526495', '-0.5803074', '0.17248403', '0.09127846'],
    ];
    const lines = onDisk.split('\n').filter((line) => /^ {4}\[-?\d/.test(line));
    lines.forEach((line, i) => {
      const tokens = line.trim().replace(/^\[|\],?$/g, '').split(', ');
      expect(tokens).toHaveLength(DIMENSIONS);
      expect(EDGE_COLUMNS.map((column) => tokens[column]), `row ${i} in the file`).toEqual(printed[i]);
      expect(EDGE_COLUMNS.map((column) => data.vectors[i][column]), `row ${i} built`).toEqual(printed[i].map(Number));
    });
  });

  it('reproduces the printed dot products: X·Xᵀ = G within 1e-5 relative', () => {
    const g = [
      [33.74440384, 18.53539658, 8.56981182, 7.83093166],
      [18.53539658, 38.86933899, 7.8899622, 8.6634016],
      [8.56981182, 7.8899622, 37.26202011, 17.66955757],
      [7.83093166, 8.6634016, 17.66955757, 33.12266159],
    ];
    expect(PRINTED_DOT_PRODUCTS).toEqual(g);
    let worst = 0;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < DIMENSIONS; k++) s += data.vectors[i][k] * data.vectors[j][k];
        worst = Math.max(worst, Math.abs(s - g[i][j]) / Math.abs(g[i][j]));
      }
    }
    // Exact arithmetic gives G; what remains is float64 rounding, many orders below the bound.
    expect(worst).toBeLessThan(1e-5);
  });

  it('draws orthonormal rows for the hidden columns', () => {
    const q = seededOrthonormalRows(BUGS_DATA_SEED, 4, DIMENSIONS - EDGE_COLUMNS.length);
    expect(q).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      expect(q[i]).toHaveLength(378);
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < q[i].length; k++) s += q[i][k] * q[j][k];
        expect(Math.abs(s - (i === j ? 1 : 0)), `(Q·Qᵀ)[${i}][${j}] = ${s}`).toBeLessThan(1e-12);
      }
    }
  });

  it('is deterministic and depends on the seed', () => {
    expect(seededOrthonormalRows(7, 2, 5)).toEqual(seededOrthonormalRows(7, 2, 5));
    expect(seededOrthonormalRows(7, 2, 5)).not.toEqual(seededOrthonormalRows(8, 2, 5));
  });
});

describe('choleskyLower', () => {
  it('factors a positive definite matrix', () => {
    // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
    expect(choleskyLower([[4, 2], [2, 3]])).toEqual([[2, 0], [1, Math.SQRT2]]);
  });

  it('refuses a matrix that is not positive definite', () => {
    // Eigenvalues 3 and −1: no real L exists.
    expect(() => choleskyLower([[1, 2], [2, 1]])).toThrow(/not positive definite \(pivot 1 is -3\)/);
    expect(() => choleskyLower([[0, 0], [0, 1]])).toThrow(/not positive definite \(pivot 0/);
  });

  it('makes the build fail clearly when the printed components alone exceed the printed dot products', () => {
    // Shrinking G's diagonal below ‖F_i‖² leaves G − F·Fᵀ with a negative pivot.
    const shrunk = PRINTED_DOT_PRODUCTS.map((row, i) => row.map((x, j) => (i === j ? 0.1 : x / 1000)));
    expect(() =>
      reconstructVectors({ dotProducts: shrunk, edgeComponents: PRINTED_EDGE_COMPONENTS, seed: BUGS_DATA_SEED }),
    ).toThrow(/G − F·Fᵀ is not positive definite/);
  });
});
