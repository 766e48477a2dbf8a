/**
 * Response rates: answered invitations over sent invitations, with a Wilson interval. Invitations
 * carry a survey, a campaign touchpoint and a sending day, so rates group by those (and by stage,
 * journey and team through the touchpoint); segment attributes, channels and languages are not
 * known for invitations, and such queries report the rate as not available.
 */
import { computeShare, type TMetricResult } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import {
  aggregateCells,
  groupStats,
  type GroupAxis,
  type TAggregation,
} from './cell-aggregation.js';
import { Dictionary, ValueCells } from './cube-cells.js';
import { missing, notAvailable } from './metric-values.js';
import { findInvitationCells } from './model.repository.js';
import { dayNumber, dayText } from './periods.js';
import type { TResolvedFilters } from './query-plan.js';
import type { TCellFilter } from './cell-aggregation.js';
import type { TGroupCodes } from './group-results.js';

/** The rates of every group of an answer. */
export interface TResponseRates {
  resultOf(codes: TGroupCodes, options: { minN: number; confidence: number }): TMetricResult;
}

function unavailable(reason: string): TResponseRates {
  return { resultOf: () => notAvailable(reason) };
}

/** Sums invitations into the answer's groups. */
export async function responseRates(
  db: TDb,
  orgId: string,
  filters: TResolvedFilters,
  axes: readonly GroupAxis[],
  window: TCellFilter,
): Promise<TResponseRates> {
  if (filters.attributes.size > 0 || filters.channels.length > 0 || filters.languages.length > 0) {
    return unavailable('invitations have no segment, channel or language to filter by');
  }
  if (axes.some((a) => a.plan.source === 'segment' || a.plan.source === 'channel')) {
    return unavailable('invitations cannot be grouped by segment attributes or channel');
  }
  const rows = await findInvitationCells(db, orgId, {
    from: Number.isFinite(window.dayFrom) ? dayText(window.dayFrom) : null,
    to: Number.isFinite(window.dayTo) ? dayText(window.dayTo) : null,
  });
  const dictionaries = {
    surveys: new Dictionary(),
    touchpoints: new Dictionary(),
    segments: new Dictionary(),
  };
  const segment = dictionaries.segments.code('');
  const cells = new ValueCells(rows.length);
  for (const r of rows) {
    const i = cells.push(
      dictionaries.surveys.code(r.surveyId),
      dictionaries.touchpoints.code(r.touchpointId),
      dayNumber(r.day),
      segment,
    );
    // n counts invitations sent, sum those answered.
    cells.add(i, Number(r.sent), Number(r.responded), 0, []);
  }
  const surveys = filters.surveyIds ?? new Set(dictionaries.surveys.values);
  const agg: TAggregation = aggregateCells(
    [{ cells, slotBySurvey: new Map([...surveys].map((s) => [s, 0])) }],
    dictionaries,
    { ...window, segmentAllowed: null },
    axes,
    1,
  );
  return {
    resultOf(codes, options) {
      const stats = groupStats(agg, codes, 0);
      const sent = stats[0] ?? 0;
      const share = computeShare({ successes: stats[1] ?? 0, n: sent }, options);
      if (share.status !== 'ok') return missing(share);
      return {
        status: 'ok',
        n: sent,
        value: share.share,
        unit: 'share',
        interval: {
          low: share.interval.low,
          high: share.interval.high,
          confidence: share.interval.confidence,
        },
        method: 'wilson',
      };
    },
  };
}
