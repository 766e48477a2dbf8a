/**
 * The middle row of the CLV figure: the library's likelihoods (with their per-distinct-value
 * tables) fitted by the derivative-free Nelder-Mead search instead of BFGS on the gradient, so
 * that the figure separates what the tables and the optimiser each contribute.
 */
import {
  BgNbdLikelihood,
  GammaGammaLikelihood,
  minimizeNelderMead,
  type BgNbdParameters,
  type ClvCustomerSummary,
  type GammaGammaParameters,
} from '@touchstone/core';

/** Both fits by Nelder-Mead over the log-parameters from the library's start. */
export function fitByNelderMead(customers: readonly ClvCustomerSummary[]): {
  bgnbd: BgNbdParameters;
  gammaGamma: GammaGammaParameters;
  evaluations: number;
} {
  const purchases = new BgNbdLikelihood(customers);
  const spend = new GammaGammaLikelihood(customers);
  const out = (point: readonly number[]) => point.some((v) => Math.abs(v) > 15);
  const bg = minimizeNelderMead(
    (point) => {
      if (out(point)) return Infinity;
      const [r = 0, alpha = 0, a = 0, b = 0] = point.map(Math.exp);
      return -purchases.logLikelihood({ r, alpha, a, b }) / purchases.customers;
    },
    [0, 0, 0, 0],
  );
  const gg = minimizeNelderMead(
    (point) => {
      if (out(point)) return Infinity;
      const [p = 0, q = 0, v = 0] = point.map(Math.exp);
      return -spend.logLikelihood({ p, q, v }) / spend.customers;
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
