/**
 * Significance of differences between groups or periods, with the core tests (NPS z test,
 * two-proportion z test, Welch's t test), and the adjustment of many p-values at once.
 */
import {
  adjustPValues,
  compareMeans,
  compareNps,
  compareProportions,
  npsCountsFromHistogram,
  type PValueAdjustment,
  type TComparison,
} from '@touchstone/core';
import {
  histogramOf,
  itemMomentsOnHundred,
  mergeSlots,
  momentsOf,
  type TMetricSpec,
  type TStats,
} from './metric-values.js';

/** Options of a test. */
export interface TTestOptions {
  minN: number;
  confidence: number;
}

function result(
  against: string,
  method: string,
  outcome:
    | { status: 'insufficient-data' | 'no-variance' }
    | {
        status: 'ok';
        difference: number;
        pValue: number;
        interval?: { low: number; high: number; confidence: number };
      },
): TComparison {
  if (outcome.status !== 'ok') {
    return {
      status: outcome.status,
      against,
      method,
      difference: null,
      interval: null,
      pValue: null,
      adjustedPValue: null,
      significant: false,
    };
  }
  return {
    status: 'ok',
    against,
    method,
    difference: outcome.difference,
    interval: outcome.interval
      ? {
          low: outcome.interval.low,
          high: outcome.interval.high,
          confidence: outcome.interval.confidence,
        }
      : null,
    pValue: outcome.pValue,
    adjustedPValue: null,
    significant: false,
  };
}

/** A test that does not exist for this metric. */
export function untestable(against: string, reason: string): TComparison {
  return {
    status: 'not-available',
    against,
    method: reason,
    difference: null,
    interval: null,
    pValue: null,
    adjustedPValue: null,
    significant: false,
  };
}

/**
 * Tests group `first` against `second` (first minus second) for the metric: NPS points by the
 * z test, CSAT top-2-box share by the two-proportion z test, means (CES, ratings, single-item
 * scores on 0..100) by Welch's t test.
 */
export function compareGroupStats(
  spec: TMetricSpec,
  first: readonly TStats[],
  second: readonly TStats[],
  against: string,
  options: TTestOptions,
): TComparison {
  const a = mergeSlots(first);
  const b = mergeSlots(second);
  switch (spec.metric) {
    case 'nps': {
      const nps = compareNps(
        npsCountsFromHistogram(histogramOf(a, { min: 0, max: 10 })),
        npsCountsFromHistogram(histogramOf(b, { min: 0, max: 10 })),
        options,
      );
      return result(against, 'nps-z-test', nps);
    }
    case 'csat': {
      const top = (s: TStats) => {
        const counts = histogramOf(s, { min: 1, max: 5 });
        return {
          successes: (counts[3] ?? 0) + (counts[4] ?? 0),
          n: counts.reduce((x, y) => x + y, 0),
        };
      };
      return result(
        against,
        'two-proportion-z-test',
        compareProportions(top(a), top(b), { minN: options.minN }),
      );
    }
    case 'ces':
    case 'rating':
      return result(against, 'welch-t-test', compareMeans(momentsOf(a), momentsOf(b), options));
    case 'score': {
      const itemsA = itemMomentsOnHundred(spec, first);
      const itemsB = itemMomentsOnHundred(spec, second);
      if (itemsA.size !== 1 || itemsB.size !== 1) {
        return untestable(against, 'no test for multi-item dimension scores');
      }
      const [ma] = itemsA.values();
      const [mb] = itemsB.values();
      if (!ma || !mb) return untestable(against, 'no test for multi-item dimension scores');
      return result(against, 'welch-t-test', compareMeans(ma, mb, options));
    }
    case 'count':
    case 'response-rate':
      return untestable(against, `no test for ${spec.metric}`);
  }
}

/** The adjustment named in a query: `bh` is Benjamini-Hochberg. */
export function adjustmentMethod(name: 'holm' | 'bh'): PValueAdjustment {
  return name === 'bh' ? 'benjamini-hochberg' : 'holm';
}

/**
 * Adjusts the p-values of every computed test together and marks those significant at alpha
 * after adjustment; returns the adjustment for the response (null when nothing was tested).
 */
export function adjustComparisons(
  comparisons: readonly TComparison[],
  method: PValueAdjustment,
  alpha: number,
): { method: PValueAdjustment; alpha: number; tests: number } | null {
  const tested = comparisons.filter((c) => c.status === 'ok' && c.pValue !== null);
  if (tested.length === 0) return null;
  const { adjusted } = adjustPValues(
    tested.map((c) => c.pValue ?? 1),
    method,
  );
  tested.forEach((c, i) => {
    const p = adjusted[i] ?? 1;
    c.adjustedPValue = p;
    c.significant = p < alpha;
  });
  return { method, alpha, tests: tested.length };
}
