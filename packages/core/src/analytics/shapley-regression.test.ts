import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import { keyDriversFromRows } from './key-drivers.js';

// Brute force, done differently from the library: fit OLS with an intercept on the raw rows for
// every subset (normal equations, Gaussian elimination), then average each driver's R^2 gain over
// all 3! orders of entry.
const rows = [
  [12, 3, 7, 1],
  [15, 4, 6, 3],
  [11, 2, 8, 2],
  [19, 6, 5, 4],
  [14, 5, 9, 1],
  [22, 7, 4, 5],
  [17, 5, 6, 6],
  [9, 1, 9, 2],
  [20, 6, 3, 3],
  [16, 4, 5, 5],
  [13, 3, 8, 4],
  [21, 7, 6, 2],
];

function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    }
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = (a[r]?.[col] ?? 0) / (a[col]?.[col] ?? 1);
      for (let c = col; c <= n; c++) a[r]![c] = (a[r]?.[c] ?? 0) - factor * (a[col]?.[c] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

function ordinaryR2(drivers: number[]): number {
  const y = rows.map((row) => row[0] ?? 0);
  const meanY = y.reduce((s, v) => s + v, 0) / y.length;
  const total = y.reduce((s, v) => s + (v - meanY) ** 2, 0);
  if (drivers.length === 0) return 0;
  const design = rows.map((row) => [1, ...drivers.map((d) => row[d + 1] ?? 0)]);
  const width = drivers.length + 1;
  const xtx = Array.from({ length: width }, (_, i) =>
    Array.from({ length: width }, (_, j) =>
      design.reduce((s, x) => s + (x[i] ?? 0) * (x[j] ?? 0), 0),
    ),
  );
  const xty = Array.from({ length: width }, (_, i) =>
    design.reduce((s, x, r) => s + (x[i] ?? 0) * (y[r] ?? 0), 0),
  );
  const beta = solve(xtx, xty);
  const residual = design.reduce((s, x, r) => {
    const fitted = x.reduce((f, v, i) => f + v * (beta[i] ?? 0), 0);
    return s + ((y[r] ?? 0) - fitted) ** 2;
  }, 0);
  return 1 - residual / total;
}

function bruteForceShapley(): number[] {
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  const totals = [0, 0, 0];
  for (const order of orders) {
    const entered: number[] = [];
    for (const driver of order) {
      const before = ordinaryR2(entered);
      entered.push(driver);
      totals[driver] = (totals[driver] ?? 0) + ordinaryR2(entered) - before;
    }
  }
  return totals.map((t) => t / orders.length);
}

describe('Shapley value regression', () => {
  it('matches averaging R^2 gains over every order of entry, from separate OLS fits', () => {
    const expected = bruteForceShapley();
    const result = keyDriversFromRows(['y', 'a', 'b', 'c'], rows, { method: 'shapley' });
    expect(result.r2).toBeCloseTo(ordinaryR2([0, 1, 2]), 12);
    expected.forEach((weight, i) => expect(result.drivers[i]?.weight).toBeCloseTo(weight, 12));
    const total = result.drivers.reduce((sum, d) => sum + d.weight, 0);
    expect(total).toBeCloseTo(result.r2, 12);
  });

  it('equals relative weights and r^2 per driver when drivers are uncorrelated', () => {
    // A 2 x 2 factorial design replicated: the drivers are orthogonal.
    const orthogonal = [
      [3, -1, -1],
      [5, -1, 1],
      [6, 1, -1],
      [9, 1, 1],
      [2, -1, -1],
      [6, -1, 1],
      [7, 1, -1],
      [8, 1, 1],
    ];
    const shapley = keyDriversFromRows(['y', 'a', 'b'], orthogonal, { method: 'shapley' });
    const weights = keyDriversFromRows(['y', 'a', 'b'], orthogonal);
    shapley.drivers.forEach((driver, i) => {
      expect(driver.weight).toBeCloseTo(driver.correlation ** 2, 12);
      expect(driver.weight).toBeCloseTo(weights.drivers[i]?.weight ?? NaN, 12);
    });
  });

  it('refuses more than 15 drivers with too-many-drivers', () => {
    // 16 independent pseudo-random drivers (a fixed linear congruential sequence), 40 rows.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const names = ['y', ...Array.from({ length: 16 }, (_, i) => `d${i}`)];
    const wide = Array.from({ length: 40 }, () => names.map(() => next()));
    let caught: unknown;
    try {
      keyDriversFromRows(names, wide, { method: 'shapley' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnalyticsError);
    expect(caught).toMatchObject({ code: 'too-many-drivers' });
    expect(keyDriversFromRows(names, wide).drivers).toHaveLength(16);
  });
});
