/**
 * Turns summed rollup statistics into metric results with the core library: the value, n, interval
 * and method of each figure, or why there is none. No statistics are computed here beyond moving
 * sums between scales.
 */
import {
  computeBoxShare,
  computeCes,
  computeCsat,
  computeDimensionScore,
  computeMean,
  computeNps,
  computeScaleScore,
  npsCountsFromHistogram,
  type ConfidenceInterval,
  type InsufficientData,
  type MomentStats,
  type TAnalyticsMetric,
  type TMetricResult,
  type TScaleRange,
} from '@touchstone/core';
import { HISTOGRAM_BINS } from './rollup-deltas.js';

/** How one slot of the sums is to be read. */
export interface TSlotInfo {
  key: string;
  scale: TScaleRange | null;
  reverse: boolean;
}

/** A metric over its slots: nps, csat, ces, rating and count merge every slot; score keeps items apart. */
export interface TMetricSpec {
  metric: TAnalyticsMetric;
  slots: readonly TSlotInfo[];
  /** The common scale of the merged slots (nps, csat, ces, rating); null for number questions. */
  scale: TScaleRange | null;
}

/** Options every figure takes. */
export interface TFigureOptions {
  minN: number;
  confidence: number;
  boxes: number;
}

/** n, sum, sum of squares and histogram of one group and slot (see STAT_WIDTH). */
export type TStats = ArrayLike<number>;

/** Sums the slots' statistics. */
export function mergeSlots(slotStats: readonly TStats[]): ArrayLike<number> {
  const [only] = slotStats;
  if (slotStats.length === 1 && only !== undefined) return only;
  const merged = new Float64Array(3 + HISTOGRAM_BINS);
  for (const stats of slotStats) {
    for (let k = 0; k < merged.length; k++) merged[k] = (merged[k] ?? 0) + (stats[k] ?? 0);
  }
  return merged;
}

export function momentsOf(stats: TStats): MomentStats {
  return { n: stats[0] ?? 0, sum: stats[1] ?? 0, sumSq: stats[2] ?? 0 };
}

/** Histogram counts of the scores min..max. */
export function histogramOf(stats: TStats, scale: TScaleRange): number[] {
  const counts: number[] = [];
  for (let score = scale.min; score <= scale.max; score++) counts.push(stats[3 + score] ?? 0);
  return counts;
}

/**
 * Moments of a key moved onto 0..100 (x' = (x - min) / (max - min) * 100), reversed (100 - x')
 * for reverse-coded items: linear maps of each value, so the sums map exactly.
 */
export function momentsOnHundred(
  stats: MomentStats,
  scale: TScaleRange,
  reverse: boolean,
): MomentStats {
  const c = 100 / (scale.max - scale.min);
  const { n, sum, sumSq } = stats;
  const s = c * (sum - n * scale.min);
  const ss = c * c * (sumSq - 2 * scale.min * sum + n * scale.min * scale.min);
  if (!reverse) return { n, sum: s, sumSq: Math.max(0, ss) };
  return { n, sum: 100 * n - s, sumSq: Math.max(0, 10_000 * n - 200 * s + ss) };
}

/** Item moments on 0..100 (reverse-coded items reversed), one per key, surveys merged. */
export function itemMomentsOnHundred(
  spec: TMetricSpec,
  slotStats: readonly TStats[],
): Map<string, MomentStats> {
  const items = new Map<string, MomentStats>();
  spec.slots.forEach((slot, index) => {
    if (slot.scale === null) return;
    const moved = momentsOnHundred(momentsOf(slotStats[index] ?? []), slot.scale, slot.reverse);
    const before = items.get(slot.key) ?? { n: 0, sum: 0, sumSq: 0 };
    items.set(slot.key, {
      n: before.n + moved.n,
      sum: before.sum + moved.sum,
      sumSq: before.sumSq + moved.sumSq,
    });
  });
  return items;
}

function interval(i: ConfidenceInterval) {
  return { low: i.low, high: i.high, confidence: i.confidence };
}

/** The result of a group without a number. */
export function missing(result: InsufficientData): TMetricResult {
  return {
    status: 'insufficient-data',
    n: result.n,
    minN: result.minN,
    value: null,
    interval: null,
  };
}

/** A figure that does not exist for this query, with the reason. */
export function notAvailable(reason: string, n = 0): TMetricResult {
  return { status: 'not-available', n, reason, value: null, interval: null };
}

