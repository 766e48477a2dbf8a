// The CLV likelihoods at points worked by hand, and the inputs the fits refuse.
import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import { BgNbdLikelihood, assertRecencyFrequency, fitBgNbd } from './clv-bgnbd.js';
import { GammaGammaLikelihood, fitGammaGamma } from './clv-gamma-gamma.js';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AnalyticsError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('BG/NBD likelihood by hand (FHL 2005, equation 6)', () => {
  // With r = 1, alpha = 1, a = 1, b = 2 and x = 1: B(a, b + x) / B(a, b) = (1/3) / (1/2) = 2/3,
  // B(a + 1, b + x - 1) / B(a, b) = (1/6) / (1/2) = 1/3 and Gamma(r + x) alpha^r / Gamma(r) = 1.
  const simple = { r: 1, alpha: 1, a: 1, b: 2 };

  it('adds the alive and the dropped-out terms of a repeat buyer', () => {
    // t_x = 1, T = 2: 2/3 / 3^2 + 1/3 / 2^2 = 2/27 + 1/12 = 17/108 (the dropped-out term larger).
    const later = new BgNbdLikelihood([{ x: 1, tx: 1, T: 2 }]);
    expect(later.logLikelihood(simple)).toBeCloseTo(Math.log(17 / 108), 12);
    expect(later.logLikelihoodWithGradient(simple).value).toBeCloseTo(Math.log(17 / 108), 12);
    // t_x = T = 1: 2/3 / 2^2 + 1/3 / 2^2 = 1/4 (the alive term larger).
    const now = new BgNbdLikelihood([{ x: 1, tx: 1, T: 1 }]);
    expect(now.logLikelihood(simple)).toBeCloseTo(Math.log(1 / 4), 12);
    expect(now.logLikelihoodWithGradient(simple).value).toBeCloseTo(Math.log(1 / 4), 12);
  });

  it('gives (alpha / (alpha + T))^r without a repeat purchase, and weights repeated customers', () => {
    // r = 2, alpha = 3, T = 1: 2 log(3/4), whatever a and b.
    const once = new BgNbdLikelihood([{ x: 0, tx: 0, T: 1 }]);
    const at = { r: 2, alpha: 3, a: 0.7, b: 5 };
    expect(once.logLikelihood(at)).toBeCloseTo(2 * Math.log(3 / 4), 12);
    const data = [
      { x: 0, tx: 0, T: 1 },
      { x: 1, tx: 1, T: 2 },
      { x: 0, tx: 0, T: 1 },
      { x: 1, tx: 1, T: 1 },
    ];
    // At the simple point: 2 * log((1 / 2)^1) + log(17/108) + log(1/4).
    const expected = 2 * Math.log(1 / 2) + Math.log(17 / 108) + Math.log(1 / 4);
    const likelihood = new BgNbdLikelihood(data);
    expect(likelihood.customers).toBe(4);
    expect(likelihood.repeatCustomers()).toBe(2);
    expect(likelihood.logLikelihood(simple)).toBeCloseTo(expected, 12);
    expect(likelihood.logLikelihoodWithGradient(simple).value).toBeCloseTo(expected, 12);
  });
});

describe('Gamma-Gamma likelihood by hand', () => {
  it('is the density of the mean spend integrated over the customer rate', () => {
    // p = q = v = 1, x = 1, m = 1: log Gamma(2) - 2 log Gamma(1) - 2 log 2 = -2 log 2.
    const one = new GammaGammaLikelihood([{ x: 1, monetary: 1 }]);
    expect(one.logLikelihood({ p: 1, q: 1, v: 1 })).toBeCloseTo(-2 * Math.log(2), 12);
    // p = 1, q = 2, v = 1, x = 2, m = 1: log Gamma(4) - 2 log Gamma(2) + 2 log 2 - 4 log 3
    // = log(24 / 81). Customers without a repeat purchase add nothing.
    const two = new GammaGammaLikelihood([
      { x: 2, monetary: 1 },
      { x: 0, monetary: 0 },
    ]);
    expect(two.customers).toBe(1);
    expect(two.logLikelihood({ p: 1, q: 2, v: 1 })).toBeCloseTo(Math.log(24 / 81), 12);
    expect(two.logLikelihoodWithGradient({ p: 1, q: 2, v: 1 }).value).toBeCloseTo(
      Math.log(24 / 81),
      12,
    );
  });
});

describe('inputs the fits refuse', () => {
  it('checks each recency-frequency condition, t_x = T allowed', () => {
    expect(() => assertRecencyFrequency({ x: 2, tx: 5, T: 5 }, 0)).not.toThrow();
    expect(() => assertRecencyFrequency({ x: 0, tx: 0, T: 0 }, 0)).not.toThrow();
    for (const bad of [
      { x: Number.NaN, tx: 0, T: 1 },
      { x: 1, tx: Number.NaN, T: 1 },
      { x: 1, tx: 0, T: Infinity },
      { x: -1, tx: 0, T: 1 },
      { x: 1, tx: -1, T: 1 },
      { x: 1, tx: 2, T: 1 },
      { x: 0, tx: 1, T: 2 },
    ]) {
      expect(codeOf(() => assertRecencyFrequency(bad, 3))).toBe('invalid-input');
    }
    expect(() => assertRecencyFrequency({ x: 0, tx: 1, T: 2 }, 3)).toThrow(/customer 3/);
  });

  it('needs 10 customers and 2 repeat buyers for BG/NBD, counting repeated customers', () => {
    const repeat = { x: 1, tx: 1, T: 5 };
    const once = { x: 0, tx: 0, T: 5 };
    const nine = [repeat, repeat, ...Array.from({ length: 7 }, () => once)];
    expect(codeOf(() => fitBgNbd(nine))).toBe('too-few-rows');
    expect(() => fitBgNbd(nine)).toThrow('at least 10 customers, got 9');
    // Two identical repeat buyers are merged into one weighted group: still 2.
    expect(codeOf(() => fitBgNbd([...nine, once]))).not.toBe('too-few-rows');
    const oneRepeat = [repeat, ...Array.from({ length: 9 }, () => once)];
    expect(codeOf(() => fitBgNbd(oneRepeat))).toBe('too-few-rows');
  });

  it('needs finite x >= 0 and spend >= 0, spend > 0 for a repeat buyer, and 5 repeat buyers', () => {
    for (const bad of [
      { x: -1, monetary: 5 },
      { x: Infinity, monetary: 5 },
      { x: 1, monetary: -5 },
      { x: 1, monetary: Infinity },
      { x: 1, monetary: 0 },
    ]) {
      expect(codeOf(() => new GammaGammaLikelihood([bad]))).toBe('invalid-input');
    }
    expect(() => new GammaGammaLikelihood([{ x: 1, monetary: 0 }])).toThrow(/value > 0, got 0/);
    const buyers = [3, 5, 8, 13, 21].map((monetary, i) => ({ x: i + 1, monetary }));
    expect(codeOf(() => fitGammaGamma(buyers.slice(0, 4)))).toBe('too-few-rows');
    expect(codeOf(() => fitGammaGamma(buyers))).not.toBe('too-few-rows');
  });
});
