/**
 * The vocabulary of a change scan (measures, settings, findings) and the comparisons it and its
 * localisation share: effect sizes, before / after with intervals, a test at a fixed week.
 */
import { AnalyticsError } from './analytics-error.js';
import type { ChangeTestOptions, WeeklyMoments } from './change-detection.js';
import { DEFAULT_CHANGE_MIN_N, DEFAULT_CHANGE_MIN_WEEKS, sumWeeks } from './change-detection.js';
import type { ChangeAtom, ChangeSeries, ChangeSeriesScope } from './change-detection-series.js';
import type { ConfidenceInterval } from './interval.js';
import { computeMean } from './means.js';
import type { MomentStats } from './moments.js';
import { sampleVariance } from './moments.js';
import type { PValueAdjustment } from './multiple-comparisons.js';
import { normalTwoSidedP } from './normal-distribution.js';
import { computeNps } from './nps.js';

/** How a measure's values read: a mean of raw values, or NPS from values coded +1 / 0 / -1. */
export type ChangeValueKind = 'mean' | 'nps';

/** One measure (a question key) with its atoms. */
export interface ChangeMeasure {
  readonly key: string;
  /** What the caller calls the metric (nps, csat, ces, rating, mean); carried through. */
  readonly metric: string;
  readonly kind: ChangeValueKind;
  readonly atoms: readonly ChangeAtom[];
}

/** What a scan reads: weeks numbered from `firstWeekDay` (a UTC day number, 0 = 1970-01-01). */
export interface ChangeScanInput {
  readonly firstWeekDay: number;
  readonly weekCount: number;
  /** Segment attributes to cross, up to two at a time. */
  readonly attributes: readonly string[];
  readonly measures: readonly ChangeMeasure[];
}

/** Thresholds of a scan; every one has a documented default. */
export interface ChangeScanOptions extends ChangeTestOptions {
  /** Family-wise error rate (Holm) or false discovery rate (Benjamini-Hochberg); default 0.05. */
  readonly alpha?: number;
  readonly adjustment?: PValueAdjustment;
  /** Smallest |Cohen's d| a mean change must reach to alarm (default 0.3). */
  readonly minEffectSize?: number;
  /** Smallest NPS change in points to alarm (default 10). */
  readonly minNpsPoints?: number;
  /** Weeks apart two changes may be and still be one (default 4). */
  readonly dateToleranceWeeks?: number;
}

/** The resolved thresholds, as a finding records them. */
export interface ChangeScanSettings {
  readonly alpha: number;
  readonly adjustment: PValueAdjustment;
  readonly minN: number;
  readonly minWeeks: number;
  readonly minEffectSize: number;
  readonly minNpsPoints: number;
  readonly dateToleranceWeeks: number;
}

/** One side of a change: its size, value (mean, or NPS in points) and 95% interval. */
export interface ChangeSide {
  readonly n: number;
  readonly value: number;
  readonly interval: ConfidenceInterval;
}

/** A related series in a finding's localisation, compared at the finding's date. */
export interface ChangeRelated extends ChangeSeriesScope {
  readonly before: number;
  readonly after: number;
  readonly nBefore: number;
  readonly nAfter: number;
  /** Two-sided p-value of before vs after at the finding's date (not adjusted). */
  readonly pValue: number;
}

/** A localised change: the most specific series that explains it. */
export interface ChangeFinding extends ChangeSeriesScope {
  readonly seriesId: string;
  readonly key: string;
  readonly metric: string;
  readonly kind: ChangeValueKind;
  /** First week after the change. */
  readonly changeWeek: number;
  /** First day of that week, YYYY-MM-DD. */
  readonly changeDate: string;
  readonly direction: 'up' | 'down';
  readonly before: ChangeSide;
  readonly after: ChangeSide;
  /** Cohen's d for means; NPS points for NPS. */
  readonly effectSize: number;
  readonly effectUnit: 'cohens-d' | 'nps-points';
  readonly statistic: number;
  readonly pValue: number;
  readonly adjustedPValue: number;
  /** Broader (or overlapping) series whose change this one explains, folded into it. */
  readonly sharedBy: ChangeRelated[];
  /** Siblings (one condition changed) that do not share the change. */
  readonly notAffected: ChangeRelated[];
  /** Other measures of the same series that changed with it (same direction and date). */
  readonly alsoChanged: ChangeMeasureChange[];
}

/** Another measure's change folded into a finding of the same series. */
export interface ChangeMeasureChange {
  readonly key: string;
  readonly metric: string;
  readonly kind: ChangeValueKind;
  readonly changeDate: string;
  readonly before: ChangeSide;
  readonly after: ChangeSide;
  readonly effectSize: number;
  readonly effectUnit: 'cohens-d' | 'nps-points';
  readonly adjustedPValue: number;
}

