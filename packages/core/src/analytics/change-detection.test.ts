import { describe, expect, it } from 'vitest';
import { detectMeanChange, kolmogorovSurvival } from './change-detection.js';

/** Weeks from a list of per-week values. */
function weeksOf(values: number[][]) {
  const n = values.map((v) => v.length);
  const sum = values.map((v) => v.reduce((a, b) => a + b, 0));
  const sumSq = values.map((v) => v.reduce((a, b) => a + b * b, 0));
  return { n, sum, sumSq };
}

describe('kolmogorovSurvival', () => {
  // Reference values: scipy.special.kolmogorov.
  it('matches the Kolmogorov distribution on both branches', () => {
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 9);
    expect(kolmogorovSurvival(1)).toBeCloseTo(0.26999967167735456, 9);
    expect(kolmogorovSurvival(1.3580986393225507)).toBeCloseTo(0.05, 9);
    expect(kolmogorovSurvival(2)).toBeCloseTo(0.0006709252557796953, 12);
  });

  it('is 1 at and below zero and never negative far out', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(-1)).toBe(1);
    expect(kolmogorovSurvival(0.05)).toBe(1);
    expect(kolmogorovSurvival(40)).toBe(0);
  });
});

describe('detectMeanChange', () => {
  it('finds a clean step at the week it happens', () => {
    const values: number[][] = [];
    for (let w = 0; w < 20; w++) {
      const base = w < 12 ? 4 : 2;
      values.push([base - 1, base, base + 1, base, base - 1, base + 1]);
    }
    const result = detectMeanChange(weeksOf(values));
    if (result.status !== 'ok') throw new Error(`expected a result, got ${result.status}`);
    expect(result.index).toBe(12);
    expect(result.before).toEqual({ n: 72, sum: 288, sumSq: 288 * 4 + 48 });
    expect(result.after.sum / result.after.n).toBe(2);
    expect(result.pValue).toBeLessThan(1e-10);
    expect(result.overdispersion).toBe(1);
  });

  it('reports too little data instead of testing', () => {
    const result = detectMeanChange(weeksOf([[1, 2], [3], [2], [1]]));
    expect(result).toEqual({ status: 'insufficient-data', n: 5, minN: 60 });
  });

  it('reports no variance when every value is equal', () => {
    const values = Array.from({ length: 12 }, () => Array<number>(10).fill(3));
    expect(detectMeanChange(weeksOf(values))).toEqual({ status: 'no-variance', n: 120 });
  });

  it('keeps the minimum weeks on each side: a change in the last week cannot be dated there', () => {
    const values = Array.from({ length: 12 }, (_, w) => (w === 11 ? [9, 9, 9] : [1, 2, 3]));
    const result = detectMeanChange(weeksOf(values), { minN: 3, minWeeks: 4 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.index).toBeLessThanOrEqual(8);
  });

  it('discounts week-to-week swings beyond sampling error (overdispersion)', () => {
    // Alternating weekly means: no lasting change, but weekly noise far above sampling error.
    const values = Array.from({ length: 30 }, (_, w) =>
      w % 2 === 0 ? [4, 5, 4, 5, 4, 5] : [2, 1, 2, 1, 2, 1],
    );
    const result = detectMeanChange(weeksOf(values));
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.overdispersion).toBeGreaterThan(10);
    expect(result.pValue).toBeGreaterThan(0.5);
  });
});
