import { AnalyticsError, assertNonNegative } from './analytics-error.js';
import type { MeanSummary } from './means.js';
import { computeMean } from './means.js';
import type { Computed, InsufficientData } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import type { MomentStats } from './moments.js';
import type { ShareSummary } from './proportions.js';
import { computeShare } from './proportions.js';

/** Counts per integer score of a rating scale: `counts[i]` respondents chose `scaleMin + i`. */
export interface RatingHistogram {
  readonly scaleMin: number;
  readonly scaleMax: number;
  readonly counts: ArrayLike<number>;
}

/** Options shared by the rating summaries. */
export interface RatingOptions {
  readonly confidence?: number;
  /** Default 10; at least 2 because the mean interval needs a standard deviation. */
  readonly minN?: number;
}

/** Checks the histogram's shape and returns n. */
export function ratingSampleSize(histogram: RatingHistogram): number {
  const { scaleMin, scaleMax, counts } = histogram;
  if (!Number.isInteger(scaleMin) || !Number.isInteger(scaleMax) || scaleMax <= scaleMin) {
    throw new AnalyticsError(
      'invalid-input',
      `a rating scale needs integer bounds with min < max, got ${scaleMin}..${scaleMax}`,
    );
  }
  if (counts.length !== scaleMax - scaleMin + 1) {
    throw new AnalyticsError(
      'invalid-input',
      `a ${scaleMin}..${scaleMax} histogram has ${scaleMax - scaleMin + 1} bins, got ${counts.length}`,
    );
  }
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    assertNonNegative(count, `count for score ${scaleMin + i}`);
    n += count;
  }
  return n;
}

/** Count, sum and sum of squares of the scores a histogram holds. */
export function momentsFromHistogram(histogram: RatingHistogram): MomentStats {
  const n = ratingSampleSize(histogram);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    const score = histogram.scaleMin + i;
    const count = histogram.counts[i] ?? 0;
    sum += count * score;
    sumSq += count * score * score;
  }
  return { n, sum, sumSq };
}

function countInRange(histogram: RatingHistogram, low: number, high: number): number {
  let count = 0;
  for (let score = Math.max(low, histogram.scaleMin); score <= high; score++) {
    count += histogram.counts[score - histogram.scaleMin] ?? 0;
  }
  return count;
}

/**
 * Share (with Wilson interval) of respondents in the top or bottom `boxes` scores of the scale,
 * e.g. top-2-box on 1..5 is scores 4 and 5.
 */
export function computeBoxShare(
  histogram: RatingHistogram,
  side: 'top' | 'bottom',
  boxes: number,
  options: RatingOptions = {},
): Computed<ShareSummary> | InsufficientData {
  const n = ratingSampleSize(histogram);
  const width = histogram.scaleMax - histogram.scaleMin + 1;
  if (!Number.isInteger(boxes) || boxes < 1 || boxes >= width) {
    throw new AnalyticsError('invalid-input', `boxes must be a whole number in 1..${width - 1}`);
  }
  const count =
    side === 'top'
      ? countInRange(histogram, histogram.scaleMax - boxes + 1, histogram.scaleMax)
      : countInRange(histogram, histogram.scaleMin, histogram.scaleMin + boxes - 1);
  return computeShare(
    { successes: count, n },
    { ...options, minN: effectiveMinN(options.minN, 1) },
  );
}

/** A rating summarised as the share at or past a threshold plus the mean score. */
export interface RatingSummary {
  readonly n: number;
  readonly share: ShareSummary;
  readonly mean: MeanSummary;
}

function summarize(
  histogram: RatingHistogram,
  threshold: number,
  options: RatingOptions,
): Computed<RatingSummary> | InsufficientData {
  const moments = momentsFromHistogram(histogram);
  const minN = effectiveMinN(options.minN, 2);
  const mean = computeMean(moments, { ...options, minN });
  const share = computeBoxShare(histogram, 'top', histogram.scaleMax - threshold + 1, {
    ...options,
    minN,
  });
  if (mean.status !== 'ok' || share.status !== 'ok') {
    return { status: 'insufficient-data', n: moments.n, minN };
  }
  return { status: 'ok', n: moments.n, share, mean };
}

function requireScale(histogram: RatingHistogram, min: number, max: number, name: string): void {
  if (histogram.scaleMin !== min || histogram.scaleMax !== max) {
    throw new AnalyticsError(
      'invalid-input',
      `${name} is scored ${min}..${max}, got ${histogram.scaleMin}..${histogram.scaleMax}`,
    );
  }
}

/** CSAT on 1..5: `share` is the top-2-box (4 "satisfied" and 5 "very satisfied"), plus the mean score. */
export function computeCsat(
  histogram: RatingHistogram,
  options: RatingOptions = {},
): Computed<RatingSummary> | InsufficientData {
  requireScale(histogram, 1, 5, 'CSAT');
  return summarize(histogram, 4, options);
}

/**
 * Default low-effort threshold for CES 2.0 (1..7 agreement with "The company made it easy for me to
 * handle my issue", 7 = strongly agree = easiest): 5..7, the agreeing side of the scale.
 */
export const DEFAULT_CES_LOW_EFFORT_THRESHOLD = 5;

/** CES 2.0 on 1..7 (7 = very easy): `share` is the low-effort share (score >= threshold), plus the mean. */
export function computeCes(
  histogram: RatingHistogram,
  options: RatingOptions & { readonly lowEffortThreshold?: number } = {},
): Computed<RatingSummary> | InsufficientData {
  requireScale(histogram, 1, 7, 'CES');
  const threshold = options.lowEffortThreshold ?? DEFAULT_CES_LOW_EFFORT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > 7) {
    throw new AnalyticsError('invalid-input', `lowEffortThreshold must be a whole number in 2..7`);
  }
  return summarize(histogram, threshold, options);
}