/** What a scan found and how many series it tested. */
export interface ChangeScanResult {
  readonly findings: ChangeFinding[];
  /** Series with enough data to test: the size of the multiple-comparison family. */
  readonly testedSeries: number;
  readonly skippedSeries: number;
  /** Series whose adjusted p-value is below alpha (the errors the bound is about). */
  readonly rejectedSeries: number;
  /** Of those, the ones relevant in size, before localisation. */
  readonly significantSeries: number;
  readonly settings: ChangeScanSettings;
}

/** A tested series: its scope, test and figures, as localisation needs them. */
export interface TestedSeries {
  readonly series: ChangeSeries;
  readonly measure: ChangeMeasure;
  readonly changeWeek: number;
  readonly statistic: number;
  readonly pValue: number;
  adjustedPValue: number;
  readonly before: MomentStats;
  readonly after: MomentStats;
  /** Signed effect: Cohen's d (means) or NPS points. */
  readonly effect: number;
}

/** Resolves options to settings, refusing impossible ones. */
export function changeScanSettings(options: ChangeScanOptions = {}): ChangeScanSettings {
  const settings = {
    alpha: options.alpha ?? 0.05,
    adjustment: options.adjustment ?? 'holm',
    minN: options.minN ?? DEFAULT_CHANGE_MIN_N,
    minWeeks: options.minWeeks ?? DEFAULT_CHANGE_MIN_WEEKS,
    minEffectSize: options.minEffectSize ?? 0.3,
    minNpsPoints: options.minNpsPoints ?? 10,
    dateToleranceWeeks: options.dateToleranceWeeks ?? 4,
  };
  if (!(settings.alpha > 0 && settings.alpha < 1)) {
    throw new AnalyticsError('invalid-input', `alpha must be in (0, 1), got ${settings.alpha}`);
  }
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value === 'number' && !(value >= 0 && Number.isFinite(value))) {
      throw new AnalyticsError('invalid-input', `${name} must be a number >= 0, got ${value}`);
    }
  }
  return settings;
}

/** Signed effect of a change from `before` to `after`: NPS points, or Cohen's d with `sd`. */
export function changeEffect(
  kind: ChangeValueKind,
  before: MomentStats,
  after: MomentStats,
  sd: number,
): number {
  const difference = after.sum / after.n - before.sum / before.n;
  if (kind === 'nps') return 100 * difference;
  return sd > 0 ? difference / sd : 0;
}

/** Whether an effect is large enough to matter. */
export function isRelevantEffect(
  kind: ChangeValueKind,
  effect: number,
  settings: ChangeScanSettings,
): boolean {
  return Math.abs(effect) >= (kind === 'nps' ? settings.minNpsPoints : settings.minEffectSize);
}

/** Size, value and 95% interval of one side of a change. */
export function describeChangeSide(kind: ChangeValueKind, stats: MomentStats): ChangeSide {
  if (kind === 'nps') {
    const promoters = Math.round((stats.sumSq + stats.sum) / 2);
    const detractors = Math.round((stats.sumSq - stats.sum) / 2);
    const counts = {
      promoters,
      detractors,
      passives: Math.max(0, stats.n - promoters - detractors),
    };
    const nps = computeNps(counts, { minN: 1 });
    if (nps.status === 'ok') return { n: stats.n, value: nps.nps, interval: nps.interval };
  } else {
    const mean = computeMean(stats, { minN: 2 });
    if (mean.status === 'ok') return { n: stats.n, value: mean.mean, interval: mean.interval };
  }
  const value = stats.n > 0 ? (kind === 'nps' ? 100 : 1) * (stats.sum / stats.n) : 0;
  return { n: stats.n, value, interval: { low: value, high: value, confidence: 0.95 } };
}

/**
 * Before vs after at a fixed week: a z test with each side's own variance (Welch's form; the
 * sides are large). Returns the sides, the signed effect and the two-sided p-value.
 */
export function compareAtWeek(
  kind: ChangeValueKind,
  weeks: WeeklyMoments,
  week: number,
): { before: MomentStats; after: MomentStats; effect: number; pValue: number } {
  const before = sumWeeks(weeks, 0, week);
  const after = sumWeeks(weeks, week, weeks.n.length);
  if (before.n < 2 || after.n < 2) return { before, after, effect: 0, pValue: 1 };
  const v1 = sampleVariance(before);
  const v2 = sampleVariance(after);
  const difference = after.sum / after.n - before.sum / before.n;
  const se = Math.sqrt(v1 / before.n + v2 / after.n);
  const pooled = Math.sqrt(((before.n - 1) * v1 + (after.n - 1) * v2) / (before.n + after.n - 2));
  const effect = changeEffect(kind, before, after, pooled);
  if (se === 0) return { before, after, effect, pValue: difference === 0 ? 1 : 0 };
  return { before, after, effect, pValue: normalTwoSidedP(difference / se) };
}

/** The UTC date YYYY-MM-DD of a day number. */
export function dayNumberToDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
