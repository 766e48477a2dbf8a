import { AnalyticsError, assertConfidence, assertNonNegative } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE } from './interval.js';
import type { Computed, InsufficientData, NoVariance } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import { normalCriticalValue, normalTwoSidedP } from './normal-distribution.js';

/** Sufficient statistics of a share: how many of n had the property. */
export interface ProportionCounts {
  readonly successes: number;
  readonly n: number;
}

function validateCounts(counts: ProportionCounts, label: string): void {
  assertNonNegative(counts.successes, `${label} successes`);
  assertNonNegative(counts.n, `${label} n`);
  if (counts.successes > counts.n) {
    throw new AnalyticsError(
      'invalid-input',
      `${label} successes (${counts.successes}) exceed n (${counts.n})`,
    );
  }
}

/**
 * Wilson score interval for a share (0..1). Preferred to Wald because it stays inside [0, 1] and
 * keeps its coverage near 0 and 1 and at small n. Throws `invalid-input` for n = 0.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  confidence: number = DEFAULT_CONFIDENCE,
): ConfidenceInterval {
  validateCounts({ successes, n }, 'proportion');
  assertConfidence(confidence);
  if (n === 0) throw new AnalyticsError('invalid-input', 'a Wilson interval needs n >= 1');
  const z = normalCriticalValue(confidence);
  const share = successes / n;
  const z2n = (z * z) / n;
  const center = (share + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((share * (1 - share)) / n + z2n / (4 * n));
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === n ? 1 : Math.min(1, center + half),
    confidence,
  };
}

/** A share (0..1) with its Wilson interval. */
export interface ShareSummary {
  readonly n: number;
  readonly count: number;
  readonly share: number;
  readonly interval: ConfidenceInterval;
}

/** Share with Wilson interval; groups below minN (default 10, at least 1) report insufficient data. */
export function computeShare(
  counts: ProportionCounts,
  options: { readonly confidence?: number; readonly minN?: number } = {},
): Computed<ShareSummary> | InsufficientData {
  validateCounts(counts, 'proportion');
  const minN = effectiveMinN(options.minN, 1);
  if (counts.n < minN) return { status: 'insufficient-data', n: counts.n, minN };
  return {
    status: 'ok',
    n: counts.n,
    count: counts.successes,
    share: counts.successes / counts.n,
    interval: wilsonInterval(counts.successes, counts.n, options.confidence),
  };
}

/** Result of a two-proportion z test: first share minus second. */
export interface ProportionComparison {
  readonly n1: number;
  readonly n2: number;
  readonly difference: number;
  /** Pooled share (x1 + x2) / (n1 + n2) under the null hypothesis of equal shares. */
  readonly pooledShare: number;
  readonly z: number;
  readonly pValue: number;
}

/**
 * Two-proportion z test with the pooled standard error. Reports no-variance when the pooled share
 * is 0 or 1 (both groups all-no or all-yes: no test exists), insufficient data below minN.
 */
export function compareProportions(
  first: ProportionCounts,
  second: ProportionCounts,
  options: { readonly minN?: number } = {},
): Computed<ProportionComparison> | InsufficientData | NoVariance {
  validateCounts(first, 'first');
  validateCounts(second, 'second');
  const minN = effectiveMinN(options.minN, 1);
  if (first.n < minN || second.n < minN) {
    return { status: 'insufficient-data', n: Math.min(first.n, second.n), minN };
  }
  const pooledShare = (first.successes + second.successes) / (first.n + second.n);
  const standardError = Math.sqrt(pooledShare * (1 - pooledShare) * (1 / first.n + 1 / second.n));
  if (standardError === 0) return { status: 'no-variance', n: first.n + second.n };
  const difference = first.successes / first.n - second.successes / second.n;
  const z = difference / standardError;
  return {
    status: 'ok',
    n1: first.n,
    n2: second.n,
    difference,
    pooledShare,
    z,
    pValue: normalTwoSidedP(z),
  };
}
