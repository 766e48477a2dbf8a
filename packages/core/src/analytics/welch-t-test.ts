import { assertConfidence } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE } from './interval.js';
import type { Computed, InsufficientData, NoVariance } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import type { MomentStats } from './moments.js';
import { sampleVariance, validateMoments } from './moments.js';
import { studentTCriticalValue, studentTTwoSidedP } from './student-t-distribution.js';

/** Result of Welch's t test: first mean minus second. */
export interface MeanComparison {
  readonly n1: number;
  readonly n2: number;
  readonly difference: number;
  readonly standardError: number;
  readonly t: number;
  /** Welch-Satterthwaite degrees of freedom (fractional). */
  readonly df: number;
  readonly pValue: number;
  readonly interval: ConfidenceInterval;
}

/**
 * Welch's unequal-variance t test from two groups' moments. Insufficient data when either group is
 * below minN (default 10, at least 2); no-variance when both groups are constant (t undefined).
 */
export function compareMeans(
  first: MomentStats,
  second: MomentStats,
  options: { readonly confidence?: number; readonly minN?: number } = {},
): Computed<MeanComparison> | InsufficientData | NoVariance {
  validateMoments(first, 'first');
  validateMoments(second, 'second');
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const minN = effectiveMinN(options.minN, 2);
  if (first.n < minN || second.n < minN) {
    return { status: 'insufficient-data', n: Math.min(first.n, second.n), minN };
  }
  const v1 = sampleVariance(first) / first.n;
  const v2 = sampleVariance(second) / second.n;
  const squaredError = v1 + v2;
  if (squaredError === 0) return { status: 'no-variance', n: first.n + second.n };
  const standardError = Math.sqrt(squaredError);
  const difference = first.sum / first.n - second.sum / second.n;
  const t = difference / standardError;
  // A constant group contributes nothing to the denominator, so df falls to the other group's n - 1.
  // Written with the shares of the squared error so tiny variances cannot underflow to 0/0.
  const share1 = v1 / squaredError;
  const share2 = v2 / squaredError;
  const df = 1 / ((share1 * share1) / (first.n - 1) + (share2 * share2) / (second.n - 1));
  const margin = studentTCriticalValue(confidence, df) * standardError;
  return {
    status: 'ok',
    n1: first.n,
    n2: second.n,
    difference,
    standardError,
    t,
    df,
    pValue: studentTTwoSidedP(t, df),
    interval: { low: difference - margin, high: difference + margin, confidence },
  };
}
