import { AnalyticsError } from './analytics-error.js';
import { normalCdf, normalPdf, normalQuantile } from './normal-distribution.js';
import { logBeta, regularizedIncompleteBeta } from './special-functions.js';

// Past this many degrees of freedom t and normal differ by under 1e-11 (absolute). Below it the
// incomplete beta gives about 1e-14 relative accuracy up to df = 1e3, 1e-11 at 1e6 and 1e-8 at
// 1e9: its continued fraction cancels more digits as df grows.
const NORMAL_LIMIT_DF = 1e10;

function assertDegreesOfFreedom(df: number): void {
  if (!(df > 0)) {
    throw new AnalyticsError('invalid-input', `degrees of freedom must be > 0, got ${String(df)}`);
  }
}

// P(T <= t) for t <= 0, computed directly in the tail so small probabilities keep their digits.
function lowerTail(t: number, df: number): number {
  const t2 = t * t;
  // x = df / (df + t^2) and y = t^2 / (df + t^2), each formed without subtraction.
  return 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** Student t cumulative distribution function P(T <= t) with `df` (possibly fractional) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (Number.isNaN(t)) throw new AnalyticsError('invalid-input', 't must be a number, got NaN');
  if (df > NORMAL_LIMIT_DF) return normalCdf(t);
  if (t === -Infinity) return 0;
  if (t === Infinity) return 1;
  return t <= 0 ? lowerTail(t, df) : 1 - lowerTail(-t, df);
}

/** Student t density. */
export function studentTPdf(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (df > NORMAL_LIMIT_DF) return normalPdf(t);
  return Math.exp(
    -0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/** Two-sided p-value 2 * P(T > |t|), accurate for tiny p. */
export function studentTTwoSidedP(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (Number.isNaN(t)) throw new AnalyticsError('invalid-input', 't must be a number, got NaN');
  if (df > NORMAL_LIMIT_DF) return Math.min(1, 2 * normalCdf(-Math.abs(t)));
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * lowerTail(-Math.abs(t), df));
}

// Quantile for p < 0.5 (a negative t) by safeguarded Newton on the CDF within a bracket.
function lowerQuantile(p: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Cornish-Fisher start: close for moderate df, and the bracket search fixes the rest.
  const z = normalQuantile(p);
  const z2 = z * z;
  let t = z + (z * (z2 + 1)) / (4 * df) + (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df);
  if (!(t < 0)) t = z;
  // Bracket: hi is where CDF >= p (it is 0 at the median), lo where CDF <= p.
  let hi = 0;
  let lo = t;
  while (studentTCdf(lo, df) > p) {
    hi = lo;
    lo *= 2;
  }
  if (studentTCdf(t, df) <= p) lo = t;
  else hi = t;
  t = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(t, df) - p;
    if (f === 0) return t;
    if (f > 0) hi = t;
    else lo = t;
    let next = t - f / studentTPdf(t, df);
    // Fall back to bisection whenever Newton leaves the bracket.
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) + 1e-300) return next;
    t = next;
  }
  return t;
}

/** Inverse Student t CDF: the t with P(T <= t) = p; -Infinity at 0 and Infinity at 1. */
export function studentTQuantile(p: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (!(p >= 0 && p <= 1)) {
    throw new AnalyticsError('invalid-input', `probability must be in [0, 1], got ${String(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df > NORMAL_LIMIT_DF) return normalQuantile(p);
  return p > 0.5 ? -lowerQuantile(1 - p, df) : lowerQuantile(p, df);
}

/** Two-sided critical value t with P(|T| <= t) = confidence. */
export function studentTCriticalValue(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new AnalyticsError(
      'invalid-input',
      `confidence must be in (0, 1), got ${String(confidence)}`,
    );
  }
  return -studentTQuantile((1 - confidence) / 2, df);
}
