/**
 * The journey map's comparison: each stage and touchpoint against the same span just before the
 * window (previous period), or the chosen segment against every other response (rest). The
 * baseline statistics are per touchpoint, so stage rows sum them exactly as the map's own figures.
 */
import { invalidField, type TComparison, type TJourneyMapQuery } from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import type { TAnalyticsModel } from './analytics-model.js';
import { subtractStats } from './group-results.js';
import type { TFigureOptions } from './metric-values.js';
import { dayNumber, dayText } from './periods.js';
import { resolveFilters, type TMeasurePlan, type TResolvedFilters } from './query-plan.js';
import { compareGroupStats } from './significance.js';
import { statsByTouchpoint, sumTouchpoints } from './touchpoint-stats.js';

/** What the cells are compared with: baseline statistics per touchpoint, and its name. */
export interface TJourneyBaseline {
  against: 'previous-period' | 'rest';
  label: string;
  byTouchpoint: ReadonlyMap<string, Float64Array[]>;
}

/** The baseline the query asks for, or null without `compare`. */
export async function journeyBaseline(
  services: TServices,
  orgId: string,
  model: TAnalyticsModel,
  q: TJourneyMapQuery,
  journeyId: string,
  measure: TMeasurePlan,
  filters: TResolvedFilters,
  current: ReadonlyMap<string, Float64Array[]> | undefined,
): Promise<TJourneyBaseline | null> {
  if (q.compare === undefined) return null;
  const base = { ...q, journeyId: [journeyId] };
  if (q.compare === 'previous-period') {
    if (q.from === undefined || q.to === undefined) {
      throw invalidField('query.from', 'a comparison with the previous period needs from and to');
    }
    const from = dayNumber(q.from);
    const span = dayNumber(q.to) - from + 1;
    const window = { from: dayText(from - span), to: dayText(from - 1) };
    const previous = resolveFilters({ ...base, ...window }, model);
    const [byTouchpoint = new Map()] = await statsByTouchpoint(
      services,
      orgId,
      model,
      previous,
      [measure],
      'cube',
    );
    return {
      against: 'previous-period',
      label: `${window.from} to ${window.to}`,
      byTouchpoint,
    };
  }
  if (filters.attributes.size === 0) {
    throw invalidField('query.compare', 'a comparison with the rest needs a segment (attr)');
  }
  const everyone = resolveFilters({ ...base, attr: undefined }, model);
  const [all = new Map<string, Float64Array[]>()] = await statsByTouchpoint(
    services,
    orgId,
    model,
    everyone,
    [measure],
    'cube',
  );
  const rest = new Map<string, Float64Array[]>();
  for (const [id, stats] of all) rest.set(id, subtractStats(stats, current?.get(id) ?? []));
  const segment = [...filters.attributes]
    .map(([key, values]) => `${key}: ${[...values].join(' or ')}`)
    .join(', ');
  return { against: 'rest', label: `every response outside ${segment}`, byTouchpoint: rest };
}

/** The test of some touchpoints' pooled figures against the baseline's. */
export function compareWithBaseline(
  baseline: TJourneyBaseline | null,
  measure: TMeasurePlan,
  current: ReadonlyMap<string, Float64Array[]> | undefined,
  touchpointIds: readonly string[],
  options: TFigureOptions,
): TComparison | null {
  if (baseline === null) return null;
  return compareGroupStats(
    measure.spec,
    sumTouchpoints(current, measure, touchpointIds),
    sumTouchpoints(baseline.byTouchpoint, measure, touchpointIds),
    baseline.against,
    options,
  );
}
