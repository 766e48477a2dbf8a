import { describe, expect, it } from 'vitest';
import {
  chooseNpsIntervalMethod,
  computeNps,
  computeNpsInterval,
  npsCountsFromHistogram,
} from './nps.js';

const readmeExample = { promoters: 250, passives: 675, detractors: 75 };

describe('computeNps', () => {
  it('reproduces the worked margin-of-error example (n = 1000, 250 promoters, 75 detractors)', () => {
    const result = computeNps(readmeExample);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.n).toBe(1000);
    expect(result.nps).toBeCloseTo(17.5, 10);
    expect(result.variance).toBeCloseTo(0.294375, 12);
    // Published SE 0.017157 on the -1..1 scale; reported here in points.
    expect(result.standardError).toBeCloseTo(1.7157, 4);
    expect(result.interval.method).toBe('wald');
    expect(result.interval.marginOfError).toBeCloseTo(3.36, 2);
    expect(result.interval.low).toBeCloseTo(14.14, 2);
    expect(result.interval.high).toBeCloseTo(20.86, 2);
    expect(result.promoterShare).toBeCloseTo(0.25, 12);
    expect(result.passiveShare).toBeCloseTo(0.675, 12);
    expect(result.detractorShare).toBeCloseTo(0.075, 12);
  });

  it('applies the adjusted-Wald rule: 3 more respondents, 3/4 more promoters and detractors', () => {
    // By hand: P' = 250.75/1003, D' = 75.75/1003, centre 17.44766, SE 1.71522 points.
    const interval = computeNpsInterval(readmeExample, 'adjusted-wald');
    expect(interval.low).toBeCloseTo(14.085883, 5);
    expect(interval.high).toBeCloseTo(20.809431, 5);
    const result = computeNps(readmeExample, { method: 'adjusted-wald' });
    if (result.status !== 'ok') throw new Error('expected a result');
    // The point estimate stays the raw NPS; only the interval moves.
    expect(result.nps).toBeCloseTo(17.5, 10);
  });

  it('uses adjusted-Wald below n = 100 under the auto rule', () => {
    const small = { promoters: 8, passives: 7, detractors: 5 };
    expect(chooseNpsIntervalMethod(small)).toBe('adjusted-wald');
    const result = computeNps(small);
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.nps).toBeCloseTo(15, 10);
    expect(result.interval.method).toBe('adjusted-wald');
    expect(result.interval.low).toBeCloseTo(-18.964901, 5);
    expect(result.interval.high).toBeCloseTo(45.051858, 5);
    const wald = computeNps(small, { method: 'wald' });
    if (wald.status !== 'ok') throw new Error('expected a result');
    expect(wald.interval.low).toBeCloseTo(-19.716822, 5);
    expect(wald.interval.high).toBeCloseTo(49.716822, 5);
  });

  it('clips to [-100, 100] and never gives a zero-width interval when everyone promotes', () => {
    const result = computeNps({ promoters: 12, passives: 0, detractors: 0 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.nps).toBe(100);
    expect(result.variance).toBe(0);
    expect(result.interval.method).toBe('adjusted-wald');
    // Adjusted-Wald by hand: centre 80, SE 13.16561, upper end 105.8 clipped to 100.
    expect(result.interval.low).toBeCloseTo(54.195875, 5);
    expect(result.interval.high).toBe(100);
  });

  it('switches auto to adjusted-Wald for a large all-passive group (Wald variance 0)', () => {
    expect(chooseNpsIntervalMethod({ promoters: 0, passives: 500, detractors: 0 })).toBe(
      'adjusted-wald',
    );
  });

  it('reports insufficient data below minN, including n = 0, instead of NaN', () => {
    expect(computeNps({ promoters: 5, passives: 2, detractors: 2 })).toEqual({
      status: 'insufficient-data',
      n: 9,
      minN: 10,
    });
    expect(computeNps({ promoters: 0, passives: 0, detractors: 0 }, { minN: 0 })).toEqual({
      status: 'insufficient-data',
      n: 0,
      minN: 1,
    });
    expect(computeNps({ promoters: 1, passives: 0, detractors: 0 }, { minN: 1 }).status).toBe('ok');
  });

  it('rejects negative counts and bad confidence', () => {
    expect(() => computeNps({ promoters: -1, passives: 20, detractors: 0 })).toThrow(/promoters/);
    expect(() => computeNps(readmeExample, { confidence: 95 })).toThrow(/confidence/);
  });
});

