/**
 * One change in mean of one weekly series: a CUSUM test over sufficient statistics. The series is
 * a list of weeks, each with the count, sum and sum of squares of its values (for NPS the values
 * are +1 / 0 / -1 per respondent, so the mean is NPS / 100). `alerts/CHANGES.md` in the server
 * explains the method and the false-alarm bound of a whole scan.
 */
import type { InsufficientData, NoVariance } from './minimum-n.js';
import type { MomentStats } from './moments.js';

/** Per-week moments of one series; the three arrays have one entry per week. */
export interface WeeklyMoments {
  readonly n: ArrayLike<number>;
  readonly sum: ArrayLike<number>;
  readonly sumSq: ArrayLike<number>;
}

/** Minimum sizes of the two sides of a change. */
export interface ChangeTestOptions {
  /** Responses on each side of a candidate change (default 30). */
  readonly minN?: number;
  /** Weeks with data on each side of a candidate change (default 4). */
  readonly minWeeks?: number;
}

/** The most likely single change of a series and its p-value. */
export interface ChangePoint {
  readonly status: 'ok';
  /** Index of the first week after the change. */
  readonly index: number;
  /** sup |standardised CUSUM|, comparable with the Kolmogorov distribution under no change. */
  readonly statistic: number;
  /** P(sup |Brownian bridge| >= statistic): conservative, since the sup is over fewer points. */
  readonly pValue: number;
  /** Week-to-week variation beyond sampling error (>= 1), which the statistic was divided by. */
  readonly overdispersion: number;
  /** Standard deviation of one value, pooled within weeks. */
  readonly sd: number;
  readonly before: MomentStats;
  readonly after: MomentStats;
}

export const DEFAULT_CHANGE_MIN_N = 30;
export const DEFAULT_CHANGE_MIN_WEEKS = 4;

/**
 * Survival function of the Kolmogorov distribution, P(sup_t |B(t)| > x) for a Brownian bridge B:
 * the alternating series 2 sum (-1)^(j-1) exp(-2 j^2 x^2), which converges fast for x >= 1, and
 * below 1 the theta-function form of the CDF, sqrt(2 pi) / x sum exp(-(2j-1)^2 pi^2 / (8 x^2)).
 */
export function kolmogorovSurvival(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1) {
    let sum = 0;
    for (let j = 1; j < 50; j++) {
      const term = Math.exp((-((2 * j - 1) ** 2) * Math.PI * Math.PI) / (8 * x * x));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / x) * sum));
  }
  let sum = 0;
  for (let j = 1; j < 100; j++) {
    const term = Math.exp(-2 * j * j * x * x);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-300 || term < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function at(values: ArrayLike<number>, i: number): number {
  return values[i] ?? 0;
}

/** Sums the moments of weeks [from, to). */
export function sumWeeks(weeks: WeeklyMoments, from: number, to: number): MomentStats {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = from; i < to; i++) {
    n += at(weeks.n, i);
    sum += at(weeks.sum, i);
    sumSq += at(weeks.sumSq, i);
  }
  return { n, sum, sumSq };
}

/**
 * Tests a weekly series for one change in mean (at most one: "at most one change", AMOC).
 * Under no change and independent values, the CUSUM of deviations from the overall mean,
 * standardised by sigma sqrt(N), is a Brownian bridge in the share of responses seen, so its
 * supremum follows the Kolmogorov distribution. Candidate changes are only those that leave
 * minN responses and minWeeks weeks with data on each side; the change is the argmax. Sigma is
 * the within-week standard deviation, inflated by the overdispersion of weekly means around the
 * fitted two-level mean (seasonality, clustered responses), so that weekly noise beyond
 * sampling error does not read as a change.
 */
export function detectMeanChange(
  weeks: WeeklyMoments,
  options: ChangeTestOptions = {},
): ChangePoint | InsufficientData | NoVariance {
  const minN = options.minN ?? DEFAULT_CHANGE_MIN_N;
  const minWeeks = Math.max(1, options.minWeeks ?? DEFAULT_CHANGE_MIN_WEEKS);
  const count = weeks.n.length;
  const total = sumWeeks(weeks, 0, count);
  let weeksWithData = 0;
  let withinSquares = 0;
  for (let i = 0; i < count; i++) {
    const n = at(weeks.n, i);
    if (n <= 0) continue;
    weeksWithData += 1;
    const s = at(weeks.sum, i);
    withinSquares += Math.max(0, at(weeks.sumSq, i) - (s * s) / n);
  }
  if (total.n < 2 * minN || weeksWithData < 2 * minWeeks) {
    return { status: 'insufficient-data', n: total.n, minN: 2 * minN };
  }
  const mean = total.sum / total.n;

  let best = -1;
  let bestDeviation = -1;
  let n1 = 0;
  let s1 = 0;
  let weeks1 = 0;
  for (let i = 0; i < count - 1; i++) {
    const n = at(weeks.n, i);
    n1 += n;
    s1 += at(weeks.sum, i);
    if (n > 0) weeks1 += 1;
    if (n1 < minN || total.n - n1 < minN) continue;
    if (weeks1 < minWeeks || weeksWithData - weeks1 < minWeeks) continue;
    // Only a split just before a week with data is a distinct candidate.
    if (at(weeks.n, i + 1) <= 0) continue;
    const deviation = Math.abs(s1 - n1 * mean);
    if (deviation > bestDeviation) {
      bestDeviation = deviation;
      best = i + 1;
    }
  }
  if (best < 0) return { status: 'insufficient-data', n: total.n, minN: 2 * minN };

  const before = sumWeeks(weeks, 0, best);
  const after = sumWeeks(weeks, best, count);
  const withinDf = total.n - weeksWithData;
  const fittedSquares =
    total.sumSq - (before.sum * before.sum) / before.n - (after.sum * after.sum) / after.n;
  // Weeks of one response each leave no within-week spread: the fit's residuals stand in.
  const variance =
    withinDf >= weeksWithData && withinSquares > 0
      ? withinSquares / withinDf
      : Math.max(0, fittedSquares) / (total.n - 2);
  if (!(variance > 0)) return { status: 'no-variance', n: total.n };

  let betweenSquares = 0;
  const mean1 = before.sum / before.n;
  const mean2 = after.sum / after.n;
  for (let i = 0; i < count; i++) {
    const n = at(weeks.n, i);
    if (n <= 0) continue;
    const d = at(weeks.sum, i) / n - (i < best ? mean1 : mean2);
    betweenSquares += n * d * d;
  }
  const overdispersion =
    weeksWithData > 2 ? Math.max(1, betweenSquares / variance / (weeksWithData - 2)) : 1;
  const statistic = bestDeviation / Math.sqrt(variance * overdispersion * total.n);
  return {
    status: 'ok',
    index: best,
    statistic,
    pValue: kolmogorovSurvival(statistic),
    overdispersion,
    sd: Math.sqrt(variance),
    before,
    after,
  };
}
