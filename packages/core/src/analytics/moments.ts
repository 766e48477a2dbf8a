import { AnalyticsError, assertFinite, assertNonNegative } from './analytics-error.js';

/** Sufficient statistics of a mean and variance: count, sum and sum of squares (as SQL SUM gives them). */
export interface MomentStats {
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
}

/** Checks a MomentStats for finite, non-negative n and sumSq. */
export function validateMoments(stats: MomentStats, label = 'stats'): void {
  assertNonNegative(stats.n, `${label}.n`);
  assertFinite(stats.sum, `${label}.sum`);
  assertNonNegative(stats.sumSq, `${label}.sumSq`);
}

/** Moments of a list of numbers; throws on a non-finite value (drop missing values before). */
export function momentsFromValues(values: Iterable<number>): MomentStats {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new AnalyticsError('invalid-input', `values must be finite numbers, got ${value}`);
    }
    n += 1;
    sum += value;
    sumSq += value * value;
  }
  return { n, sum, sumSq };
}

/** Combines the moments of two disjoint groups (rollups of days into months, say). */
export function mergeMoments(a: MomentStats, b: MomentStats): MomentStats {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSq: a.sumSq + b.sumSq };
}

/** Sample variance (n - 1 denominator) from moments; 0 for n < 2 and clamped at 0 against rounding. */
export function sampleVariance(stats: MomentStats): number {
  if (stats.n < 2) return 0;
  // Raw sums cancel when the mean is large against the spread; clamping keeps that from turning
  // into a negative variance and then NaN.
  const squares = stats.sumSq - (stats.sum * stats.sum) / stats.n;
  return Math.max(0, squares / (stats.n - 1));
}
