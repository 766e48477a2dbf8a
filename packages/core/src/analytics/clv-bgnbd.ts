// The BG/NBD model of repeat buying (Fader, Hardie and Lee 2005, "Counting your customers the easy
// way"): while alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha), and
// after each purchase drops out with probability p ~ Beta(a, b). Fitted by maximum likelihood
// from (x, t_x, T) per customer.
import { AnalyticsError } from './analytics-error.js';
import { logGamma } from './special-functions.js';
import { minimizeBfgs } from './bfgs.js';
import { digamma } from './clv-digamma.js';
import { minimizeNelderMead } from './nelder-mead.js';

/** The four BG/NBD parameters: purchase rate Gamma(r, alpha), dropout Beta(a, b). */
export interface BgNbdParameters {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** A customer's repeat purchases x in (0, T], the time of the last one t_x, and the time observed T. */
export interface RecencyFrequency {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

/** A BG/NBD fit: the parameters, the log-likelihood at them, and the optimiser's effort. */
export interface BgNbdFit {
  readonly parameters: BgNbdParameters;
  readonly logLikelihood: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** The fewest customers, and the fewest with a repeat purchase, `fitBgNbd` accepts. */
export const BGNBD_MIN_CUSTOMERS = 10;
export const BGNBD_MIN_REPEAT_CUSTOMERS = 2;

// Log-parameters are kept within +-LOG_BOUND: past it a fit has run off to a degenerate corner
// (no information in the data), and the values would overflow in the expectations.
const LOG_BOUND = 15;

/**
 * The data of a BG/NBD likelihood, arranged so that one evaluation costs a few table look-ups and
 * at most one exp and one log1p per distinct customer: identical (x, t_x, T) are merged with a
 * weight, the log-gamma terms are computed once per distinct x, and log(alpha + t) once per
 * distinct time (times are whole days in practice, so there are few).
 */
export class BgNbdLikelihood {
  readonly customers: number;
  private readonly xValues: Float64Array;
  private readonly times: Float64Array;
  private readonly groupX: Uint32Array;
  private readonly groupT: Uint32Array;
  private readonly groupTx: Uint32Array;
  private readonly groupWeight: Float64Array;
  private readonly logAlphaPlus: Float64Array;
  private readonly xTerm: Float64Array;
  private readonly logBPlusXMinus1: Float64Array;

  constructor(data: readonly RecencyFrequency[]) {
    const xIndex = new Map<number, number>();
    const timeIndex = new Map<number, number>();
    const groups = new Map<string, number>();
    const gx: number[] = [];
    const gT: number[] = [];
    const gTx: number[] = [];
    const weights: number[] = [];
    const indexOf = (map: Map<number, number>, value: number): number => {
      let index = map.get(value);
      if (index === undefined) {
        index = map.size;
        map.set(value, index);
      }
      return index;
    };
    data.forEach((customer, i) => assertRecencyFrequency(customer, i));
    for (const { x, tx, T } of data) {
      const key = `${x} ${tx} ${T}`;
      const group = groups.get(key);
      if (group !== undefined) {
        weights[group] = (weights[group] ?? 0) + 1;
        continue;
      }
      groups.set(key, weights.length);
      gx.push(indexOf(xIndex, x));
      gT.push(indexOf(timeIndex, T));
      gTx.push(indexOf(timeIndex, tx));
      weights.push(1);
    }
    this.customers = data.length;
    this.xValues = Float64Array.from(xIndex.keys());
    this.times = Float64Array.from(timeIndex.keys());
    this.groupX = Uint32Array.from(gx);
    this.groupT = Uint32Array.from(gT);
    this.groupTx = Uint32Array.from(gTx);
    this.groupWeight = Float64Array.from(weights);
    this.logAlphaPlus = new Float64Array(this.times.length);
    this.xTerm = new Float64Array(this.xValues.length);
    this.logBPlusXMinus1 = new Float64Array(this.xValues.length);
  }

  /** Customers with at least one repeat purchase. */
  repeatCustomers(): number {
    let count = 0;
    for (let g = 0; g < this.groupWeight.length; g++) {
      if ((this.xValues[this.groupX[g] ?? 0] ?? 0) > 0) count += this.groupWeight[g] ?? 0;
    }
    return count;
  }