describe('npsCountsFromHistogram', () => {
  it('groups 0-6, 7-8 and 9-10', () => {
    const histogram = [1, 0, 2, 0, 3, 0, 4, 5, 6, 7, 8];
    expect(npsCountsFromHistogram(histogram)).toEqual({
      detractors: 10,
      passives: 11,
      promoters: 15,
    });
  });

  it('needs exactly 11 bins', () => {
    expect(() => npsCountsFromHistogram([1, 2, 3])).toThrow(/11 bins/);
  });
});

describe('NPS at its boundaries', () => {
  it('switches auto from adjusted-Wald to Wald at exactly n = 100', () => {
    expect(chooseNpsIntervalMethod({ promoters: 40, passives: 39, detractors: 20 })).toBe(
      'adjusted-wald',
    );
    expect(chooseNpsIntervalMethod({ promoters: 40, passives: 40, detractors: 20 })).toBe('wald');
    // Every respondent a detractor: Wald variance 0 at any n.
    expect(chooseNpsIntervalMethod({ promoters: 0, passives: 0, detractors: 300 })).toBe(
      'adjusted-wald',
    );
  });

  it('gives adjusted-Wald an interval at n = 0 and refuses a Wald one', () => {
    // By hand: P' = D' = 0.75/3 = 0.25, centre 0, variance 0.5, SE sqrt(0.5/3) = 0.408248,
    // margin 1.959964 * 0.408248 = 0.800152.
    const empty = { promoters: 0, passives: 0, detractors: 0 };
    const interval = computeNpsInterval(empty, 'adjusted-wald');
    expect(interval.low).toBeCloseTo(-80.015195, 5);
    expect(interval.high).toBeCloseTo(80.015195, 5);
    expect(interval.marginOfError).toBeCloseTo(80.015195, 5);
    expect(() => computeNpsInterval(empty, 'wald')).toThrow('a Wald NPS interval needs n >= 1');
  });

  it('keeps the margin before clipping and passes the confidence through', () => {
    // All 12 promote, adjusted-Wald: centre 80, margin 25.804125, upper end 105.80 clipped.
    const all = computeNpsInterval({ promoters: 12, passives: 0, detractors: 0 }, 'adjusted-wald');
    expect(all.marginOfError).toBeCloseTo(25.804125, 5);
    expect(all.high).toBe(100);
    // 90%: z = 1.644854, margin 1.644854 * 1.7157 = 2.822135 points around 17.5.
    const result = computeNps(readmeExample, { confidence: 0.9 });
    if (result.status !== 'ok') throw new Error('expected a result');
    expect(result.interval.confidence).toBe(0.9);
    expect(result.interval.low).toBeCloseTo(14.677865, 5);
    expect(result.interval.high).toBeCloseTo(20.322135, 5);
    expect(result.interval.marginOfError).toBeCloseTo(2.822135, 5);
  });

  it('names the group or score whose count is bad', () => {
    expect(() => computeNps({ promoters: 5, passives: -1, detractors: 5 })).toThrow(
      'passives must be >= 0, got -1',
    );
    expect(() => computeNps({ promoters: 5, passives: 5, detractors: -2 })).toThrow(
      'detractors must be >= 0, got -2',
    );
    expect(() => npsCountsFromHistogram([0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0])).toThrow(
      'histogram count for score 3 must be >= 0, got -1',
    );
    expect(() => npsCountsFromHistogram(new Array<number>(12).fill(1))).toThrow(
      'an NPS histogram has 11 bins (scores 0..10), got 12',
    );
  });
});
