import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalCriticalValue,
  normalPdf,
  normalQuantile,
  normalTwoSidedP,
} from './normal-distribution.js';

// Reference values from mpmath (CDF) and scipy.stats.norm.ppf (quantile).
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('normalCdf', () => {
  it.each([
    [-37, 5.725571222524577e-300],
    [-20, 2.7536241186062337e-89],
    [-8, 6.220960574271784e-16],
    [-3, 0.0013498980316300946],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145705],
    [0.5, 0.6914624612740131],
    [2.5, 0.9937903346742238],
  ])('Phi(%d) to 1e-12 relative', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-12);
  });

  it('is 1/2 at 0 and saturates at the infinities', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it('rejects NaN instead of passing it on', () => {
    expect(() => normalCdf(NaN)).toThrow(/NaN/);
  });
});

describe('normalQuantile', () => {
  it.each([
    [1e-300, -37.0470962993612],
    [1e-15, -7.941345326170998],
    [1e-5, -4.264890793922825],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080409],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
  ])('Phi^-1(%d) to 1e-9 relative', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-12);
  });

  it('inverts the CDF across the range, including the region switch at 0.02425', () => {
    for (const p of [1e-12, 0.0242, 0.02425, 0.0243, 0.2, 0.5, 0.77, 0.97575, 0.9999]) {
      expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
    }
  });

  it('maps 0 and 1 to the infinities and rejects probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/probability/);
    expect(() => normalQuantile(NaN)).toThrow(/probability/);
  });
});

describe('normalCriticalValue and normalTwoSidedP', () => {
  it('gives 1.959964 for 95% and the matching two-sided p', () => {
    expect(normalCriticalValue(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(normalCriticalValue(0.99)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(0)).toBe(1);
  });
});

describe('normal distribution at its edges', () => {
  it('gives the published density values (mpmath)', () => {
    expect(relativeError(normalPdf(0), 0.3989422804014327)).toBeLessThan(1e-15);
    expect(relativeError(normalPdf(1), 0.24197072451914334)).toBeLessThan(1e-15);
    expect(relativeError(normalPdf(-2.5), 0.017528300493568537)).toBeLessThan(1e-14);
  });

  it('is exactly 0 at the median, not -0', () => {
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('refuses NaN, negative probabilities and confidences outside (0, 1), naming them', () => {
    expect(() => normalTwoSidedP(Number.NaN)).toThrow('z must be a number, got NaN');
    expect(() => normalQuantile(-0.5)).toThrow('probability must be in [0, 1], got -0.5');
    for (const confidence of [0, 1, Number.NaN]) {
      expect(() => normalCriticalValue(confidence)).toThrow(
        `confidence must be in (0, 1), got ${String(confidence)}`,
      );
    }
  });
});
