import { describe, expect, it } from 'vitest';
import { computeBoxShare, computeCes, computeCsat, momentsFromHistogram } from './rating-scales.js';

// CSAT 1..5: counts 2, 3, 5, 12, 8 (n = 30, 20 satisfied, mean 3.7).
const csat = { scaleMin: 1, scaleMax: 5, counts: [2, 3, 5, 12, 8] };
// CES 1..7: counts 1, 2, 3, 4, 6, 8, 6 (n = 30, mean 5, 20 at 5..7, 14 at 6..7).
const ces = { scaleMin: 1, scaleMax: 7, counts: [1, 2, 3, 4, 6, 8, 6] };

describe('momentsFromHistogram', () => {
  it('weights each score by its count', () => {
    expect(momentsFromHistogram(csat)).toEqual({ n: 30, sum: 111, sumSq: 2 + 12 + 45 + 192 + 200 });
  });
});

describe('computeCsat', () => {
  it('gives top-2-box share with Wilson interval and the mean with t interval (scipy)', () => {
    const result = computeCsat(csat);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.share.count).toBe(20);
    expect(result.share.share).toBeCloseTo(2 / 3, 14);
    expect(result.share.interval.low).toBeCloseTo(0.4878005164454384, 10);
    expect(result.share.interval.high).toBeCloseTo(0.8076950191632386, 10);
    expect(result.mean.mean).toBeCloseTo(3.7, 14);
    expect(result.mean.interval.low).toBeCloseTo(3.2598152675556924, 10);
    expect(result.mean.interval.high).toBeCloseTo(4.1401847324443075, 10);
  });

  it('insists on a 1..5 scale', () => {
    expect(() => computeCsat(ces)).toThrow(/CSAT is scored 1..5/);
  });
});

describe('computeCes', () => {
  it('counts 5..7 as low effort by default', () => {
    const result = computeCes(ces);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.share.count).toBe(20);
    expect(result.mean.mean).toBe(5);
    expect(result.mean.interval.low).toBeCloseTo(4.372101597186243, 10);
  });

  it('takes the threshold as a parameter', () => {
    const result = computeCes(ces, { lowEffortThreshold: 6 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.share.count).toBe(14);
    expect(result.share.interval.low).toBeCloseTo(0.3023238890769976, 10);
    expect(() => computeCes(ces, { lowEffortThreshold: 8 })).toThrow(/lowEffortThreshold/);
  });

  it('reports insufficient data for small groups', () => {
    const tiny = { scaleMin: 1, scaleMax: 7, counts: [0, 0, 0, 1, 0, 0, 0] };
    expect(computeCes(tiny)).toEqual({ status: 'insufficient-data', n: 1, minN: 10 });
  });
});

describe('computeBoxShare', () => {
  it('takes top and bottom boxes on any scale', () => {
    const bottom = computeBoxShare(csat, 'bottom', 2);
    if (bottom.status !== 'ok') throw new Error('expected a result');
    expect(bottom.count).toBe(5);
    expect(bottom.interval.low).toBeCloseTo(0.0733654237184855, 10);
    const top = computeBoxShare(
      { scaleMin: 0, scaleMax: 10, counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5] },
      'top',
      1,
    );
    if (top.status !== 'ok') throw new Error('expected a result');
    expect(top.count).toBe(5);
    expect(top.share).toBeCloseTo(5 / 15, 14);
  });

  it('validates the histogram shape and the box count', () => {
    expect(() => computeBoxShare({ scaleMin: 1, scaleMax: 5, counts: [1, 2] }, 'top', 1)).toThrow(
      /5 bins/,
    );
    expect(() => computeBoxShare(csat, 'top', 5)).toThrow(/boxes/);
  });
});

