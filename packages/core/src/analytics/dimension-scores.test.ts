import { describe, expect, it } from 'vitest';
import {
  computeDimensionScore,
  computeScaleScore,
  reverseScore,
  scoreOnHundred,
} from './dimension-scores.js';

// Two items on 1..7 from ten respondents; the second is worded in reverse.
// Item 1: 5 6 7 5 6 6 7 5 6 6 (sum 59, sum of squares 353); item 2: 2 3 1 2 2 3 1 2 2 2 (20, 44).
const scale = { scaleMin: 1, scaleMax: 7 };
const item1 = { n: 10, sum: 59, sumSq: 353 };
const item2 = { n: 10, sum: 20, sumSq: 44 };

describe('scoreOnHundred and reverseScore', () => {
  it('maps the scale ends to 0 and 100 and reverses with min + max - x', () => {
    expect(scoreOnHundred(1, scale)).toBe(0);
    expect(scoreOnHundred(7, scale)).toBe(100);
    expect(scoreOnHundred(4, scale)).toBe(50);
    expect(reverseScore(2, scale)).toBe(6);
    expect(() => scoreOnHundred(3, { scaleMin: 5, scaleMax: 5 })).toThrow(/scaleMax/);
  });
});

describe('computeDimensionScore', () => {
  it('averages item means after reversal: (5.9 + 6.0) / 2 = 5.95 -> 82.5', () => {
    const result = computeDimensionScore(
      [{ stats: item1 }, { stats: item2, reverse: true }],
      scale,
    );
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.score).toBeCloseTo(82.5, 12);
    expect(result.itemScores[0]).toBeCloseTo(81.6666667, 6);
    expect(result.itemScores[1]).toBeCloseTo(83.3333333, 6);
    // Conservative interval: mean of item SEs, t with 9 df (computed with scipy).
    expect(result.interval.low).toBeCloseTo(74.12715603916648, 9);
    expect(result.interval.high).toBeCloseTo(90.87284396083353, 9);
  });

  it('is never narrower than the exact interval from per-respondent dimension means', () => {
    // Per-respondent means (item1 + 8 - item2) / 2: sum 59.5, sum of squares 357.25.
    const exact = computeScaleScore({ n: 10, sum: 59.5, sumSq: 357.25 }, scale);
    const bound = computeDimensionScore([{ stats: item1 }, { stats: item2, reverse: true }], scale);
    if (exact.status !== 'ok' || bound.status !== 'ok') throw new Error('expected results');
    expect(exact.score).toBeCloseTo(82.5, 12);
    expect(exact.interval.low).toBeCloseTo(75.36300933815188, 9);
    expect(exact.interval.high).toBeCloseTo(89.63699066184812, 9);
    expect(bound.interval.low).toBeLessThan(exact.interval.low);
    expect(bound.interval.high).toBeGreaterThan(exact.interval.high);
  });

  it('clips the interval to 0..100', () => {
    const nearTop = computeScaleScore({ n: 10, sum: 69, sumSq: 477 }, scale);
    if (nearTop.status !== 'ok') throw new Error('expected a result');
    expect(nearTop.interval.high).toBe(100);
  });

  it('flags small items and rejects means off the scale', () => {
    expect(
      computeDimensionScore([{ stats: item1 }, { stats: { n: 4, sum: 8, sumSq: 18 } }], scale),
    ).toEqual({
      status: 'insufficient-data',
      n: 4,
      minN: 10,
    });
    expect(() => computeDimensionScore([{ stats: { n: 10, sum: 90, sumSq: 810 } }], scale)).toThrow(
      /outside the scale/,
    );
    expect(() => computeDimensionScore([], scale)).toThrow(/items/);
  });
});
