import { AnalyticsError, assertConfidence, assertNonNegative } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE, clipInterval } from './interval.js';
import type { Computed, InsufficientData } from './minimum-n.js';
import { effectiveMinN, withMinimumN } from './minimum-n.js';
import { normalCriticalValue } from './normal-distribution.js';

/** The sufficient statistics of NPS: how many respondents fell in each group. */
export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

/** How the NPS interval is formed: the textbook Wald interval, or Rocks' (2016) adjusted-Wald. */
export type NpsIntervalMethod = 'wald' | 'adjusted-wald';

/** Options for {@link computeNps}. */
export interface NpsOptions {
  /** 'auto' (default) follows {@link chooseNpsIntervalMethod}. */
  readonly method?: NpsIntervalMethod | 'auto';
  readonly confidence?: number;
  /** Smallest group that gets a number (default 10; never below 1). */
  readonly minN?: number;
}

/** An NPS interval in points, with the method that produced it. */
export interface NpsInterval extends ConfidenceInterval {
  readonly method: NpsIntervalMethod;
  /** Half-width before clipping to [-100, 100], in points. */
  readonly marginOfError: number;
}

/** NPS of one group. `nps`, `standardError` and the interval are in points (-100..100). */
export interface NpsSummary {
  readonly n: number;
  readonly nps: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Shares of n, 0..1. */
  readonly promoterShare: number;
  readonly passiveShare: number;
  readonly detractorShare: number;
  /** Variance of one respondent's +1/0/-1 score: P + D - (P - D)^2 (unitless, not points). */
  readonly variance: number;
  /** sqrt(variance / n), in points. */
  readonly standardError: number;
  readonly interval: NpsInterval;
}

/** Below this n, 'auto' uses the adjusted-Wald interval. */
export const ADJUSTED_WALD_BELOW_N = 100;

/** Sums an 11-bin histogram of 0..10 scores into NPS counts: 9-10 promote, 7-8 are passive, 0-6 detract. */
export function npsCountsFromHistogram(histogram: ArrayLike<number>): NpsCounts {
  if (histogram.length !== 11) {
    throw new AnalyticsError(
      'invalid-input',
      `an NPS histogram has 11 bins (scores 0..10), got ${histogram.length}`,
    );
  }
  let detractors = 0;
  let passives = 0;
  let promoters = 0;
  for (let score = 0; score <= 10; score++) {
    const count = histogram[score] ?? 0;
    assertNonNegative(count, `histogram count for score ${score}`);
    if (score >= 9) promoters += count;
    else if (score >= 7) passives += count;
    else detractors += count;
  }
  return { promoters, passives, detractors };
}

/** Validates counts and returns n. */
export function npsSampleSize(counts: NpsCounts): number {
  assertNonNegative(counts.promoters, 'promoters');
  assertNonNegative(counts.passives, 'passives');
  assertNonNegative(counts.detractors, 'detractors');
  return counts.promoters + counts.passives + counts.detractors;
}

/** Variance of one respondent's +1/0/-1 score given promoter and detractor shares. */
export function npsScoreVariance(promoterShare: number, detractorShare: number): number {
  const net = promoterShare - detractorShare;
  // Clamp: rounding can leave -1e-17 when every respondent is in one group.
  return Math.max(0, promoterShare + detractorShare - net * net);
}

/**
 * The 'auto' rule: adjusted-Wald when n < 100 or when the Wald variance is zero (every respondent
 * a promoter, every one a detractor, or none of either), Wald otherwise. Rocks (2016) found
 * adjusted-Wald covers better at small n; from 100 on the two differ by well under a point, and
 * Wald then matches the figure people check by hand.
 */
export function chooseNpsIntervalMethod(counts: NpsCounts): NpsIntervalMethod {
  const n = npsSampleSize(counts);
  if (n < ADJUSTED_WALD_BELOW_N) return 'adjusted-wald';
  const variance = npsScoreVariance(counts.promoters / n, counts.detractors / n);
  return variance === 0 ? 'adjusted-wald' : 'wald';
}

/** NPS confidence interval in points, clipped to [-100, 100]; needs n >= 1 for Wald (adjusted-Wald works at 0). */
export function computeNpsInterval(
  counts: NpsCounts,
  method: NpsIntervalMethod,
  confidence: number = DEFAULT_CONFIDENCE,
): NpsInterval {
  assertConfidence(confidence);
  const n = npsSampleSize(counts);
  // Adjusted-Wald: add 3 respondents, 3/4 of one to each of promoters and detractors (Rocks 2016).
  const shift = method === 'adjusted-wald' ? 0.75 : 0;
  const size = method === 'adjusted-wald' ? n + 3 : n;
  if (size <= 0) throw new AnalyticsError('invalid-input', 'a Wald NPS interval needs n >= 1');
  const promoterShare = (counts.promoters + shift) / size;
  const detractorShare = (counts.detractors + shift) / size;
  const center = promoterShare - detractorShare;
  const standardError = Math.sqrt(npsScoreVariance(promoterShare, detractorShare) / size);
  const margin = normalCriticalValue(confidence) * standardError;
  return {
    ...clipInterval(100 * (center - margin), 100 * (center + margin), confidence, -100, 100),
    method,
    marginOfError: 100 * margin,
  };
}

/** NPS with shares, variance, standard error and interval from counts; small groups report insufficient data. */
export function computeNps(
  counts: NpsCounts,
  options: NpsOptions = {},
): Computed<NpsSummary> | InsufficientData {
  const n = npsSampleSize(counts);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const requested = options.method ?? 'auto';
  return withMinimumN(
    n,
    () => {
      const promoterShare = counts.promoters / n;
      const detractorShare = counts.detractors / n;
      const variance = npsScoreVariance(promoterShare, detractorShare);
      const method = requested === 'auto' ? chooseNpsIntervalMethod(counts) : requested;
      return {
        n,
        nps: 100 * (promoterShare - detractorShare),
        promoters: counts.promoters,
        passives: counts.passives,
        detractors: counts.detractors,
        promoterShare,
        passiveShare: counts.passives / n,
        detractorShare,
        variance,
        standardError: 100 * Math.sqrt(variance / n),
        interval: computeNpsInterval(counts, method, confidence),
      };
    },
    effectiveMinN(options.minN, 1),
  );
}