  /**
   * The log-likelihood and its gradient with respect to (r, alpha, a, b): the same sums as
   * `logLikelihood`, differentiated term by term (digamma for the log-gamma terms; the mixture
   * term's derivative is its logistic weight times the derivative of its exponent).
   */
  logLikelihoodWithGradient({ r, alpha, a, b }: BgNbdParameters): {
    value: number;
    gradient: [number, number, number, number];
  } {
    const { xValues, times, logAlphaPlus, xTerm, logBPlusXMinus1 } = this;
    const nx = xValues.length;
    const dR = new Float64Array(nx);
    const dA = new Float64Array(nx);
    const dB = new Float64Array(nx);
    const logGammaR = logGamma(r);
    const logA = Math.log(a);
    const logAlpha = Math.log(alpha);
    const logBetaShift = logGamma(a + b) - logGamma(b);
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    for (let i = 0; i < nx; i++) {
      const x = xValues[i] ?? 0;
      xTerm[i] =
        logGamma(r + x) -
        logGammaR +
        r * logAlpha +
        logBetaShift +
        logGamma(b + x) -
        logGamma(a + b + x);
      logBPlusXMinus1[i] = x > 0 ? Math.log(b + x - 1) : 0;
      const psiABX = digamma(a + b + x);
      dR[i] = digamma(r + x) - psiR + logAlpha;
      dA[i] = psiAB - psiABX;
      dB[i] = psiAB - psiB + digamma(b + x) - psiABX;
    }
    const inverseAlphaPlus = new Float64Array(times.length);
    for (let i = 0; i < times.length; i++) {
      const base = alpha + (times[i] ?? 0);
      logAlphaPlus[i] = Math.log(base);
      inverseAlphaPlus[i] = 1 / base;
    }
    let value = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    const { groupX, groupT, groupTx, groupWeight } = this;
    for (let g = 0; g < groupWeight.length; g++) {
      const w = groupWeight[g] ?? 0;
      const xi = groupX[g] ?? 0;
      const x = xValues[xi] ?? 0;
      const ti = groupT[g] ?? 0;
      const logAT = logAlphaPlus[ti] ?? 0;
      const invAT = inverseAlphaPlus[ti] ?? 0;
      let v = (xTerm[xi] ?? 0) - (r + x) * logAT;
      let vr = (dR[xi] ?? 0) - logAT;
      let vAlpha = r / alpha - (r + x) * invAT;
      let va = dA[xi] ?? 0;
      let vb = dB[xi] ?? 0;
      if (x > 0) {
        const txi = groupTx[g] ?? 0;
        const logGap = logAT - (logAlphaPlus[txi] ?? 0);
        const d = logA - (logBPlusXMinus1[xi] ?? 0) + (r + x) * logGap;
        const e = Math.exp(-Math.abs(d));
        v += Math.max(d, 0) + Math.log1p(e);
        const weight = d > 0 ? 1 / (1 + e) : e / (1 + e);
        vr += weight * logGap;
        vAlpha += weight * (r + x) * (invAT - (inverseAlphaPlus[txi] ?? 0));
        va += weight / a;
        vb -= weight / (b + x - 1);
      }
      value += w * v;
      gr += w * vr;
      gAlpha += w * vAlpha;
      ga += w * va;
      gb += w * vb;
    }
    return { value, gradient: [gr, gAlpha, ga, gb] };
  }

