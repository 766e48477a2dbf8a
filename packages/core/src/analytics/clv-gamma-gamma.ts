// The Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee 2005, "RFM and CLV"; the
// note "The Gamma-Gamma model of monetary value"): a customer's transaction values are
// Gamma(p, nu) with nu ~ Gamma(q, v) across customers, independent of the purchase process.
// Fitted by maximum likelihood on the customers with at least one repeat purchase.
import { AnalyticsError } from './analytics-error.js';
import { minimizeBfgs } from './bfgs.js';
import { digamma } from './clv-digamma.js';
import { minimizeNelderMead } from './nelder-mead.js';
import { logGamma } from './special-functions.js';

/** The three Gamma-Gamma parameters: shape p of a customer's spend, Gamma(q, v) of its rate. */
export interface GammaGammaParameters {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/** A repeat buyer's number of repeat transactions x (> 0) and their mean value (> 0). */
export interface FrequencyMonetary {
  readonly x: number;
  readonly monetary: number;
}

/** A Gamma-Gamma fit: the parameters, the log-likelihood at them, and the optimiser's effort. */
export interface GammaGammaFit {
  readonly parameters: GammaGammaParameters;
  readonly logLikelihood: number;
  /** Repeat buyers the fit used. */
  readonly customers: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** The fewest repeat buyers `fitGammaGamma` accepts. */
export const GAMMA_GAMMA_MIN_CUSTOMERS = 5;

const LOG_BOUND = 15;

/**
 * The Gamma-Gamma log-likelihood over repeat buyers, arranged like the BG/NBD one: log-gamma terms
 * once per distinct x, log(monetary) computed once, so an evaluation costs one log per customer.
 * Customers with x = 0 are skipped (they carry no spend information).
 */
export class GammaGammaLikelihood {
  readonly customers: number;
  private readonly xValues: Float64Array;
  private readonly customerX: Uint32Array;
  private readonly xm: Float64Array;
  private readonly logM: Float64Array;
  private readonly xTerm: Float64Array;

  constructor(data: readonly FrequencyMonetary[]) {
    const xIndex = new Map<number, number>();
    const cx: number[] = [];
    const xm: number[] = [];
    const logM: number[] = [];
    data.forEach(({ x, monetary }, i) => {
      if (!(Number.isFinite(x) && x >= 0 && Number.isFinite(monetary) && monetary >= 0)) {
        throw new AnalyticsError(
          'invalid-input',
          `customer ${i}: needs x >= 0 and a finite monetary value >= 0, got x = ${x}, monetary = ${monetary}`,
        );
      }
      if (x === 0) return;
      if (!(monetary > 0)) {
        throw new AnalyticsError(
          'invalid-input',
          `customer ${i}: a repeat buyer needs a monetary value > 0, got ${monetary}`,
        );
      }
      let index = xIndex.get(x);
      if (index === undefined) {
        index = xIndex.size;
        xIndex.set(x, index);
      }
      cx.push(index);
      xm.push(x * monetary);
      logM.push(Math.log(monetary));
    });
    this.customers = cx.length;
    this.xValues = Float64Array.from(xIndex.keys());
    this.customerX = Uint32Array.from(cx);
    this.xm = Float64Array.from(xm);
    this.logM = Float64Array.from(logM);
    this.xTerm = new Float64Array(this.xValues.length);
  }

  /** The log-likelihood and its gradient with respect to (p, q, v), term by term. */
  logLikelihoodWithGradient({ p, q, v }: GammaGammaParameters): {
    value: number;
    gradient: [number, number, number];
  } {
    const { xValues, xTerm, customerX, xm, logM } = this;
    const logV = Math.log(v);
    const constant = q * logV - logGamma(q);
    const psiQ = digamma(q);
    const dP = new Float64Array(xValues.length);
    const dQ = new Float64Array(xValues.length);
    for (let i = 0; i < xValues.length; i++) {
      const x = xValues[i] ?? 1;
      const px = p * x;
      const psiPxQ = digamma(px + q);
      xTerm[i] = logGamma(px + q) - logGamma(px) + px * Math.log(x) + constant;
      dP[i] = x * (psiPxQ - digamma(px) + Math.log(x));
      dQ[i] = psiPxQ - psiQ + logV;
    }
    let value = 0;
    let gp = 0;
    let gq = 0;
    let gv = 0;
    for (let c = 0; c < customerX.length; c++) {
      const xi = customerX[c] ?? 0;
      const x = xValues[xi] ?? 1;
      const px = p * x;
      const base = (xm[c] ?? 0) + v;
      const logBase = Math.log(base);
      const lm = logM[c] ?? 0;
      value += (xTerm[xi] ?? 0) + (px - 1) * lm - (px + q) * logBase;
      gp += (dP[xi] ?? 0) + x * (lm - logBase);
      gq += (dQ[xi] ?? 0) - logBase;
      gv += q / v - (px + q) / base;
    }
    return { value, gradient: [gp, gq, gv] };
  }

