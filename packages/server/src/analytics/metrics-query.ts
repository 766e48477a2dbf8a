/**
 * `GET /api/analytics/metrics`: metrics per group, each with n, interval and method, and optional
 * significance against the other groups or the previous period, adjusted for multiplicity.
 */
import type { TComparison, TMetricsQuery, TMetricsResponse } from '@touchstone/core';
import { invalidField } from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { loadAnalyticsModel } from './analytics-model.js';
import { GroupAxis, type TAggregation } from './cell-aggregation.js';
import {
  enumerateGroups,
  groupKeyOf,
  isListed,
  slotStatsOf,
  subtractStats,
  totalStatsOf,
  type TGroupCodes,
} from './group-results.js';
import { aggregateMeasures, needsAnswerScan } from './measure-scan.js';
import { computeMetric, mergeSlots } from './metric-values.js';
import { resolveField } from './group-fields.js';
import { resolveFilters, resolveMeasure, type TMeasurePlan } from './query-plan.js';
import { responseRates } from './response-rates.js';
import { adjustComparisons, adjustmentMethod, compareGroupStats } from './significance.js';

function findReference(
  axes: readonly GroupAxis[],
  groups: readonly TGroupCodes[],
  reference: string,
): TGroupCodes {
  const wanted = reference.split(',');
  const match = groups.find((codes) =>
    axes.every((axis, k) => {
      const value = axis.values[codes[k] ?? 0] ?? null;
      return (value ?? '') === (wanted[k] ?? '') || axis.plan.label(value) === wanted[k];
    }),
  );
  if (!match) throw invalidField('query.reference', `no group "${reference}" in the answer`);
  return match;
}

/** Metrics per group for one organization. */
export async function queryMetrics(
  services: Pick<TServices, 'storage' | 'cubes' | 'catalogs'>,
  orgId: string,
  q: TMetricsQuery,
): Promise<TMetricsResponse> {
  const model = await loadAnalyticsModel(services, orgId);
  const filters = resolveFilters(q, model);
  const metrics = [...new Set(q.metric)];
  const measures = metrics.map((m) =>
    resolveMeasure(m, q.question, q.dimension, model, filters.surveyIds),
  );
  if (new Set(q.groupBy).size !== q.groupBy.length) {
    throw invalidField('query.groupBy', 'a field is named twice');
  }
  const fields = q.groupBy.map((name) => resolveField(name, model, filters, measures));
  const windows = [filters.cell];
  if (q.compare === 'groups' && fields.length === 0) {
    throw invalidField('query.compare', 'comparing groups needs groupBy');
  }
  if (q.compare === 'previous-period') {
    const { dayFrom, dayTo } = filters.cell;
    if (!Number.isFinite(dayFrom) || !Number.isFinite(dayTo)) {
      throw invalidField('query.compare', 'previous-period needs from and to');
    }
    if (fields.some((f) => f.source === 'day')) {
      throw invalidField(
        'query.compare',
        'use /api/analytics/trend to compare periods with each other',
      );
    }
    const length = dayTo - dayFrom + 1;
    windows.push({ ...filters.cell, dayFrom: dayFrom - length, dayTo: dayFrom - 1 });
  }
  const axes = fields.map((f) => new GroupAxis(f));
  const source = needsAnswerScan(filters, q.groupBy) ? 'sql' : 'cube';
  const cubeMeasures = measures.filter((m) => m.spec.metric !== 'response-rate');
  const aggregated = await aggregateMeasures(
    services,
    orgId,
    cubeMeasures,
    windows,
    axes,
    filters,
    source,
  );
  const rates = measures.some((m) => m.spec.metric === 'response-rate')
    ? await responseRates(services.storage.db, orgId, filters, axes, windows[0] ?? filters.cell)
    : null;
  const current = new Map<TMeasurePlan, TAggregation>();
  const previous = new Map<TMeasurePlan, TAggregation>();
  cubeMeasures.forEach((m, i) => {
    const now = aggregated[0]?.[i];
    const before = aggregated[1]?.[i];
    if (now) current.set(m, now);
    if (before) previous.set(m, before);
  });

  const options = { minN: q.minN, confidence: q.confidence, boxes: q.boxes };
  const allGroups = enumerateGroups(axes);
  const reference =
    q.compare === 'groups' && q.reference !== undefined
      ? findReference(axes, allGroups, q.reference)
      : null;
  const comparisonsByMetric = new Map<string, TComparison[]>();
  const groups: TMetricsResponse['groups'] = [];
  for (const codes of allGroups) {
    let n = 0;
    const results: TMetricsResponse['groups'][number]['metrics'] = {};
    const comparisons: Record<string, TComparison> = {};
    measures.forEach((m) => {
      const metric = m.spec.metric;
      if (metric === 'response-rate') {
        results[metric] = rates?.resultOf(codes, options) ?? {
          status: 'not-available',
          n: 0,
          value: null,
          interval: null,
        };
        return;
      }
      const agg = current.get(m);
      if (!agg) return;
      const stats = slotStatsOf(agg, m, codes);
      n = Math.max(n, mergeSlots(stats)[0] ?? 0);
      results[metric] = computeMetric(m.spec, stats, options);
      let comparison: TComparison | null = null;
      if (q.compare === 'previous-period') {
        const before = previous.get(m);
        if (before)
          comparison = compareGroupStats(
            m.spec,
            stats,
            slotStatsOf(before, m, codes),
            'previous-period',
            options,
          );
      } else if (q.compare === 'groups') {
        if (reference === null) {
          const rest = subtractStats(totalStatsOf(agg, m), stats);
          comparison = compareGroupStats(m.spec, stats, rest, 'rest', options);
        } else if (codes.some((c, k) => c !== reference[k])) {
          comparison = compareGroupStats(
            m.spec,
            stats,
            slotStatsOf(agg, m, reference),
            'reference',
            options,
          );
        }
      }
      if (comparison !== null) {
        comparisons[metric] = comparison;
        comparisonsByMetric.set(metric, [...(comparisonsByMetric.get(metric) ?? []), comparison]);
      }
    });
    if (!isListed(axes, codes, n)) continue;
    groups.push({
      key: groupKeyOf(axes, codes),
      n,
      metrics: results,
      ...(q.compare !== undefined ? { comparisons } : {}),
    });
  }
  let tests = 0;
  const method = adjustmentMethod(q.adjust);
  for (const list of comparisonsByMetric.values()) {
    // Unlisted groups have no data, so their tests report insufficient data and are not counted.
    tests += adjustComparisons(list, method, q.alpha)?.tests ?? 0;
  }
  return {
    query: {
      metrics,
      question: q.question ?? null,
      dimension: q.dimension ?? null,
      keys: [...new Set(measures.flatMap((m) => m.parts.map((p) => p.key)))],
      from: filters.from,
      to: filters.to,
      minN: q.minN,
      confidence: q.confidence,
      source,
      groupBy: q.groupBy,
    },
    groups,
    adjustment: tests > 0 ? { method, alpha: q.alpha, tests } : null,
  };
}
