// The comparisons a change scan shares with its localisation, checked on values worked by hand
// (normal and t quantiles from scipy.stats).
import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import {
  changeEffect,
  changeScanSettings,
  compareAtWeek,
  dayNumberToDate,
  describeChangeSide,
  isRelevantEffect,
} from './change-detection-effects.js';

function weeksOf(values: number[][]) {
  return {
    n: values.map((v) => v.length),
    sum: values.map((v) => v.reduce((a, b) => a + b, 0)),
    sumSq: values.map((v) => v.reduce((a, b) => a + b * b, 0)),
  };
}

describe('changeScanSettings', () => {
  it('fills in the documented defaults and keeps what the caller set', () => {
    expect(changeScanSettings()).toEqual({
      alpha: 0.05,
      adjustment: 'holm',
      minN: 30,
      minWeeks: 4,
      minEffectSize: 0.3,
      minNpsPoints: 10,
      dateToleranceWeeks: 4,
    });
    expect(changeScanSettings({ minWeeks: 2, adjustment: 'benjamini-hochberg' })).toMatchObject({
      minWeeks: 2,
      adjustment: 'benjamini-hochberg',
    });
    expect(changeScanSettings({ minN: 0 }).minN).toBe(0);
  });

  it('refuses alpha outside (0, 1) and thresholds below zero or infinite, naming them', () => {
    for (const alpha of [0, 1, -0.1, Number.NaN]) {
      expect(() => changeScanSettings({ alpha })).toThrow(/alpha must be in \(0, 1\)/);
    }
    expect(changeScanSettings({ alpha: 0.999 }).alpha).toBe(0.999);
    expect(() => changeScanSettings({ minN: -1 })).toThrow(AnalyticsError);
    expect(() => changeScanSettings({ minN: -1 })).toThrow('minN must be a number >= 0, got -1');
    expect(() => changeScanSettings({ minNpsPoints: Infinity })).toThrow(/minNpsPoints/);
  });
});

describe('changeEffect and isRelevantEffect', () => {
  it('gives NPS points, or the difference of means over sd (0 without spread)', () => {
    // Means 1/4 and 3/5: 35 points.
    expect(changeEffect('nps', { n: 4, sum: 1, sumSq: 1 }, { n: 5, sum: 3, sumSq: 3 }, 9)).toBe(35);
    expect(changeEffect('mean', { n: 2, sum: 2, sumSq: 2 }, { n: 2, sum: 6, sumSq: 18 }, 4)).toBe(
      0.5,
    );
    expect(changeEffect('mean', { n: 2, sum: 2, sumSq: 2 }, { n: 2, sum: 6, sumSq: 18 }, 0)).toBe(
      0,
    );
  });

  it('is relevant from the threshold on, in either direction', () => {
    const settings = changeScanSettings();
    expect(isRelevantEffect('nps', 10, settings)).toBe(true);
    expect(isRelevantEffect('nps', -10, settings)).toBe(true);
    expect(isRelevantEffect('nps', 9.9, settings)).toBe(false);
    expect(isRelevantEffect('nps', 0.5, settings)).toBe(false);
    expect(isRelevantEffect('mean', 0.3, settings)).toBe(true);
    expect(isRelevantEffect('mean', -0.29, settings)).toBe(false);
    expect(isRelevantEffect('mean', 5, settings)).toBe(true);
  });
});

