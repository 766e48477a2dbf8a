import { AnalyticsError } from './analytics-error.js';
import { erfc } from './special-functions.js';

const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal cumulative distribution function Phi(x), with full relative accuracy in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x))
    throw new AnalyticsError('invalid-input', 'normalCdf needs a number, got NaN');
  return 0.5 * erfc(-x / SQRT_2);
}

/** Standard normal density phi(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Two-sided p-value of a standard normal statistic: 2 * P(Z > |z|). */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) throw new AnalyticsError('invalid-input', 'z must be a number, got NaN');
  return Math.min(1, erfc(Math.abs(z) / SQRT_2));
}

// Acklam's rational approximation (relative error 1.15e-9), refined below to full precision.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
] as const;
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155215185e1,
] as const;
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
] as const;
const D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416,
] as const;
const P_LOW = 0.02425;

// Quantile for p <= 0.5, where Phi(x) is computed with full relative precision.
function lowerQuantile(p: number): number {
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // One Halley step against the accurate CDF takes 1e-9 to about 1e-15 (Acklam's refinement).
  const e = normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/** Inverse standard normal CDF: the x with Phi(x) = p; -Infinity at 0 and Infinity at 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new AnalyticsError('invalid-input', `probability must be in [0, 1], got ${String(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // 1 - p is exact for p >= 0.5, so mirroring keeps the upper tail as precise as the lower.
  return p > 0.5 ? -lowerQuantile(1 - p) : lowerQuantile(p);
}

/** Two-sided critical value z with P(|Z| <= z) = confidence, e.g. 1.959964 for 0.95. */
export function normalCriticalValue(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new AnalyticsError(
      'invalid-input',
      `confidence must be in (0, 1), got ${String(confidence)}`,
    );
  }
  return -lowerQuantile((1 - confidence) / 2);
}
