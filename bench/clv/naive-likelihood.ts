/**
 * The naive baseline: the same BG/NBD and Gamma-Gamma log-likelihoods written the direct way, one
 * customer at a time with every log-gamma evaluated per customer and nothing precomputed, fitted
 * by Nelder-Mead (no gradient) from the library's start.
 */
import {
  logGamma,
  minimizeNelderMead,
  type BgNbdParameters,
  type ClvCustomerSummary,
  type GammaGammaParameters,
} from '@touchstone/core';

function naiveBgNbd(
  customers: readonly ClvCustomerSummary[],
  { r, alpha, a, b }: BgNbdParameters,
): number {
  let sum = 0;
  for (const { x, tx, T } of customers) {
    const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
    const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 =
      x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
    const top = Math.max(a3, a4);
    sum += a1 + a2 + top + Math.log(Math.exp(a3 - top) + Math.exp(a4 - top));
  }
  return sum;
}

function naiveGammaGamma(
  customers: readonly ClvCustomerSummary[],
  { p, q, v }: GammaGammaParameters,
): number {
  let sum = 0;
  for (const { x, monetary: m } of customers) {
    if (x === 0) continue;
    sum +=
      logGamma(p * x + q) -
      logGamma(q) +
      (p * x - 1) * Math.log(m) +
      q * Math.log(v) +
      p * x * Math.log(x) -
      logGamma(p * x) -
      (q + p * x) * Math.log(x * m + v);
  }
  return sum;
}

/** Both fits the naive way: the parameters reached and the evaluations it took. */
export function fitNaively(customers: readonly ClvCustomerSummary[]): {
  bgnbd: BgNbdParameters;
  gammaGamma: GammaGammaParameters;
  evaluations: number;
} {
  const n = customers.length;
  const repeat = customers.filter((c) => c.x > 0).length;
  const out = (point: readonly number[]) => point.some((v) => Math.abs(v) > 15);
  const bg = minimizeNelderMead(
    (point) => {
      if (out(point)) return Infinity;
      const [r = 0, alpha = 0, a = 0, b = 0] = point.map(Math.exp);
      return -naiveBgNbd(customers, { r, alpha, a, b }) / n;
    },
    [0, 0, 0, 0],
  );
  const gg = minimizeNelderMead(
    (point) => {
      if (out(point)) return Infinity;
      const [p = 0, q = 0, v = 0] = point.map(Math.exp);
      return -naiveGammaGamma(customers, { p, q, v }) / repeat;
    },
    [0, 0, 0],
  );
  const [r = 0, alpha = 0, a = 0, b = 0] = bg.point.map(Math.exp);
  const [p = 0, q = 0, v = 0] = gg.point.map(Math.exp);
  return {
    bgnbd: { r, alpha, a, b },
    gammaGamma: { p, q, v },
    evaluations: bg.evaluations + gg.evaluations,
  };
}