describe('describeChangeSide', () => {
  it('reads NPS counts back from the +1 / 0 / -1 sums', () => {
    // 3 promoters, 1 passive, 2 detractors: n 6, sum 1, sum of squares 5; NPS 100/6. Adjusted-Wald
    // (n < 100): shares 3.75/9 and 2.75/9, centre 11.11, SE 0.2808, 95% interval -43.93 to 66.16.
    const side = describeChangeSide('nps', { n: 6, sum: 1, sumSq: 5 });
    expect(side.n).toBe(6);
    expect(side.value).toBeCloseTo(100 / 6, 10);
    expect(side.interval.low).toBeCloseTo(-43.933936183682256, 8);
    expect(side.interval.high).toBeCloseTo(66.15615840590448, 8);
  });

  it('gives a mean with its t interval', () => {
    // 1, 2, 3, 4: mean 2.5, sd sqrt(5/3), SE sqrt(5/3) / 2, t(0.975, 3) = 3.18245.
    const side = describeChangeSide('mean', { n: 4, sum: 10, sumSq: 30 });
    expect(side.value).toBe(2.5);
    expect(side.interval.low).toBeCloseTo(0.4457397432394794, 10);
    expect(side.interval.high).toBeCloseTo(4.554260256760521, 10);
  });

  it('falls back to the raw value without an interval when there are too few responses', () => {
    expect(describeChangeSide('mean', { n: 1, sum: 4, sumSq: 16 })).toEqual({
      n: 1,
      value: 4,
      interval: { low: 4, high: 4, confidence: 0.95 },
    });
    expect(describeChangeSide('nps', { n: 0, sum: 0, sumSq: 0 })).toEqual({
      n: 0,
      value: 0,
      interval: { low: 0, high: 0, confidence: 0.95 },
    });
    expect(describeChangeSide('mean', { n: 0, sum: 0, sumSq: 0 }).value).toBe(0);
  });
});

describe('compareAtWeek', () => {
  it('compares the weeks before and after with a z test and a pooled-sd effect', () => {
    // Before {1, 3, 1, 3}, after {5, 7, 5, 7}: variances 4/3 each, difference 4, SE sqrt(2/3),
    // z = 4.899, p = 9.6336e-7; pooled sd sqrt(4/3): d = 2 sqrt(3).
    const c = compareAtWeek(
      'mean',
      weeksOf([
        [1, 3],
        [1, 3],
        [5, 7],
        [5, 7],
      ]),
      2,
    );
    expect(c.before).toEqual({ n: 4, sum: 8, sumSq: 20 });
    expect(c.after).toEqual({ n: 4, sum: 24, sumSq: 148 });
    expect(c.effect).toBeCloseTo(2 * Math.sqrt(3), 12);
    expect(c.pValue).toBeCloseTo(9.633570086430965e-7, 15);
  });

  it('tests from two responses a side, with unequal sides pooled by their degrees of freedom', () => {
    // {1, 3} against {5, 7}: variances 2, SE sqrt(2), z = 2 sqrt(2), p = 0.0046777; d = 2 sqrt(2).
    const two = compareAtWeek(
      'mean',
      weeksOf([
        [1, 3],
        [5, 7],
      ]),
      1,
    );
    expect(two.effect).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(two.pValue).toBeCloseTo(0.0046777349810472576, 12);
    // {0, 2} (variance 2) against {4, 4, 4, 8} (variance 4): pooled sqrt((1 * 2 + 3 * 4) / 4).
    const unequal = compareAtWeek(
      'mean',
      weeksOf([
        [0, 2],
        [4, 4, 4, 8],
      ]),
      1,
    );
    expect(unequal.effect).toBeCloseTo(4 / Math.sqrt(3.5), 12);
  });

  it('does not test a side of one response, and handles sides without spread', () => {
    expect(compareAtWeek('mean', weeksOf([[1], [5, 7, 9]]), 1)).toMatchObject({
      effect: 0,
      pValue: 1,
    });
    expect(compareAtWeek('mean', weeksOf([[5, 7, 9], [1]]), 1)).toMatchObject({
      effect: 0,
      pValue: 1,
    });
    expect(
      compareAtWeek(
        'mean',
        weeksOf([
          [2, 2],
          [2, 2],
        ]),
        1,
      ),
    ).toMatchObject({
      effect: 0,
      pValue: 1,
    });
    // Every NPS value +1 after, -1 before: no spread, a certain change of 200 points.
    expect(
      compareAtWeek(
        'nps',
        weeksOf([
          [-1, -1],
          [1, 1],
        ]),
        1,
      ),
    ).toMatchObject({
      effect: 200,
      pValue: 0,
    });
  });
});

describe('dayNumberToDate', () => {
  it('gives the UTC date of a day number', () => {
    expect(dayNumberToDate(0)).toBe('1970-01-01');
    expect(dayNumberToDate(19723)).toBe('2024-01-01');
    expect(dayNumberToDate(19723 + 7 * 70)).toBe('2025-05-05');
  });
});
