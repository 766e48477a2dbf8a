/**
 * `GET /api/analytics/experiential-profile`: Schmitt's five strategic experiential modules as
 * 0-100 dimension scores (items tagged `sem:<module>`, reverse-coded items reversed, by the
 * engine's score metric) per brand, stage or touchpoint, against the brand's experiential value
 * promise; a consistency index across touchpoints; and the experience provider x module grid.
 * A brand's responses are those given at the touchpoints of its journeys.
 */
import {
  AppError,
  EXPERIENTIAL_MODULES,
  PROVIDER_TYPES,
  type TConsistency,
  type TExperientialModule,
  type TExperientialProfileQuery,
  type TExperientialProfileResponse,
  type TExperientialPromise,
  type TMetricResult,
} from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { parseJsonColumn } from '../storage/rows.js';
import { loadAnalyticsModel } from './analytics-model.js';
import { findBrandsForProfile, findTouchpointProfiles } from './analytics-views.repository.js';
import { needsAnswerScan } from './measure-scan.js';
import { computeMetric, notAvailable, type TFigureOptions } from './metric-values.js';
import { resolveFilters, resolveMeasure, type TMeasurePlan } from './query-plan.js';
import { statsByTouchpoint, sumTouchpoints, type TTouchpointStats } from './touchpoint-stats.js';

type TProfile = Record<TExperientialModule, TMetricResult>;
type TModuleMeasure = { module: TExperientialModule; tag: string; measure: TMeasurePlan | null };

/** The formula the consistency index reports, in words. */
export const CONSISTENCY_METHOD =
  '100 x (1 - mean over modules of the n-weighted standard deviation of touchpoint scores / 50), ' +
  'clipped to 0..100; modules scored at fewer than 2 touchpoints and touchpoints under minN left out';

/**
 * Brand consistency across touchpoints. Per module, the touchpoints with a score (n >= minN) give
 * an n-weighted mean and an n-weighted (population) standard deviation of their scores; the index
 * is 100 x (1 - mean SD / 50), clipped to 0..100. Why 50: on a 0..100 scale the largest standard
 * deviation possible is 50 (half the touchpoints at 0, half at 100), so the index reads 100 when
 * every touchpoint delivers the same profile and 0 at total polarisation, whatever the number of
 * touchpoints. Weighting by n keeps a thinly answered touchpoint from swinging the index; the
 * population SD (not n - 1) describes these touchpoints rather than estimating a wider universe.
 */
export function consistencyOf(profiles: readonly TProfile[]): TConsistency {
  const included = profiles.filter((p) => EXPERIENTIAL_MODULES.some((m) => p[m].status === 'ok'));
  const belowMinN = profiles.filter(
    (p) =>
      !included.includes(p) && EXPERIENTIAL_MODULES.some((m) => p[m].status !== 'ok' && p[m].n > 0),
  ).length;
  const modules = EXPERIENTIAL_MODULES.map((module) => {
    const scored = profiles.flatMap((p) => {
      const r = p[module];
      return r.status === 'ok' ? [{ n: r.n, score: r.value }] : [];
    });
    const weight = scored.reduce((s, t) => s + t.n, 0);
    if (scored.length < 2 || weight <= 0) {
      const only = scored.length === 1 ? (scored[0]?.score ?? null) : null;
      return { module, touchpoints: scored.length, mean: only, standardDeviation: null };
    }
    const mean = scored.reduce((s, t) => s + t.n * t.score, 0) / weight;
    const variance = scored.reduce((s, t) => s + t.n * (t.score - mean) ** 2, 0) / weight;
    return { module, touchpoints: scored.length, mean, standardDeviation: Math.sqrt(variance) };
  });
  const sds = modules.flatMap((m) => (m.standardDeviation === null ? [] : [m.standardDeviation]));
  const base = {
    method: CONSISTENCY_METHOD,
    touchpointsIncluded: included.length,
    touchpointsBelowMinN: belowMinN,
    modules,
  };
  if (sds.length === 0) return { status: 'insufficient-data', value: null, ...base };
  const meanSd = sds.reduce((s, v) => s + v, 0) / sds.length;
  return { status: 'ok', value: Math.min(100, Math.max(0, 100 * (1 - meanSd / 50))), ...base };
}

function moduleScores(profile: TProfile, promise: TExperientialPromise | null) {
  return EXPERIENTIAL_MODULES.map((module) => {
    const result = profile[module];
    const target = promise === null ? null : promise[module];
    const ok = result.status === 'ok' && target !== null;
    return {
      module,
      result,
      target,
      gap: ok ? result.value - target : null,
      gapInterval:
        ok && result.interval !== null
          ? {
              low: result.interval.low - target,
              high: result.interval.high - target,
              confidence: result.interval.confidence,
            }
          : null,
    };
  });
}