describe('rating scales at their boundaries', () => {
  it('takes CES thresholds 2 and 7, the ends of the allowed range, and refuses 1 and 4.5', () => {
    // Wilson closed form: 6 of 30 at 7, 29 of 30 at 2..7.
    const seven = computeCes(ces, { lowEffortThreshold: 7 });
    if (seven.status !== 'ok') throw new Error('expected a result');
    expect(seven.share.count).toBe(6);
    expect(seven.share.interval.low).toBeCloseTo(0.0950511, 6);
    expect(seven.share.interval.high).toBeCloseTo(0.373057, 6);
    const two = computeCes(ces, { lowEffortThreshold: 2 });
    if (two.status !== 'ok') throw new Error('expected a result');
    expect(two.share.count).toBe(29);
    expect(two.share.interval.low).toBeCloseTo(0.8332961, 6);
    for (const threshold of [1, 4.5]) {
      expect(() => computeCes(ces, { lowEffortThreshold: threshold })).toThrow(
        'lowEffortThreshold must be a whole number in 2..7',
      );
    }
  });

  it('insists on both ends of the scale', () => {
    const zeroToFive = { scaleMin: 0, scaleMax: 5, counts: [1, 2, 5, 3, 12, 8] };
    expect(() => computeCsat(zeroToFive)).toThrow('CSAT is scored 1..5, got 0..5');
    expect(() => computeCes(csat)).toThrow('CES is scored 1..7, got 1..5');
  });

  it('gives a number from exactly minN on and passes the confidence through', () => {
    const ten = { scaleMin: 1, scaleMax: 5, counts: [1, 1, 2, 3, 3] };
    const nine = { scaleMin: 1, scaleMax: 5, counts: [1, 1, 2, 3, 2] };
    expect(computeCsat(ten).status).toBe('ok');
    expect(computeCsat(nine)).toEqual({ status: 'insufficient-data', n: 9, minN: 10 });
    expect(computeCsat(nine, { minN: 9 }).status).toBe('ok');
    const ninety = computeCsat(csat, { confidence: 0.9 });
    if (ninety.status !== 'ok') throw new Error('expected a result');
    expect(ninety.share.interval.confidence).toBe(0.9);
    expect(ninety.mean.interval.confidence).toBe(0.9);
  });

  it('refuses malformed scales, counts and box numbers, saying what is wrong', () => {
    expect(() =>
      momentsFromHistogram({ scaleMin: 1.5, scaleMax: 5, counts: [1, 2, 3, 4] }),
    ).toThrow('a rating scale needs integer bounds with min < max, got 1.5..5');
    expect(() =>
      momentsFromHistogram({ scaleMin: 1, scaleMax: 4.5, counts: [1, 2, 3, 4] }),
    ).toThrow('a rating scale needs integer bounds with min < max, got 1..4.5');
    expect(() => momentsFromHistogram({ scaleMin: 3, scaleMax: 3, counts: [1] })).toThrow(
      'got 3..3',
    );
    expect(() => momentsFromHistogram({ scaleMin: 1, scaleMax: 3, counts: [1, 2] })).toThrow(
      'a 1..3 histogram has 3 bins, got 2',
    );
    expect(() => momentsFromHistogram({ scaleMin: 1, scaleMax: 3, counts: [1, -2, 3] })).toThrow(
      'count for score 2 must be >= 0, got -2',
    );
    for (const boxes of [0, 1.5, 5]) {
      expect(() => computeBoxShare(csat, 'top', boxes)).toThrow(
        'boxes must be a whole number in 1..4',
      );
    }
    const four = computeBoxShare(csat, 'bottom', 4);
    if (four.status !== 'ok') throw new Error('expected a result');
    expect(four.count).toBe(22);
  });

  it('weights scores from a scale that does not start at 1', () => {
    // Scores -2..2 with counts 1, 0, 2, 0, 3: sum -2 + 0 + 6 = 4, squares 4 + 12 = 16.
    expect(momentsFromHistogram({ scaleMin: -2, scaleMax: 2, counts: [1, 0, 2, 0, 3] })).toEqual({
      n: 6,
      sum: 4,
      sumSq: 16,
    });
  });
});
