import { describe, expect, it } from 'vitest';
import { compareProportions, computeShare, wilsonInterval } from './proportions.js';

describe('wilsonInterval', () => {
  it('matches the closed form for 8 of 10 and 45 of 100', () => {
    // Hand formula (z = 1.959964): centre (p + z^2/2n)/(1 + z^2/n) +- half-width.
    const a = wilsonInterval(8, 10);
    expect(a.low).toBeCloseTo(0.4901625, 6);
    expect(a.high).toBeCloseTo(0.9433178, 6);
    const b = wilsonInterval(45, 100);
    expect(b.low).toBeCloseTo(0.3561454, 6);
    expect(b.high).toBeCloseTo(0.547554, 6);
  });

  it('stays inside [0, 1] at the edges', () => {
    const none = wilsonInterval(0, 20);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.1611252, 6);
    expect(wilsonInterval(20, 20).high).toBe(1);
  });

  it('rejects n = 0 and successes above n', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/n >= 1/);
    expect(() => wilsonInterval(5, 4)).toThrow(/exceed/);
  });
});

describe('computeShare', () => {
  it('gives share and interval, or insufficient data', () => {
    const result = computeShare({ successes: 45, n: 100 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.share).toBe(0.45);
    expect(computeShare({ successes: 1, n: 4 })).toEqual({
      status: 'insufficient-data',
      n: 4,
      minN: 10,
    });
  });
});

describe('compareProportions', () => {
  it('is the pooled two-proportion z test', () => {
    // By hand: pooled 0.375, SE sqrt(0.375 * 0.625 * 2/100) = 0.0684653, z = 0.15 / SE.
    const result = compareProportions({ successes: 45, n: 100 }, { successes: 30, n: 100 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.pooledShare).toBe(0.375);
    expect(result.difference).toBeCloseTo(0.15, 12);
    expect(result.z).toBeCloseTo(2.1908902, 6);
    expect(result.pValue).toBeCloseTo(0.0284597, 6);
  });

  it('flags identical all-yes groups and small groups', () => {
    expect(compareProportions({ successes: 12, n: 12 }, { successes: 30, n: 30 })).toEqual({
      status: 'no-variance',
      n: 42,
    });
    expect(compareProportions({ successes: 1, n: 2 }, { successes: 30, n: 30 }).status).toBe(
      'insufficient-data',
    );
  });
});
