/**
 * `GET /api/analytics/journey-map`: a journey's stages in order and their touchpoints, each with
 * volume (responses, and interactions in the period), the key metric with its interval, the
 * touchpoint's importance toward the relationship NPS, and pain points ranked by
 * gap x importance x volume share.
 */
import {
  AppError,
  AnalyticsError,
  correlationFromCrossProducts,
  createCrossProducts,
  type TJourneyMapQuery,
  type TJourneyMapResponse,
  type TMetricResult,
} from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { loadAnalyticsModel } from './analytics-model.js';
import {
  countInteractionsByTouchpoint,
  findImportanceSums,
  findJourneyForMap,
  findRelationshipSurveyIds,
  findStagesInOrder,
  findTouchpointProfiles,
  type TImportanceSums,
  type TScoredSlot,
} from './analytics-views.repository.js';
import type { TAnalyticsModel } from './analytics-model.js';
import { compareWithBaseline, journeyBaseline } from './journey-comparison.js';
import { computeMetric, type TFigureOptions } from './metric-values.js';
import { resolveFilters, resolveMeasure, type TMeasurePlan } from './query-plan.js';
import { adjustComparisons, adjustmentMethod } from './significance.js';
import { statsByTouchpoint, sumTouchpoints } from './touchpoint-stats.js';

type TImportance = TJourneyMapResponse['stages'][number]['touchpoints'][number]['importance'];

/** How importance is measured, in words. */
export const IMPORTANCE_METHOD =
  "pearson r between each customer's mean touchpoint score (0..100) and that customer's latest " +
  'relationship NPS answer (surveys of kind relationship), both in the period; customers without either are left out';

/** How pain points are scored, in words. */
export const PAIN_POINT_METHOD =
  'score = gap x importance x volume share; gap = 100 - performance (the best possible on the ' +
  '0..100 scale, so the gap is comparable across periods and journeys); importance = max(0, r) ' +
  'with the relationship NPS; volume share = the touchpoint volume / the journey volume, volume ' +
  'being interactions in the period, or responses when the journey has no interactions in it';

/** The metric on 0..100, so gaps are comparable across metrics; null without a number. */
export function performanceOf(result: TMetricResult, measure: TMeasurePlan): number | null {
  if (result.status !== 'ok') return null;
  const v = result.value;
  switch (measure.spec.metric) {
    case 'nps':
      return (v + 100) / 2;
    case 'csat':
      return v * 100;
    case 'ces':
      return ((v - 1) / 6) * 100;
    case 'rating': {
      const scale = measure.spec.scale;
      return scale === null ? null : ((v - scale.min) / (scale.max - scale.min)) * 100;
    }
    case 'score':
      return v;
    case 'count':
    case 'response-rate':
      return null;
  }
}

/** Each (key, survey) the metric reads, with the map onto 0..100 the importance SQL applies. */
function scoredSlots(measure: TMeasurePlan, model: TAnalyticsModel): TScoredSlot[] {
  return measure.parts.flatMap((part) =>
    [...part.slotBySurvey.keys()].flatMap((surveyId) => {
      const info = model.catalog.byKey.get(part.key)?.find((i) => i.surveyId === surveyId);
      if (!info?.scale) return [];
      const reverse = measure.spec.metric === 'score' && info.reverse;
      return [{ key: part.key, surveyId, ...info.scale, reverse }];
    }),
  );
}

function importanceOf(sums: TImportanceSums | undefined, minN: number): TImportance {
  const method = IMPORTANCE_METHOD;
  const n = sums?.n ?? 0;
  if (sums === undefined || n < minN) {
    return { status: 'insufficient-data', n, correlation: null, method };
  }
  const acc = createCrossProducts(['touchpoint', 'relationship-nps']);
  acc.n = n;
  acc.sums.set([sums.sumX, sums.sumY]);
  acc.crossProducts.set([sums.sumXX, sums.sumXY, sums.sumXY, sums.sumYY]);
  try {
    const r = correlationFromCrossProducts(acc).correlation[1] ?? 0;
    return { status: 'ok', n, correlation: r, method };
  } catch (error) {
    if (error instanceof AnalyticsError) {
      return { status: 'no-variance', n, correlation: null, method };
    }
    throw error;
  }
}

