import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf, normalQuantile } from './normal-distribution.js';
import {
  studentTCdf,
  studentTCriticalValue,
  studentTPdf,
  studentTQuantile,
  studentTTwoSidedP,
} from './student-t-distribution.js';

// Reference values from scipy.stats.t.
function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('studentTCdf', () => {
  it.each([
    [2, 3, 0.9303370157205785],
    [-1.5, 10, 0.08225366322272007],
    [0.7, 4.5, 0.7407801988441911],
    [-10, 2.2, 0.003552231855129221],
    [3, 1, 0.8975836176504333],
  ])('P(T <= %d) with %d df', (t, df, expected) => {
    expect(relativeError(studentTCdf(t, df), expected)).toBeLessThan(1e-12);
  });

  it('stays accurate for large df (Welch with huge groups) and becomes the normal past 1e10', () => {
    expect(relativeError(studentTCdf(-2, 1e5), 0.022751481728753256)).toBeLessThan(1e-10);
    expect(relativeError(studentTCdf(-2, 1e7), 0.02275014544592148)).toBeLessThan(1e-9);
    expect(studentTCdf(-2, 1e12)).toBe(normalCdf(-2));
  });

  it('rejects df <= 0', () => {
    expect(() => studentTCdf(1, 0)).toThrow(/degrees of freedom/);
  });
});

describe('studentTTwoSidedP', () => {
  it.each([
    [2, 3, 0.13932596855884305],
    [12, 50, 2.462380625332543e-16],
    [25, 8.5, 2.947581220718674e-9],
  ])('2 P(T > |%d|) with %d df keeps tiny p-values', (t, df, expected) => {
    expect(relativeError(studentTTwoSidedP(t, df), expected)).toBeLessThan(1e-12);
    expect(relativeError(studentTTwoSidedP(-t, df), expected)).toBeLessThan(1e-12);
  });

  it('is 1 at t = 0', () => {
    expect(studentTTwoSidedP(0, 5)).toBe(1);
  });
});

describe('studentTQuantile', () => {
  it.each([
    [0.975, 10, 2.228138851986274],
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.025, 4.5, -2.658912347204404],
    [0.999, 3, 10.214531852407383],
    [1e-8, 7, -27.802283188119887],
    [0.6, 30, 0.2556053649519128],
    [0.995, 1234.5, 2.579817729733322],
  ])('quantile %d with %d df', (p, df, expected) => {
    expect(relativeError(studentTQuantile(p, df), expected)).toBeLessThan(1e-11);
  });

  it('is 0 at the median and infinite at 0 and 1', () => {
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
  });

  it('gives the two-sided critical value', () => {
    expect(studentTCriticalValue(0.95, 10)).toBeCloseTo(2.228138851986274, 11);
  });
});

describe('studentTPdf', () => {
  it('matches the Cauchy density at df = 1', () => {
    expect(studentTPdf(1, 1)).toBeCloseTo(1 / (2 * Math.PI), 14);
  });
});

describe('closed forms and the edges', () => {
  it('matches the densities of 1 and 2 df worked out by hand', () => {
    // df = 2: f(t) = (2 + t^2)^(-3/2); df = 1: f(t) = 1 / (pi (1 + t^2)).
    expect(relativeError(studentTPdf(0, 2), 1 / (2 * Math.SQRT2))).toBeLessThan(1e-13);
    expect(relativeError(studentTPdf(1, 2), 3 ** -1.5)).toBeLessThan(1e-13);
    expect(relativeError(studentTPdf(-3, 1), 1 / (10 * Math.PI))).toBeLessThan(1e-13);
  });

  it('inverts the closed-form quantiles of 1 and 2 df', () => {
    // df = 1: tan(pi (p - 1/2)); df = 2: (2p - 1) / sqrt(2 p (1 - p)).
    expect(relativeError(studentTQuantile(0.75, 1), 1)).toBeLessThan(1e-13);
    expect(relativeError(studentTQuantile(0.25, 1), -1)).toBeLessThan(1e-13);
    expect(relativeError(studentTQuantile(0.75, 2), 0.5 / Math.sqrt(0.375))).toBeLessThan(1e-13);
    expect(relativeError(studentTQuantile(0.1, 2), -0.8 / Math.sqrt(0.18))).toBeLessThan(1e-13);
  });

  it('gives quantiles that the CDF maps back, on both sides and at many df', () => {
    for (const df of [3, 4.5, 17, 250]) {
      for (const p of [1e-6, 0.01, 0.2, 0.45, 0.55, 0.9, 0.999]) {
        expect(
          relativeError(studentTCdf(studentTQuantile(p, df), df), p),
          `${p} ${df}`,
        ).toBeLessThan(1e-10);
      }
    }
  });

  it('is the normal distribution past 1e10 df', () => {
    expect(studentTPdf(0.3, 1e12)).toBe(normalPdf(0.3));
    expect(studentTTwoSidedP(2, 1e12)).toBe(2 * normalCdf(-2));
    expect(relativeError(studentTTwoSidedP(2, 1e12), 0.04550026389635842)).toBeLessThan(1e-12);
    expect(studentTQuantile(0.975, 1e12)).toBe(normalQuantile(0.975));
  });

  it('takes infinite t and refuses NaN', () => {
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTTwoSidedP(Infinity, 4)).toBe(0);
    expect(studentTTwoSidedP(-Infinity, 4)).toBe(0);
    expect(() => studentTCdf(Number.NaN, 4)).toThrow(/t must be a number, got NaN/);
    expect(() => studentTTwoSidedP(Number.NaN, 4)).toThrow(/t must be a number, got NaN/);
    expect(() => studentTPdf(1, -1)).toThrow(/degrees of freedom must be > 0, got -1/);
  });

  it('refuses probabilities and confidences out of range, naming them', () => {
    for (const p of [-0.1, 1.1, Number.NaN]) {
      expect(() => studentTQuantile(p, 5)).toThrow(/probability must be in \[0, 1\]/);
    }
    for (const confidence of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => studentTCriticalValue(confidence, 5)).toThrow(/confidence must be in \(0, 1\)/);
    }
    expect(studentTCriticalValue(0.5, 1)).toBeCloseTo(1, 12);
  });
});

describe('the t distribution at huge df and outside its domain', () => {
  it('keeps 1e-9 relative accuracy at 1e8 df, where the tail needs log1p of the small side', () => {
    // mpmath: I_x(df/2, 1/2) / 2 at 40 digits.
    expect(relativeError(studentTCdf(-2, 1e8), 0.022750133297953376)).toBeLessThan(2e-9);
  });

  it('refuses probabilities outside [0, 1] also where a closed form would take them', () => {
    expect(() => studentTQuantile(-0.1, 1)).toThrow('probability must be in [0, 1], got -0.1');
    expect(() => studentTQuantile(1.5, 2)).toThrow('probability must be in [0, 1], got 1.5');
  });
});
