// The analytic gradients of the CLV likelihoods against central differences of the likelihoods.
import { describe, expect, it } from 'vitest';
import { BgNbdLikelihood } from './clv-bgnbd.js';
import { digamma } from './clv-digamma.js';
import { GammaGammaLikelihood } from './clv-gamma-gamma.js';
import { logGamma } from './special-functions.js';

const customers = [
  { x: 0, tx: 0, T: 30, monetary: 0 },
  { x: 1, tx: 2, T: 30, monetary: 12 },
  { x: 4, tx: 20, T: 25, monetary: 30 },
  { x: 9, tx: 38, T: 39, monetary: 18.5 },
  { x: 2, tx: 5, T: 39, monetary: 60 },
  { x: 4, tx: 20, T: 25, monetary: 44 },
];

function centralDifference<T extends Record<string, number>>(
  f: (p: T) => number,
  at: T,
  key: keyof T,
): number {
  const h = 1e-6 * Math.max(1, Math.abs(at[key] as number));
  return (
    (f({ ...at, [key]: (at[key] as number) + h }) - f({ ...at, [key]: (at[key] as number) - h })) /
    (2 * h)
  );
}

describe('likelihood gradients', () => {
  it('BG/NBD: value and gradient agree with the likelihood and its differences', () => {
    const likelihood = new BgNbdLikelihood(customers);
    for (const at of [
      { r: 0.3, alpha: 3, a: 0.7, b: 2 },
      { r: 2, alpha: 40, a: 1.5, b: 0.4 },
    ]) {
      const { value, gradient } = likelihood.logLikelihoodWithGradient(at);
      expect(value).toBeCloseTo(likelihood.logLikelihood(at), 10);
      (['r', 'alpha', 'a', 'b'] as const).forEach((key, i) => {
        const numeric = centralDifference((p) => likelihood.logLikelihood(p), at, key);
        expect(gradient[i]).toBeCloseTo(numeric, 5);
      });
    }
  });

  it('Gamma-Gamma: value and gradient agree with the likelihood and its differences', () => {
    const likelihood = new GammaGammaLikelihood(customers);
    const at = { p: 4, q: 3, v: 12 };
    const { value, gradient } = likelihood.logLikelihoodWithGradient(at);
    expect(value).toBeCloseTo(likelihood.logLikelihood(at), 10);
    (['p', 'q', 'v'] as const).forEach((key, i) => {
      const numeric = centralDifference((p) => likelihood.logLikelihood(p), at, key);
      expect(gradient[i]).toBeCloseTo(numeric, 5);
    });
  });

  it('digamma is the derivative of log-gamma', () => {
    for (const x of [0.05, 0.5, 1, 3.7, 12, 250]) {
      const h = 1e-5 * x;
      const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      expect(digamma(x)).toBeCloseTo(numeric, 6);
    }
    // psi(1) = -Euler's constant.
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
  });
});