/** The five-module profile, gaps, consistency and provider grid for one organization. */
export async function queryExperientialProfile(
  services: TServices,
  orgId: string,
  q: TExperientialProfileQuery,
): Promise<TExperientialProfileResponse> {
  const [model, brandRows, touchpointRows] = await Promise.all([
    loadAnalyticsModel(services, orgId),
    findBrandsForProfile(services.storage.db, orgId),
    findTouchpointProfiles(services.storage.db, orgId),
  ]);
  const brands = brandRows.map((b) => ({
    id: b.id,
    name: b.name,
    promise: parseJsonColumn<TExperientialPromise>(b.promiseJson),
  }));
  const brand = q.brandId === undefined ? null : brands.find((b) => b.id === q.brandId);
  if (brand === undefined) {
    const message = `no brand ${String(q.brandId)} in this organization`;
    throw new AppError('not_found', message, [{ field: 'query.brandId', message }]);
  }
  const filters = resolveFilters(q, model);
  const scope = touchpointRows.filter(
    (t) =>
      (filters.touchpointIds === null || filters.touchpointIds.includes(t.id)) &&
      (brand === null || t.brandId === brand.id),
  );
  const dimensions: TModuleMeasure[] = EXPERIENTIAL_MODULES.map((module) => {
    const tag = `sem:${module}`;
    const tagged = model.catalog.byDimension.has(tag);
    const measure = tagged
      ? resolveMeasure('score', undefined, tag, model, filters.surveyIds)
      : null;
    return { module, tag, measure };
  });
  const measures = dimensions.flatMap((d) => (d.measure === null ? [] : [d.measure]));
  const source = needsAnswerScan(filters, []) ? 'sql' : 'cube';
  const stats = await statsByTouchpoint(services, orgId, model, filters, measures, source);
  const options: TFigureOptions = { minN: q.minN, confidence: q.confidence, boxes: 2 };
  const profileOf = (touchpointIds: readonly string[]): TProfile =>
    profileFromStats(dimensions, measures, stats, touchpointIds, options);

  const brandById = new Map(brands.map((b) => [b.id, b]));
  const promiseOf = (brandId: string | null) =>
    brandId === null ? null : (brandById.get(brandId)?.promise ?? null);
  const touchpointProfiles = (ids: readonly string[]) => ids.map((id) => profileOf([id]));
  const groups: TExperientialProfileResponse['groups'] = [];
  const pushGroup = (
    field: string,
    value: string,
    label: string,
    brandId: string | null,
    ids: readonly string[],
  ) => {
    const profile = profileOf(ids);
    groups.push({
      key: { field, value, label },
      brandId,
      n: Math.max(0, ...EXPERIENTIAL_MODULES.map((m) => profile[m].n)),
      modules: moduleScores(profile, promiseOf(brandId)),
      ...(field === 'brand' ? { consistency: consistencyOf(touchpointProfiles(ids)) } : {}),
    });
  };
  if (q.groupBy === 'brand') {
    for (const b of brand === null ? brands : [brand]) {
      const ids = scope.filter((t) => t.brandId === b.id).map((t) => t.id);
      pushGroup('brand', b.id, b.name, b.id, ids);
    }
  } else if (q.groupBy === 'stage') {
    // The model lists touchpoints by journey, stage position and name: stages in journey order.
    const inScope = new Map(scope.map((t) => [t.id, t]));
    const stageOrder = [...model.touchpoints.values()]
      .filter((t) => inScope.has(t.id))
      .map((t) => t.stageId);
    for (const stageId of new Set(stageOrder)) {
      const members = scope.filter((t) => t.stageId === stageId);
      const label = model.stages.get(stageId)?.name ?? stageId;
      pushGroup(
        'stage',
        stageId,
        label,
        members[0]?.brandId ?? null,
        members.map((t) => t.id),
      );
    }
  } else {
    const inScope = new Map(scope.map((t) => [t.id, t]));
    for (const info of model.touchpoints.values()) {
      const t = inScope.get(info.id);
      if (t) pushGroup('touchpoint', t.id, t.name, t.brandId, [t.id]);
    }
  }
  return {
    query: {
      brandId: brand?.id ?? null,
      groupBy: q.groupBy,
      from: filters.from,
      to: filters.to,
      minN: q.minN,
      confidence: q.confidence,
      source,
      dimensions: dimensions.map((d) => ({
        module: d.module,
        tag: d.tag,
        keys: d.measure === null ? [] : d.measure.parts.map((p) => p.key),
      })),
    },
    brand,
    groups,
    consistency: consistencyOf(touchpointProfiles(scope.map((t) => t.id))),
    grid: PROVIDER_TYPES.map((providerType) => {
      const ids = scope.filter((t) => t.providerType === providerType).map((t) => t.id);
      const profile = profileOf(ids);
      return {
        providerType,
        touchpoints: ids.length,
        cells: EXPERIENTIAL_MODULES.map((module) => ({ module, result: profile[module] })),
      };
    }),
  };
}

function profileFromStats(
  dimensions: readonly TModuleMeasure[],
  measures: readonly TMeasurePlan[],
  stats: TTouchpointStats,
  touchpointIds: readonly string[],
  options: TFigureOptions,
): TProfile {
  const entries = dimensions.map(({ module, tag, measure }) => {
    if (measure === null) return [module, notAvailable(`no survey item is tagged ${tag}`)] as const;
    const m = measures.indexOf(measure);
    const summed = sumTouchpoints(stats[m], measure, touchpointIds);
    return [module, computeMetric(measure.spec, summed, options)] as const;
  });
  return Object.fromEntries(entries) as TProfile;
}
