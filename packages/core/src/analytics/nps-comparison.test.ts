import { describe, expect, it } from 'vitest';
import { compareNps } from './nps-comparison.js';

describe('compareNps', () => {
  it('computes z = (NPS1 - NPS2) / sqrt(var1/n1 + var2/n2)', () => {
    // Group 1: 250/675/75 of 1000 (NPS 17.5, var 0.294375); group 2: 180/300/120 of 600
    // (NPS 10, var 0.49). By hand: SE = sqrt(0.294375/1000 + 0.49/600) = 0.0333323.
    const result = compareNps(
      { promoters: 250, passives: 675, detractors: 75 },
      { promoters: 180, passives: 300, detractors: 120 },
    );
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.difference).toBeCloseTo(7.5, 10);
    expect(result.standardError).toBeCloseTo(3.3332292, 6);
    expect(result.z).toBeCloseTo(2.2500703, 6);
    expect(result.pValue).toBeCloseTo(0.0244445, 6);
    expect(result.interval.low).toBeCloseTo(0.966991, 5);
    expect(result.interval.high).toBeCloseTo(14.033009, 5);
  });

  it('is antisymmetric in its groups', () => {
    const a = { promoters: 30, passives: 10, detractors: 20 };
    const b = { promoters: 20, passives: 25, detractors: 15 };
    const ab = compareNps(a, b);
    const ba = compareNps(b, a);
    if (ab.status !== 'ok' || ba.status !== 'ok') throw new Error('expected results');
    expect(ab.z).toBeCloseTo(-ba.z, 12);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
  });

  it('flags small groups and groups with no variance instead of returning NaN', () => {
    const big = { promoters: 50, passives: 0, detractors: 0 };
    expect(compareNps(big, { promoters: 3, passives: 0, detractors: 0 })).toEqual({
      status: 'insufficient-data',
      n: 3,
      minN: 10,
    });
    expect(compareNps(big, { promoters: 40, passives: 0, detractors: 0 })).toEqual({
      status: 'no-variance',
      n: 90,
    });
  });
});

describe('compareNps at its boundaries', () => {
  const first = { promoters: 250, passives: 675, detractors: 75 };
  const second = { promoters: 180, passives: 300, detractors: 120 };

  it('passes the confidence through: 90% uses z = 1.644854', () => {
    const result = compareNps(first, second, { confidence: 0.9 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.interval.confidence).toBe(0.9);
    expect(result.interval.low).toBeCloseTo(2.017326, 5);
    expect(result.interval.high).toBeCloseTo(12.982674, 5);
    expect(result).toMatchObject({ n1: 1000, n2: 600 });
  });

  it('tests a group with no variance against one with some', () => {
    // All 50 promote (NPS 100, variance 0) against 30/10/20 of 60: by hand SE = sqrt(v2 / 60)
    // with v2 = 0.5 + 1/3 - (1/6)^2, difference 83.33 points, z = 7.191950.
    const result = compareNps(
      { promoters: 50, passives: 0, detractors: 0 },
      { promoters: 30, passives: 10, detractors: 20 },
    );
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.difference).toBeCloseTo(83.333333, 5);
    expect(result.standardError).toBeCloseTo(11.58703, 5);
    expect(result.z).toBeCloseTo(7.19195, 5);
    expect(result.pValue).toBeCloseTo(6.387265e-13, 18);
  });

  it('checks each group against minN, from exactly minN on', () => {
    expect(compareNps({ promoters: 3, passives: 0, detractors: 1 }, first)).toEqual({
      status: 'insufficient-data',
      n: 4,
      minN: 10,
    });
    const atFour = compareNps({ promoters: 3, passives: 0, detractors: 1 }, first, { minN: 4 });
    expect(atFour.status).toBe('ok');
    expect(() => compareNps(first, second, { confidence: 2 })).toThrow(/confidence/);
    expect(() => compareNps(first, { promoters: 1, passives: -1, detractors: 0 })).toThrow(
      'passives must be >= 0, got -1',
    );
  });
});
