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

describe('dimension scores at their boundaries', () => {
  it('passes the confidence through to both intervals (scipy t with 9 df)', () => {
    const dimension = computeDimensionScore([{ stats: item1 }, { stats: item2, reverse: true }], {
      ...scale,
      confidence: 0.9,
    });
    if (dimension.status !== 'ok') throw new Error('expected a result');
    expect(dimension.interval.confidence).toBe(0.9);
    expect(dimension.interval.low).toBeCloseTo(75.71516258899923, 9);
    expect(dimension.interval.high).toBeCloseTo(89.28483741100078, 9);
    const exact = computeScaleScore(
      { n: 10, sum: 59.5, sumSq: 357.25 },
      { ...scale, confidence: 0.9 },
    );
    if (exact.status !== 'ok') throw new Error('expected a result');
    expect(exact.interval.low).toBeCloseTo(76.7166220377467, 9);
    expect(exact.interval.high).toBeCloseTo(88.2833779622533, 9);
  });

  it('takes item means at the ends of the scale and refuses them just past it', () => {
    const top = { n: 10, sum: 70, sumSq: 490 };
    const bottom = { n: 10, sum: 10, sumSq: 10 };
    const result = computeDimensionScore([{ stats: top }, { stats: bottom }], scale);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.itemScores).toEqual([100, 0]);
    expect(result.score).toBe(50);
    // Both items constant: zero-width interval at the score.
    expect(result.interval.low).toBe(50);
    expect(result.interval.high).toBe(50);
    expect(() =>
      computeDimensionScore([{ stats: { n: 10, sum: 9.9, sumSq: 9.9 } }], scale),
    ).toThrow('an item mean (0.99) lies outside the scale 1..7');
    expect(() =>
      computeDimensionScore([{ stats: { n: 10, sum: 70.1, sumSq: 492 } }], scale),
    ).toThrow(/an item mean \(7\.01\d*\) lies outside the scale 1\.\.7/);
  });

  it('reverses only items marked reverse: true', () => {
    const result = computeDimensionScore([{ stats: item2, reverse: false }], scale);
    if (result.status !== 'ok') throw new Error('expected a result');
    // Item 2's mean 2.0 -> (2 - 1) / 6 = 16.67.
    expect(result.score).toBeCloseTo(100 / 6, 12);
  });

  it('is insufficient below minN, where a dimension takes its smallest item', () => {
    expect(computeScaleScore({ n: 9, sum: 45, sumSq: 230 }, scale)).toEqual({
      status: 'insufficient-data',
      n: 9,
      minN: 10,
    });
    expect(
      computeDimensionScore([{ stats: { n: 9, sum: 45, sumSq: 230 } }], { ...scale, minN: 9 })
        .status,
    ).toBe('ok');
  });

  it('refuses bad bounds and a bad confidence, naming them', () => {
    expect(() => scoreOnHundred(3, { scaleMin: 7, scaleMax: 1 })).toThrow(
      'scaleMax must exceed scaleMin, got 7..1',
    );
    expect(() => scoreOnHundred(3, { scaleMin: Number.NaN, scaleMax: 7 })).toThrow(
      'scaleMin must be a finite number, got NaN',
    );
    expect(() => scoreOnHundred(3, { scaleMin: 1, scaleMax: Infinity })).toThrow(
      'scaleMax must be a finite number, got Infinity',
    );
    expect(() => computeDimensionScore([{ stats: item1 }], { ...scale, confidence: 1 })).toThrow(
      /confidence must be between 0 and 1/,
    );
    expect(() => computeDimensionScore([], scale)).toThrow('a dimension needs items');
  });
});
