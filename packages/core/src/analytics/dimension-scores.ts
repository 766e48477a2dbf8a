import { AnalyticsError, assertConfidence, assertFinite } from './analytics-error.js';
import type { ConfidenceInterval } from './interval.js';
import { DEFAULT_CONFIDENCE, clipInterval } from './interval.js';
import { computeMean } from './means.js';
import type { Computed, InsufficientData } from './minimum-n.js';
import { effectiveMinN } from './minimum-n.js';
import type { MomentStats } from './moments.js';
import { sampleVariance, validateMoments } from './moments.js';
import { studentTCriticalValue } from './student-t-distribution.js';

/** The rating scale items were asked on, e.g. 1..7. */
export interface ScaleBounds {
  readonly scaleMin: number;
  readonly scaleMax: number;
}

/** Options for the 0-100 scores. */
export interface ScaleScoreOptions extends ScaleBounds {
  readonly confidence?: number;
  /** Default 10; at least 2. */
  readonly minN?: number;
}

/** A score on 0..100 with its interval (also on 0..100). */
export interface ScaleScore {
  readonly n: number;
  readonly score: number;
  readonly interval: ConfidenceInterval;
}

function validateBounds({ scaleMin, scaleMax }: ScaleBounds): void {
  assertFinite(scaleMin, 'scaleMin');
  assertFinite(scaleMax, 'scaleMax');
  if (!(scaleMax > scaleMin)) {
    throw new AnalyticsError(
      'invalid-input',
      `scaleMax must exceed scaleMin, got ${scaleMin}..${scaleMax}`,
    );
  }
}

/** Maps a value on scaleMin..scaleMax linearly onto 0..100: (value - min) / (max - min) * 100. */
export function scoreOnHundred(value: number, bounds: ScaleBounds): number {
  validateBounds(bounds);
  return ((value - bounds.scaleMin) / (bounds.scaleMax - bounds.scaleMin)) * 100;
}

/** Reverse-codes a mean: x' = min + max - x (the variance is unchanged). */
export function reverseScore(value: number, bounds: ScaleBounds): number {
  return bounds.scaleMin + bounds.scaleMax - value;
}

/**
 * 0-100 score of one mean (an item, or a dimension when the rollup holds each respondent's
 * dimension mean), with the t interval rescaled and clipped to 0..100.
 */
export function computeScaleScore(
  stats: MomentStats,
  options: ScaleScoreOptions,
): Computed<ScaleScore> | InsufficientData {
  validateBounds(options);
  const mean = computeMean(stats, options);
  if (mean.status !== 'ok') return mean;
  const { low, high, confidence } = mean.interval;
  return {
    status: 'ok',
    n: mean.n,
    score: scoreOnHundred(mean.mean, options),
    interval: clipInterval(
      scoreOnHundred(low, options),
      scoreOnHundred(high, options),
      confidence,
      0,
      100,
    ),
  };
}

/** One item of a dimension: its moments and whether it is worded in reverse. */
export interface DimensionItem {
  readonly stats: MomentStats;
  readonly reverse?: boolean;
}

/** A dimension's 0-100 score from its items, plus each item's own 0-100 score (after reversal). */
export interface DimensionScore extends ScaleScore {
  readonly itemScores: number[];
}

/**
 * Dimension score on 0..100 as the mean of its item means (reverse-coded items reversed first).
 * Item moments do not say how items co-vary, so the interval uses the largest standard error
 * possible, the mean of the item standard errors (items perfectly correlated): it may be wider than
 * the truth but never narrower. `n` is the smallest item n, which also sets the t df; any item
 * below minN makes the dimension insufficient. Use {@link computeScaleScore} on per-respondent
 * dimension means for the exact interval.
 */
export function computeDimensionScore(
  items: readonly DimensionItem[],
  options: ScaleScoreOptions,
): Computed<DimensionScore> | InsufficientData {
  validateBounds(options);
  if (items.length === 0) throw new AnalyticsError('invalid-input', 'a dimension needs items');
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  assertConfidence(confidence);
  const minN = effectiveMinN(options.minN, 2);
  let n = Infinity;
  for (const item of items) {
    validateMoments(item.stats, 'item');
    n = Math.min(n, item.stats.n);
  }
  if (n < minN) return { status: 'insufficient-data', n, minN };
  let meanSum = 0;
  let standardErrorSum = 0;
  const itemScores: number[] = [];
  for (const { stats, reverse } of items) {
    const raw = stats.sum / stats.n;
    if (raw < options.scaleMin - 1e-9 || raw > options.scaleMax + 1e-9) {
      throw new AnalyticsError(
        'invalid-input',
        `an item mean (${raw}) lies outside the scale ${options.scaleMin}..${options.scaleMax}`,
      );
    }
    const mean = reverse === true ? reverseScore(raw, options) : raw;
    meanSum += mean;
    standardErrorSum += Math.sqrt(sampleVariance(stats) / stats.n);
    itemScores.push(scoreOnHundred(mean, options));
  }
  const mean = meanSum / items.length;
  const margin = studentTCriticalValue(confidence, n - 1) * (standardErrorSum / items.length);
  return {
    status: 'ok',
    n,
    score: scoreOnHundred(mean, options),
    interval: clipInterval(
      scoreOnHundred(mean - margin, options),
      scoreOnHundred(mean + margin, options),
      confidence,
      0,
      100,
    ),
    itemScores,
  };
}