  /**
   * The log-likelihood at `parameters`: the density of the mean of x Gamma(p, nu) values,
   * integrated over nu ~ Gamma(q, v), per customer
   * log Gamma(px + q) - log Gamma(px) - log Gamma(q) + q log v + (px - 1) log m + px log x
   * - (px + q) log(x m + v).
   */
  logLikelihood({ p, q, v }: GammaGammaParameters): number {
    const { xValues, xTerm, customerX, xm, logM } = this;
    const constant = q * Math.log(v) - logGamma(q);
    for (let i = 0; i < xValues.length; i++) {
      const x = xValues[i] ?? 1;
      xTerm[i] = logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x) + constant;
    }
    let sum = 0;
    for (let c = 0; c < customerX.length; c++) {
      const xi = customerX[c] ?? 0;
      const px = p * (xValues[xi] ?? 1);
      sum += (xTerm[xi] ?? 0) + (px - 1) * (logM[c] ?? 0) - (px + q) * Math.log((xm[c] ?? 0) + v);
    }
    return sum;
  }
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood (BFGS over log p, log q, log v) on the
 * customers with x > 0. Throws `too-few-rows` below `GAMMA_GAMMA_MIN_CUSTOMERS` repeat buyers.
 */
export function fitGammaGamma(
  data: readonly FrequencyMonetary[] | GammaGammaLikelihood,
): GammaGammaFit {
  const likelihood = data instanceof GammaGammaLikelihood ? data : new GammaGammaLikelihood(data);
  const n = likelihood.customers;
  if (n < GAMMA_GAMMA_MIN_CUSTOMERS) {
    throw new AnalyticsError(
      'too-few-rows',
      `the Gamma-Gamma spend fit needs at least ${GAMMA_GAMMA_MIN_CUSTOMERS} customers with a repeat purchase, got ${n}`,
    );
  }
  const objective = (point: readonly number[]): number => {
    if (point.some((value) => Math.abs(value) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
    return -likelihood.logLikelihood(gammaGammaFromLog(point)) / n;
  };
  // As for BG/NBD: BFGS on the analytic gradient, Nelder-Mead when it stops short.
  const quasiNewton = minimizeBfgs(
    (point) => {
      if (point.some((value) => Math.abs(value) > LOG_BOUND)) {
        return { value: Infinity, gradient: [0, 0, 0] };
      }
      const parameters = gammaGammaFromLog(point);
      const { value, gradient } = likelihood.logLikelihoodWithGradient(parameters);
      const scale = [parameters.p, parameters.q, parameters.v];
      return { value: -value / n, gradient: gradient.map((g, i) => (-g * (scale[i] ?? 1)) / n) };
    },
    [0, 0, 0],
  );
  const result = quasiNewton.converged
    ? quasiNewton
    : minimizeNelderMead(objective, quasiNewton.point, {
        maxEvaluations: 20_000 - quasiNewton.evaluations,
      });
  if (!Number.isFinite(result.value)) {
    throw new AnalyticsError(
      'invalid-input',
      'the Gamma-Gamma likelihood is not finite for this data',
    );
  }
  return {
    parameters: gammaGammaFromLog(result.point),
    logLikelihood: -result.value * n,
    customers: n,
    evaluations: quasiNewton.converged
      ? quasiNewton.evaluations
      : quasiNewton.evaluations + result.evaluations,
    converged: result.converged,
  };
}

/**
 * E[Z | p, q, v, x, m]: a customer's expected spend per transaction, the weighted mean
 * (q - 1) / (px + q - 1) * pv / (q - 1) + px / (px + q - 1) * m of the population mean pv / (q - 1)
 * and the customer's own mean m; for x = 0 the population mean. When q <= 1 the population mean is
 * infinite and the model says nothing useful: `fallbackMean` (e.g. the observed mean of the repeat
 * buyers) takes its place, so the answer stays finite.
 */
export function gammaGammaExpectedSpend(
  { p, q, v }: GammaGammaParameters,
  { x, monetary }: FrequencyMonetary,
  fallbackMean: number,
): number {
  if (!(q > 1)) return x > 0 ? monetary : fallbackMean;
  const populationMean = (p * v) / (q - 1);
  if (x === 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * monetary;
}

function gammaGammaFromLog(point: readonly number[]): GammaGammaParameters {
  return { p: Math.exp(point[0] ?? 0), q: Math.exp(point[1] ?? 0), v: Math.exp(point[2] ?? 0) };
}
