import { describe, expect, it } from 'vitest';
import { buildEquityReport, clvDistribution, niceCeiling } from './equity-report.js';

describe('niceCeiling', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.1, 2.2, 3, 7.5, 42, 9500, 0].map(niceCeiling)).toEqual([
      1, 1, 2, 2.5, 5, 10, 50, 10_000, 1,
    ]);
  });
});

describe('clvDistribution', () => {
  it('bins up to the rounded 99th percentile and puts the rest in an open bin', () => {
    // 100 values 0..99 and one of 1,000: the 99th percentile is 99, rounded up to 100.
    const values = [...Array.from({ length: 100 }, (_, i) => i), 1000];
    const bins = clvDistribution(values);
    expect(bins).toHaveLength(21);
    expect(bins[0]).toEqual({ from: 0, to: 5, customers: 5, equity: 0 + 1 + 2 + 3 + 4 });
    expect(bins[19]).toMatchObject({ from: 95, to: 100, customers: 5 });
    expect(bins[20]).toEqual({ from: 100, to: null, customers: 1, equity: 1000 });
  });

  it('has no open bin when nothing lies above, and nothing for no customers', () => {
    expect(clvDistribution([1, 2, 3]).every((b) => b.to !== null)).toBe(true);
    expect(clvDistribution([])).toEqual([]);
    expect(clvDistribution([0, 0]).reduce((s, b) => s + b.customers, 0)).toBe(2);
  });
});

describe('buildEquityReport', () => {
  const customer = (id: string, clv: number) => ({
    id,
    x: 1,
    tx: 1,
    T: 2,
    monetary: 10,
    pAlive: 0.5,
    expectedPurchases: 1,
    expectedSpend: 10,
    clv,
  });

  it('says why moving detractors has no value without passives', () => {
    const report = buildEquityReport([customer('a', 10), customer('b', 30)], {
      experience: new Map([
        ['a', { nps: 2, npsAt: '2025-01-01', lastNegativeDay: '2025-01-01' }],
        ['b', { nps: 10, npsAt: '2025-01-01', lastNegativeDay: null }],
      ]),
      segment: null,
      calibrationEnd: '2025-06-30',
      detractorShare: 0.5,
    });
    expect(report.detractorsToPassives).toMatchObject({
      gain: null,
      detractorsMoved: 0.5,
      reason: 'no customer with revenue is a passive, so there is no passive value to move to',
    });
    // The negative answer of January is older than 90 days before June 30.
    expect(report.revenueAtRisk.recentNegative).toEqual({ customers: 0, clv: 0 });
    expect(report.revenueAtRisk.total).toEqual({ customers: 1, clv: 10, shareOfEquity: 0.25 });
  });
});
