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
