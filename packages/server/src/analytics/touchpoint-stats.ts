/**
 * Sufficient statistics per touchpoint, for views that roll touchpoints up along axes the metrics
 * engine does not group by (brand, provider type, stage within one journey): one aggregation by
 * touchpoint, then sums of the touchpoints' per-slot statistics. Sums of n, sums, sums of squares
 * and histograms add exactly, so a roll-up equals aggregating the pooled responses.
 */
import type { TServices } from '../composition/services.js';
import type { TAnalyticsModel } from './analytics-model.js';
import { GroupAxis, STAT_WIDTH } from './cell-aggregation.js';
import { resolveField } from './group-fields.js';
import { slotStatsOf } from './group-results.js';
import { aggregateMeasures, type TScanSource } from './measure-scan.js';
import type { TMeasurePlan, TResolvedFilters } from './query-plan.js';

/** Per measure: touchpoint id -> statistics of each slot. */
export type TTouchpointStats = Map<string, Float64Array[]>[];

/** Aggregates each measure by touchpoint over the filters' window. */
export async function statsByTouchpoint(
  services: TServices,
  orgId: string,
  model: TAnalyticsModel,
  filters: TResolvedFilters,
  measures: readonly TMeasurePlan[],
  source: TScanSource,
): Promise<TTouchpointStats> {
  if (measures.length === 0) return [];
  const axis = new GroupAxis(resolveField('touchpoint', model, filters, measures));
  const [aggregations = []] = await aggregateMeasures(
    services,
    orgId,
    measures,
    [filters.cell],
    [axis],
    filters,
    source,
  );
  return measures.map((measure, m) => {
    const byTouchpoint = new Map<string, Float64Array[]>();
    const agg = aggregations[m];
    if (!agg) return byTouchpoint;
    axis.values.forEach((touchpointId, code) => {
      if (touchpointId === null) return;
      // Copies: the aggregation's views are not to be kept past this read.
      byTouchpoint.set(
        touchpointId,
        slotStatsOf(agg, measure, [code]).map((s) => Float64Array.from(s)),
      );
    });
    return byTouchpoint;
  });
}

/** The slot-wise sum of the statistics of some touchpoints (zeros for none). */
export function sumTouchpoints(
  byTouchpoint: ReadonlyMap<string, Float64Array[]> | undefined,
  measure: TMeasurePlan,
  touchpointIds: Iterable<string>,
): Float64Array[] {
  const slots = Math.max(1, measure.spec.slots.length);
  const sums = Array.from({ length: slots }, () => new Float64Array(STAT_WIDTH));
  for (const id of touchpointIds) {
    const stats = byTouchpoint?.get(id);
    if (!stats) continue;
    stats.forEach((slotStats, slot) => {
      const sum = sums[slot];
      if (!sum) return;
      for (let k = 0; k < STAT_WIDTH; k++) sum[k] = (sum[k] ?? 0) + (slotStats[k] ?? 0);
    });
  }
  return sums;
}