/** The metric of one group from its per-slot statistics. */
export function computeMetric(
  spec: TMetricSpec,
  slotStats: readonly TStats[],
  options: TFigureOptions,
): TMetricResult {
  const { minN, confidence } = options;
  const stats = mergeSlots(slotStats);
  switch (spec.metric) {
    case 'count':
      return {
        status: 'ok',
        n: stats[0] ?? 0,
        value: stats[0] ?? 0,
        unit: 'count',
        interval: null,
        method: 'count',
      };
    case 'nps': {
      const counts = npsCountsFromHistogram(histogramOf(stats, { min: 0, max: 10 }));
      const nps = computeNps(counts, { minN, confidence });
      if (nps.status !== 'ok') return missing(nps);
      return {
        status: 'ok',
        n: nps.n,
        value: nps.nps,
        unit: 'points',
        interval: interval(nps.interval),
        method: `nps-${nps.interval.method}`,
        counts,
        shares: {
          promoters: nps.promoterShare,
          passives: nps.passiveShare,
          detractors: nps.detractorShare,
        },
      };
    }
    case 'csat': {
      const csat = computeCsat(
        { scaleMin: 1, scaleMax: 5, counts: histogramOf(stats, { min: 1, max: 5 }) },
        { minN, confidence },
      );
      if (csat.status !== 'ok') return missing(csat);
      return {
        status: 'ok',
        n: csat.n,
        value: csat.share.share,
        unit: 'share',
        interval: interval(csat.share.interval),
        method: 'top-2-box-wilson',
        secondary: {
          mean: { value: csat.mean.mean, interval: interval(csat.mean.interval), method: 'mean-t' },
        },
      };
    }
    case 'ces': {
      const ces = computeCes(
        { scaleMin: 1, scaleMax: 7, counts: histogramOf(stats, { min: 1, max: 7 }) },
        { minN, confidence },
      );
      if (ces.status !== 'ok') return missing(ces);
      return {
        status: 'ok',
        n: ces.n,
        value: ces.mean.mean,
        unit: 'scale',
        interval: interval(ces.mean.interval),
        method: 'mean-t',
        secondary: {
          lowEffortShare: {
            value: ces.share.share,
            interval: interval(ces.share.interval),
            method: 'wilson',
          },
        },
      };
    }
    case 'rating':
      return ratingResult(spec, stats, options);
    case 'score':
      return scoreResult(spec, slotStats, options);
    case 'response-rate':
      return notAvailable('response rates are computed from invitations, not rollups');
  }
}

function ratingResult(spec: TMetricSpec, stats: TStats, options: TFigureOptions): TMetricResult {
  const { minN, confidence } = options;
  const mean = computeMean(momentsOf(stats), { minN, confidence });
  if (mean.status !== 'ok') return missing(mean);
  const scale = spec.scale;
  const secondary: Record<
    string,
    { value: number; interval: ReturnType<typeof interval>; method: string }
  > = {};
  if (scale !== null) {
    const histogram = {
      scaleMin: scale.min,
      scaleMax: scale.max,
      counts: histogramOf(stats, scale),
    };
    const boxes = Math.min(options.boxes, scale.max - scale.min);
    for (const side of ['top', 'bottom'] as const) {
      const share = computeBoxShare(histogram, side, boxes, { minN: 1, confidence });
      if (share.status === 'ok') {
        secondary[`${side}Box`] = {
          value: share.share,
          interval: interval(share.interval),
          method: `${side}-${boxes}-box-wilson`,
        };
      }
    }
  }
  return {
    status: 'ok',
    n: mean.n,
    value: mean.mean,
    unit: 'scale',
    interval: interval(mean.interval),
    method: 'mean-t',
    ...(Object.keys(secondary).length > 0 ? { secondary } : {}),
  };
}

function scoreResult(
  spec: TMetricSpec,
  slotStats: readonly TStats[],
  options: TFigureOptions,
): TMetricResult {
  const { minN, confidence } = options;
  const items = itemMomentsOnHundred(spec, slotStats);
  const bounds = { scaleMin: 0, scaleMax: 100, minN, confidence };
  if (items.size === 0) return missing({ status: 'insufficient-data', n: 0, minN });
  if (items.size === 1) {
    const [[key, stats] = ['', { n: 0, sum: 0, sumSq: 0 }]] = [...items];
    const score = computeScaleScore(stats, bounds);
    if (score.status !== 'ok') return missing(score);
    return {
      status: 'ok',
      n: score.n,
      value: score.score,
      unit: 'score',
      interval: interval(score.interval),
      method: 'mean-t',
      items: [{ key, score: score.score }],
    };
  }
  const keys = [...items.keys()];
  const dimension = computeDimensionScore(
    keys.map((key) => ({ stats: items.get(key) ?? { n: 0, sum: 0, sumSq: 0 } })),
    bounds,
  );
  if (dimension.status !== 'ok') return missing(dimension);
  return {
    status: 'ok',
    n: dimension.n,
    value: dimension.score,
    unit: 'score',
    interval: interval(dimension.interval),
    method: 'mean-of-item-means-conservative-t',
    items: keys.map((key, i) => ({ key, score: dimension.itemScores[i] ?? 0 })),
  };
}