/** The journey map of one journey. */
export async function queryJourneyMap(
  services: TServices,
  orgId: string,
  q: TJourneyMapQuery,
): Promise<TJourneyMapResponse> {
  const { db } = services.storage;
  const journey = await findJourneyForMap(db, orgId, q.journeyId);
  if (!journey) {
    const message = `no journey ${q.journeyId} in this organization`;
    throw new AppError('not_found', message, [{ field: 'query.journeyId', message }]);
  }
  const [model, stages, touchpointRows, relationshipSurveys] = await Promise.all([
    loadAnalyticsModel(services, orgId),
    findStagesInOrder(db, orgId, journey.id),
    findTouchpointProfiles(db, orgId),
    findRelationshipSurveyIds(db, orgId),
  ]);
  const filters = resolveFilters({ ...q, journeyId: [journey.id] }, model);
  const measure = resolveMeasure(q.metric, q.question, q.dimension, model, filters.surveyIds);
  const count = resolveMeasure('count', undefined, undefined, model, filters.surveyIds);
  // The touchpoint and stage filters narrow the map to the cells chosen.
  const chosenTouchpoints = new Set(q.touchpointId ?? []);
  const chosenStages = new Set(q.stageId ?? []);
  const touchpoints = touchpointRows.filter(
    (t) =>
      t.journeyId === journey.id &&
      (chosenTouchpoints.size === 0 || chosenTouchpoints.has(t.id)) &&
      (chosenStages.size === 0 || chosenStages.has(t.stageId)),
  );
  const ids = touchpoints.map((t) => t.id);
  const relationshipIds = new Set(relationshipSurveys);
  const relationshipKeys = [
    ...new Set(
      [...model.catalog.byKey.values()]
        .flat()
        .filter((i) => i.type === 'nps' && relationshipIds.has(i.surveyId))
        .map((i) => i.key),
    ),
  ];
  const [stats, interactions, importanceRows] = await Promise.all([
    statsByTouchpoint(services, orgId, model, filters, [measure, count], 'cube'),
    countInteractionsByTouchpoint(db, orgId, ids, filters),
    findImportanceSums(db, orgId, {
      touchpointIds: ids,
      slots: scoredSlots(measure, model),
      relationship: { surveyIds: relationshipSurveys, keys: relationshipKeys },
      from: filters.from,
      to: filters.to,
    }),
  ]);
  const options: TFigureOptions = { minN: q.minN, confidence: q.confidence, boxes: 2 };
  const baseline = await journeyBaseline(
    services,
    orgId,
    model,
    q,
    journey.id,
    measure,
    filters,
    stats[0],
  );
  const importanceMinN = Math.max(3, q.minN);
  const importanceByTouchpoint = new Map(importanceRows.map((r) => [r.touchpointId, r]));
  const figuresOf = (touchpointIds: readonly string[]) => {
    const result = computeMetric(
      measure.spec,
      sumTouchpoints(stats[0], measure, touchpointIds),
      options,
    );
    const responses = sumTouchpoints(stats[1], count, touchpointIds)[0]?.[0] ?? 0;
    const interactionCount = touchpointIds.reduce((s, id) => s + (interactions.get(id) ?? 0), 0);
    return {
      volume: { responses, interactions: interactionCount },
      result,
      performance: performanceOf(result, measure),
      change: compareWithBaseline(baseline, measure, stats[0], touchpointIds, options),
    };
  };

  const mapStages = stages
    .filter(
      (stage) =>
        (chosenStages.size === 0 || chosenStages.has(stage.id)) &&
        (chosenTouchpoints.size === 0 || touchpoints.some((t) => t.stageId === stage.id)),
    )
    .map((stage) => ({
      id: stage.id,
      name: stage.name,
      position: stage.position,
      ...figuresOf(touchpoints.filter((t) => t.stageId === stage.id).map((t) => t.id)),
      touchpoints: touchpoints
        .filter((t) => t.stageId === stage.id)
        .map((t) => ({
          id: t.id,
          name: t.name,
          channel: t.channel,
          providerType: t.providerType,
          ...figuresOf([t.id]),
          importance: importanceOf(importanceByTouchpoint.get(t.id), importanceMinN),
        })),
    }));
  const changes = mapStages.flatMap((s) => [s.change, ...s.touchpoints.map((t) => t.change)]);
  const adjustment = adjustComparisons(
    changes.filter((c) => c !== null),
    adjustmentMethod(q.adjust),
    q.alpha,
  );
  return {
    journey,
    query: {
      metric: q.metric,
      keys: measure.parts.map((p) => p.key),
      from: filters.from,
      to: filters.to,
      minN: q.minN,
      confidence: q.confidence,
      relationshipKeys,
    },
    stages: mapStages,
    comparison: baseline && {
      against: baseline.against,
      label: baseline.label,
      adjustment,
    },
    painPoints: rankPainPoints(mapStages, q.top),
  };
}

/** Pain points by gap x importance x volume share, highest first (ties by name). */
export function rankPainPoints(
  stages: readonly TJourneyMapResponse['stages'][number][],
  top: number,
): TJourneyMapResponse['painPoints'] {
  const all = stages.flatMap((s) => s.touchpoints.map((t) => ({ ...t, stageId: s.id })));
  const interactions = all.reduce((s, t) => s + t.volume.interactions, 0);
  const volumeOf = (t: (typeof all)[number]) =>
    interactions > 0 ? t.volume.interactions : t.volume.responses;
  const total = all.reduce((s, t) => s + volumeOf(t), 0);
  const unranked: TJourneyMapResponse['painPoints']['unranked'] = [];
  const items = all.flatMap((t) => {
    if (t.performance === null) {
      unranked.push({ touchpointId: t.id, reason: `metric: ${t.result.status}` });
      return [];
    }
    if (t.importance.status !== 'ok' || t.importance.correlation === null) {
      unranked.push({ touchpointId: t.id, reason: `importance: ${t.importance.status}` });
      return [];
    }
    const gap = 100 - t.performance;
    const importance = Math.max(0, t.importance.correlation);
    const volumeShare = total > 0 ? volumeOf(t) / total : 0;
    const score = gap * importance * volumeShare;
    return [
      { touchpointId: t.id, name: t.name, stageId: t.stageId, gap, importance, volumeShare, score },
    ];
  });
  items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return {
    method: PAIN_POINT_METHOD,
    unranked,
    items: items.slice(0, top).map((item, i) => ({ rank: i + 1, ...item })),
  };
}
