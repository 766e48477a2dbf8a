import { assertConfidence } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE } from './interval.js';
import type { Computed, InsufficientData } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import type { MomentStats } from './moments.js';
import { sampleVariance, validateMoments } from './moments.js';
import { studentTCriticalValue } from './student-t-distribution.js';

/** A mean with its t interval. */
export interface MeanSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation; 0 when every value is equal. */
  readonly sd: number;
  readonly standardError: number;
  readonly df: number;
  readonly interval: ConfidenceInterval;
}

/** Options for {@link computeMean}. */
export interface MeanOptions {
  readonly confidence?: number;
  /** Default 10; never below 2, since one value has no standard deviation. */
  readonly minN?: number;
}

/**
 * Mean with a Student t interval from {n, sum, sumSq}. Groups below minN report insufficient data;
 * constant data report sd 0 and a zero-width interval at the mean (not NaN).
 */
export function computeMean(
  stats: MomentStats,
  options: MeanOptions = {},
): Computed<MeanSummary> | InsufficientData {
  validateMoments(stats);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const minN = effectiveMinN(options.minN, 2);
  if (stats.n < minN) return { status: 'insufficient-data', n: stats.n, minN };
  const mean = stats.sum / stats.n;
  const sd = Math.sqrt(sampleVariance(stats));
  const standardError = sd / Math.sqrt(stats.n);
  const df = stats.n - 1;
  const margin = studentTCriticalValue(confidence, df) * standardError;
  return {
    status: 'ok',
    n: stats.n,
    mean,
    sd,
    standardError,
    df,
    interval: { low: mean - margin, high: mean + margin, confidence },
  };
}
