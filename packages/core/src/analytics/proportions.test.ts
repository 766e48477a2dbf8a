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

describe('shares at their boundaries', () => {
  it('passes the confidence through and names the group whose counts are bad', () => {
    // Wilson closed form with z = 1.644854 (90%).
    const ninety = wilsonInterval(45, 100, 0.9);
    expect(ninety.confidence).toBe(0.9);
    expect(ninety.low).toBeCloseTo(0.370561, 6);
    expect(ninety.high).toBeCloseTo(0.5320733, 6);
    expect(() => wilsonInterval(-1, 4)).toThrow('proportion successes must be >= 0, got -1');
    expect(() => wilsonInterval(1, -4)).toThrow('proportion n must be >= 0, got -4');
    expect(() => wilsonInterval(5, 4)).toThrow('proportion successes (5) exceed n (4)');
    expect(() => compareProportions({ successes: 3, n: 2 }, { successes: 1, n: 20 })).toThrow(
      'first successes (3) exceed n (2)',
    );
    expect(() => compareProportions({ successes: 1, n: 20 }, { successes: 3, n: 2 })).toThrow(
      'second successes (3) exceed n (2)',
    );
  });

  it('gives a share from exactly minN on, with the confidence asked for', () => {
    expect(computeShare({ successes: 3, n: 9 }).status).toBe('insufficient-data');
    const atTen = computeShare({ successes: 3, n: 10 }, { confidence: 0.95 });
    if (atTen.status !== 'ok') throw new Error('expected a result');
    expect(atTen).toMatchObject({ n: 10, count: 3, share: 0.3 });
    expect(atTen.interval.low).toBeCloseTo(0.1077913, 6);
    expect(atTen.interval.high).toBeCloseTo(0.6032219, 6);
    const ninety = computeShare({ successes: 45, n: 100 }, { confidence: 0.9 });
    if (ninety.status !== 'ok') throw new Error('expected a result');
    expect(ninety.interval.low).toBeCloseTo(0.370561, 6);
    expect(computeShare({ successes: 1, n: 1 }, { minN: 1 }).status).toBe('ok');
    expect(computeShare({ successes: 0, n: 0 }, { minN: 0 })).toEqual({
      status: 'insufficient-data',
      n: 0,
      minN: 1,
    });
  });

  it('tests groups of different sizes and checks each against minN', () => {
    // By hand: pooled 70/150 = 0.466667, SE sqrt(0.466667 * 0.533333 * (1/50 + 1/100)) = 0.0864099,
    // difference 0.6 - 0.4 = 0.2, z = 2.3145502, p = 0.0206376.
    const result = compareProportions({ successes: 30, n: 50 }, { successes: 40, n: 100 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result).toMatchObject({ n1: 50, n2: 100 });
    expect(result.pooledShare).toBeCloseTo(0.4666667, 6);
    expect(result.difference).toBeCloseTo(0.2, 12);
    expect(result.z).toBeCloseTo(2.3145502, 6);
    expect(result.pValue).toBeCloseTo(0.0206376, 6);
    expect(compareProportions({ successes: 30, n: 30 }, { successes: 1, n: 9 })).toEqual({
      status: 'insufficient-data',
      n: 9,
      minN: 10,
    });
    expect(
      compareProportions({ successes: 1, n: 10 }, { successes: 2, n: 10 }, { minN: 10 }).status,
    ).toBe('ok');
    expect(compareProportions({ successes: 0, n: 10 }, { successes: 0, n: 30 })).toEqual({
      status: 'no-variance',
      n: 40,
    });
  });
});
