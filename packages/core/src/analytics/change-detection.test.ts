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
    // Near 1 the theta series needs its second term, and past 1 the alternating one does.
    expect(kolmogorovSurvival(0.9)).toBeCloseTo(0.3927307079406543, 12);
    expect(kolmogorovSurvival(Math.SQRT2)).toBeCloseTo(0.03663105270711935, 12);
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

  // Hand-worked: weeks {1, 3}, {1, 3}, {5, 7}, {5, 7}, every week n = 2 with within-week squares
  // 2. Mean 4; the CUSUM |s1 - 4 n1| after weeks 1, 2, 3 is 4, 8, 4, so the change is before
  // week 2. Within-week variance 8 / (8 - 4) = 2; the weekly means sit on the fitted levels 2 and
  // 6, so no overdispersion; statistic 8 / sqrt(2 * 8) = 2.
  const steps = weeksOf([
    [1, 3],
    [1, 3],
    [5, 7],
    [5, 7],
  ]);

  it('computes the statistic by hand on a small step, at the smallest sizes allowed', () => {
    // minN 4 and minWeeks 2 leave exactly one candidate: 4 responses and 2 weeks each side.
    const result = detectMeanChange(steps, { minN: 4, minWeeks: 2 });
    expect(result).toEqual({
      status: 'ok',
      index: 2,
      statistic: 2,
      pValue: expect.closeTo(0.0006709252557796953, 12) as number,
      overdispersion: 1,
      sd: Math.SQRT2,
      before: { n: 4, sum: 8, sumSq: 20 },
      after: { n: 4, sum: 24, sumSq: 148 },
    });
  });

  it('reports too little data one response or one week short of the minimum', () => {
    expect(detectMeanChange(steps, { minN: 5, minWeeks: 2 })).toEqual({
      status: 'insufficient-data',
      n: 8,
      minN: 10,
    });
    expect(detectMeanChange(steps, { minN: 4, minWeeks: 3 })).toEqual({
      status: 'insufficient-data',
      n: 8,
      minN: 8,
    });
  });

  it('reports too little data when enough responses leave no split with minN on each side', () => {
    // 4 responses >= 2 minN, but the only split leaves 3 and 1.
    expect(detectMeanChange(weeksOf([[1, 2, 3], [4]]), { minN: 2, minWeeks: 1 })).toEqual({
      status: 'insufficient-data',
      n: 4,
      minN: 4,
    });
  });

  it('uses the residuals of the two-level fit when weeks hold one response each', () => {
    // Values 2, 4, 8, 10: mean 6, CUSUM 4, 6, 4, change before week 2 (levels 3 and 9). No
    // within-week spread: the residual squares 1 + 1 + 1 + 1 over n - 2 = 2 give variance 2.
    // Weekly means vary by sampling error only: overdispersion max(1, 4 / 2 / 2) = 1.
    const result = detectMeanChange(weeksOf([[2], [4], [8], [10]]), { minN: 1, minWeeks: 1 });
    if (result.status !== 'ok') throw new Error(`expected a result, got ${result.status}`);
    expect(result.index).toBe(2);
    expect(result.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(result.overdispersion).toBe(1);
    expect(result.statistic).toBeCloseTo(6 / Math.sqrt(8), 12);
    expect(result.pValue).toBeCloseTo(0.0002468196081728957, 12);
  });

  it('skips empty weeks, inflates by overdispersion, and dates the change at the next data', () => {
    // Weeks {0, 2}, {4, 6}, {0, 2}, empty, {8, 10}, {4, 6}, {8, 10}: n = 12, mean 5, within
    // squares 2 per week (variance 12 / (12 - 6) = 2). CUSUM after each week with data: 8, 8, 16,
    // (16 again after the empty week), 8, 8; the split after the empty week is the first just
    // before data, so the change is at week 4. Levels 7/3 and 23/3; weekly means 1, 5, 1 and 9, 5,
    // 9 are 4/3, 8/3, 4/3 off them, squares 2 * 2 * 96/9 = 384/9 over variance 2 and 6 - 2 weeks:
    // overdispersion 16/3. Statistic 16 / sqrt(2 * 16/3 * 12) = sqrt(2). minN 6 and minWeeks 3
    // leave only that split.
    const result = detectMeanChange(
      weeksOf([[0, 2], [4, 6], [0, 2], [], [8, 10], [4, 6], [8, 10]]),
      { minN: 6, minWeeks: 3 },
    );
    if (result.status !== 'ok') throw new Error(`expected a result, got ${result.status}`);
    expect(result.index).toBe(4);
    expect(result.before).toEqual({ n: 6, sum: 14, sumSq: 60 });
    expect(result.after).toEqual({ n: 6, sum: 46, sumSq: 380 });
    expect(result.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(result.overdispersion).toBeCloseTo(16 / 3, 12);
    expect(result.statistic).toBeCloseTo(Math.SQRT2, 12);
    expect(result.pValue).toBeCloseTo(0.03663105270711935, 12);
  });

  it('takes the first of equal deviations and falls back to the fit when weeks have no spread', () => {
    // Weeks {1, 1}, {3, 3}, {1, 1}, {3, 3}: mean 2, |CUSUM| 2, 0, 2: the first split wins, levels
    // 1 and 7/3. No within-week spread, so the residuals stand in: 40 - 2 - 196/6 = 16/3 over
    // n - 2 = 6, variance 8/9. Weekly means off the levels by 0, 2/3, -4/3, 2/3: between squares
    // 48/9, over the variance and 4 - 2 weeks: overdispersion 3. Statistic
    // 2 / sqrt(8/9 * 3 * 8) = sqrt(3) / 4.
    const result = detectMeanChange(
      weeksOf([
        [1, 1],
        [3, 3],
        [1, 1],
        [3, 3],
      ]),
      {
        minN: 1,
        minWeeks: 1,
      },
    );
    if (result.status !== 'ok') throw new Error(`expected a result, got ${result.status}`);
    expect(result.index).toBe(1);
    expect(result.sd).toBeCloseTo(Math.sqrt(8 / 9), 12);
    expect(result.overdispersion).toBeCloseTo(3, 12);
    expect(result.statistic).toBeCloseTo(Math.sqrt(3) / 4, 12);
    expect(result.pValue).toBeCloseTo(0.9919638849668337, 12);
  });

  it('does not estimate overdispersion from two weeks', () => {
    // {1, 3} and {5, 7}: variance 4 / 2 = 2, CUSUM 4, statistic 4 / sqrt(2 * 4) = sqrt(2).
    const result = detectMeanChange(
      weeksOf([
        [1, 3],
        [5, 7],
      ]),
      { minN: 1, minWeeks: 1 },
    );
    if (result.status !== 'ok') throw new Error(`expected a result, got ${result.status}`);
    expect(result.overdispersion).toBe(1);
    expect(result.statistic).toBeCloseTo(Math.SQRT2, 12);
  });
});
