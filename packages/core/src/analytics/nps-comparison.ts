import { assertConfidence } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE } from './interval.js';
import type { Computed, InsufficientData, NoVariance } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import { normalCriticalValue, normalTwoSidedP } from './normal-distribution.js';
import type { NpsCounts } from './nps.js';
import { npsSampleSize, npsScoreVariance } from './nps.js';

/** Options for {@link compareNps}. */
export interface NpsComparisonOptions {
  readonly confidence?: number;
  /** Each group needs at least this many respondents (default 10; never below 1). */
  readonly minN?: number;
}

/** Difference between two independent groups' NPS (first minus second), in points. */
export interface NpsComparison {
  readonly n1: number;
  readonly n2: number;
  readonly difference: number;
  /** sqrt(var1/n1 + var2/n2), in points. */
  readonly standardError: number;
  readonly z: number;
  /** Two-sided p-value of the z test. */
  readonly pValue: number;
  /** Wald interval for the difference, in points (not clipped: differences span -200..200). */
  readonly interval: ConfidenceInterval;
}

/**
 * z test for the difference of two independent NPS values: z = (NPS1 - NPS2) / sqrt(var1/n1 + var2/n2).
 * Reports insufficient data when either group is below minN (n is then the smaller group), and
 * no-variance when both groups have zero score variance, where z does not exist.
 */
export function compareNps(
  first: NpsCounts,
  second: NpsCounts,
  options: NpsComparisonOptions = {},
): Computed<NpsComparison> | InsufficientData | NoVariance {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const n1 = npsSampleSize(first);
  const n2 = npsSampleSize(second);
  const minN = effectiveMinN(options.minN, 1);
  if (n1 < minN || n2 < minN) return { status: 'insufficient-data', n: Math.min(n1, n2), minN };
  const p1 = first.promoters / n1;
  const d1 = first.detractors / n1;
  const p2 = second.promoters / n2;
  const d2 = second.detractors / n2;
  const standardError = Math.sqrt(npsScoreVariance(p1, d1) / n1 + npsScoreVariance(p2, d2) / n2);
  if (standardError === 0) return { status: 'no-variance', n: n1 + n2 };
  const difference = p1 - d1 - (p2 - d2);
  const z = difference / standardError;
  const margin = normalCriticalValue(confidence) * standardError;
  return {
    status: 'ok',
    n1,
    n2,
    difference: 100 * difference,
    standardError: 100 * standardError,
    z,
    pValue: normalTwoSidedP(z),
    interval: { low: 100 * (difference - margin), high: 100 * (difference + margin), confidence },
  };
}