  /** The log-likelihood of all customers at `parameters` (FHL 2005, equation 6). */
  logLikelihood({ r, alpha, a, b }: BgNbdParameters): number {
    const { xValues, times, logAlphaPlus, xTerm, logBPlusXMinus1 } = this;
    const logGammaR = logGamma(r);
    const logA = Math.log(a);
    const logBetaShift = logGamma(a + b) - logGamma(b);
    const rLogAlpha = r * Math.log(alpha);
    for (let i = 0; i < xValues.length; i++) {
      const x = xValues[i] ?? 0;
      xTerm[i] =
        logGamma(r + x) -
        logGammaR +
        rLogAlpha +
        logBetaShift +
        logGamma(b + x) -
        logGamma(a + b + x);
      logBPlusXMinus1[i] = x > 0 ? Math.log(b + x - 1) : 0;
    }
    for (let i = 0; i < times.length; i++) logAlphaPlus[i] = Math.log(alpha + (times[i] ?? 0));
    let sum = 0;
    const { groupX, groupT, groupTx, groupWeight } = this;
    for (let g = 0; g < groupWeight.length; g++) {
      const xi = groupX[g] ?? 0;
      const x = xValues[xi] ?? 0;
      const logAT = logAlphaPlus[groupT[g] ?? 0] ?? 0;
      let value = (xTerm[xi] ?? 0) - (r + x) * logAT;
      if (x > 0) {
        // log(e^A3 + e^A4) - A3 with d = A4 - A3, written to stay finite for either sign of d.
        const d =
          logA -
          (logBPlusXMinus1[xi] ?? 0) +
          (r + x) * (logAT - (logAlphaPlus[groupTx[g] ?? 0] ?? 0));
        value += d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
      }
      sum += (groupWeight[g] ?? 0) * value;
    }
    return sum;
  }
}

/** Throws `invalid-input` unless 0 <= t_x <= T, x >= 0, x = 0 implies t_x = 0, all finite. */
export function assertRecencyFrequency({ x, tx, T }: RecencyFrequency, index: number): void {
  const ok =
    Number.isFinite(x) &&
    Number.isFinite(tx) &&
    Number.isFinite(T) &&
    x >= 0 &&
    tx >= 0 &&
    tx <= T &&
    (x > 0 || tx === 0);
  if (!ok) {
    throw new AnalyticsError(
      'invalid-input',
      `customer ${index}: needs x >= 0, 0 <= t_x <= T and t_x = 0 when x = 0, got x = ${x}, t_x = ${tx}, T = ${T}`,
    );
  }
}

/**
 * Fits the BG/NBD model by maximum likelihood: BFGS over the logs of (r, alpha, a, b), so
 * every trial point is valid. Throws `too-few-rows` below `BGNBD_MIN_CUSTOMERS` customers or
 * `BGNBD_MIN_REPEAT_CUSTOMERS` repeat buyers: with no repeat purchases the likelihood has no
 * maximum (the purchase rate runs to zero).
 */
export function fitBgNbd(data: readonly RecencyFrequency[] | BgNbdLikelihood): BgNbdFit {
  const likelihood = data instanceof BgNbdLikelihood ? data : new BgNbdLikelihood(data);
  if (likelihood.customers < BGNBD_MIN_CUSTOMERS) {
    throw new AnalyticsError(
      'too-few-rows',
      `the BG/NBD fit needs at least ${BGNBD_MIN_CUSTOMERS} customers, got ${likelihood.customers}`,
    );
  }
  const repeat = likelihood.repeatCustomers();
  if (repeat < BGNBD_MIN_REPEAT_CUSTOMERS) {
    throw new AnalyticsError(
      'too-few-rows',
      `the BG/NBD fit needs at least ${BGNBD_MIN_REPEAT_CUSTOMERS} customers with a repeat purchase, got ${repeat}`,
    );
  }
  const n = likelihood.customers;
  const objective = (point: readonly number[]): number => {
    if (point.some((v) => Math.abs(v) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
    return -likelihood.logLikelihood(bgNbdFromLog(point)) / n;
  };
  // BFGS on the analytic gradient (chain rule: d/d log p = p d/dp); Nelder-Mead takes over from
  // its best point when it stops short of a zero gradient (a flat likelihood, a bound).
  const quasiNewton = minimizeBfgs(
    (point) => {
      if (point.some((v) => Math.abs(v) > LOG_BOUND))
        return { value: Infinity, gradient: [0, 0, 0, 0] };
      const parameters = bgNbdFromLog(point);
      const { value, gradient } = likelihood.logLikelihoodWithGradient(parameters);
      const scale = [parameters.r, parameters.alpha, parameters.a, parameters.b];
      return { value: -value / n, gradient: gradient.map((g, i) => (-g * (scale[i] ?? 1)) / n) };
    },
    [0, 0, 0, 0],
  );
  const result = quasiNewton.converged
    ? quasiNewton
    : minimizeNelderMead(objective, quasiNewton.point, {
        maxEvaluations: 20_000 - quasiNewton.evaluations,
      });
  if (!Number.isFinite(result.value)) {
    throw new AnalyticsError('invalid-input', 'the BG/NBD likelihood is not finite for this data');
  }
  return {
    parameters: bgNbdFromLog(result.point),
    logLikelihood: -result.value * n,
    evaluations: quasiNewton.converged
      ? quasiNewton.evaluations
      : quasiNewton.evaluations + result.evaluations,
    converged: result.converged,
  };
}

function bgNbdFromLog(point: readonly number[]): BgNbdParameters {
  return {
    r: Math.exp(point[0] ?? 0),
    alpha: Math.exp(point[1] ?? 0),
    a: Math.exp(point[2] ?? 0),
    b: Math.exp(point[3] ?? 0),
  };
}
