/**
 * Contracts of the experiential views of Analyze: the five-module profile against the brand's
 * promise (with consistency across touchpoints and the provider x module grid) and the journey map
 * with touchpoint importance and ranked pain points.
 */
import { z } from 'zod';
import {
  ZAdjustment,
  ZAdjustmentInfo,
  ZAnalyticsFilters,
  ZComparison,
  ZGroupValue,
  ZInterval,
  ZMetricResult,
} from './analytics.js';
import { EXPERIENTIAL_MODULES, ZExperientialPromise } from './brand.js';
import { ZId } from './common.js';
import { PROVIDER_TYPES } from './touchpoint.js';

const ZModule = z.enum(EXPERIENTIAL_MODULES);
const ZCount = z.number().int().min(0);

/** `GET /api/analytics/experiential-profile`. */
export const ZExperientialProfileQuery = ZAnalyticsFilters.extend({
  /** Limits the scope to the touchpoints of this brand's journeys, and measures against its promise. */
  brandId: ZId.optional(),
  groupBy: z.enum(['brand', 'stage', 'touchpoint']).default('brand'),
});
export type TExperientialProfileQuery = z.infer<typeof ZExperientialProfileQuery>;

/** One module of one group: the 0-100 score and its distance from the promise (score - target). */
export const ZModuleScore = z.object({
  module: ZModule,
  result: ZMetricResult,
  /** The brand's promise for this module; null when the group has no brand. */
  target: z.number().nullable(),
  gap: z.number().nullable(),
  gapInterval: ZInterval.nullable(),
});

/** How evenly the touchpoints deliver the profile (see the method string for the formula). */
export const ZConsistency = z.object({
  status: z.enum(['ok', 'insufficient-data']),
  value: z.number().nullable(),
  method: z.string(),
  /** Touchpoints with a score on at least one module. */
  touchpointsIncluded: ZCount,
  /** Touchpoints with answers but under minN on every module: left out. */
  touchpointsBelowMinN: ZCount,
  modules: z.array(
    z.object({
      module: ZModule,
      touchpoints: ZCount,
      mean: z.number().nullable(),
      standardDeviation: z.number().nullable(),
    }),
  ),
});
export type TConsistency = z.infer<typeof ZConsistency>;

export const ZProfileGroup = z.object({
  key: ZGroupValue,
  brandId: ZId.nullable(),
  /** The largest module n of the group. */
  n: ZCount,
  modules: z.array(ZModuleScore),
  /** Per brand group: its own consistency across its touchpoints. */
  consistency: ZConsistency.optional(),
});

export const ZExperientialProfileResponse = z.object({
  query: z.object({
    brandId: ZId.nullable(),
    groupBy: z.enum(['brand', 'stage', 'touchpoint']),
    from: z.string().nullable(),
    to: z.string().nullable(),
    minN: z.number().int(),
    confidence: z.number(),
    source: z.enum(['cube', 'sql']),
    /** The dimension tag read for each module and the item keys tagged with it. */
    dimensions: z.array(z.object({ module: ZModule, tag: z.string(), keys: z.array(z.string()) })),
  }),
  brand: z.object({ id: ZId, name: z.string(), promise: ZExperientialPromise }).nullable(),
  groups: z.array(ZProfileGroup),
  /** Across every touchpoint in scope. */
  consistency: ZConsistency,
  /** Experience provider type x module. */
  grid: z.array(
    z.object({
      providerType: z.enum(PROVIDER_TYPES),
      touchpoints: ZCount,
      cells: z.array(z.object({ module: ZModule, result: ZMetricResult })),
    }),
  ),
});
export type TExperientialProfileResponse = z.infer<typeof ZExperientialProfileResponse>;

/** `GET /api/analytics/journey-map`. */
export const ZJourneyMapQuery = ZAnalyticsFilters.pick({
  from: true,
  to: true,
  surveyId: true,
  touchpointId: true,
  stageId: true,
  attr: true,
  minN: true,
  confidence: true,
}).extend({
  /**
   * previous-period: each cell against the same span just before `from`; rest: the segment chosen
   * with `attr` against every other response (needs `attr`).
   */
  compare: z.enum(['previous-period', 'rest']).optional(),
  adjust: ZAdjustment.default('holm'),
  alpha: z.coerce.number().min(0.0001).max(0.5).default(0.05),
  journeyId: ZId,
  metric: z.enum(['nps', 'csat', 'ces', 'rating', 'score']).default('nps'),
  question: z.string().max(130).optional(),
  dimension: z.string().max(100).optional(),
  /** How many pain points to return. */
  top: z.coerce.number().int().min(1).max(100).default(5),
});
export type TJourneyMapQuery = z.infer<typeof ZJourneyMapQuery>;

/** Correlation of the customers' touchpoint score with their latest relationship NPS. */
export const ZTouchpointImportance = z.object({
  status: z.enum(['ok', 'insufficient-data', 'no-variance']),
  /** Customers with both a touchpoint score and a relationship NPS in the period. */
  n: ZCount,
  correlation: z.number().nullable(),
  method: z.string(),
});

const ZVolume = z.object({ responses: ZCount, interactions: ZCount });

export const ZJourneyTouchpoint = z.object({
  id: ZId,
  name: z.string(),
  channel: z.string(),
  providerType: z.string(),
  volume: ZVolume,
  result: ZMetricResult,
  /** The metric on 0..100 (NPS (v + 100) / 2, shares x 100, means rescaled by their scale). */
  performance: z.number().nullable(),
  importance: ZTouchpointImportance,
  /** The test of the comparison asked for (null without one). */
  change: ZComparison.nullable(),
});

export const ZPainPoint = z.object({
  rank: z.number().int().min(1),
  touchpointId: ZId,
  name: z.string(),
  stageId: ZId,
  gap: z.number(),
  importance: z.number(),
  volumeShare: z.number(),
  score: z.number(),
});

export const ZJourneyMapResponse = z.object({
  journey: z.object({ id: ZId, name: z.string() }),
  query: z.object({
    metric: z.string(),
    keys: z.array(z.string()),
    from: z.string().nullable(),
    to: z.string().nullable(),
    minN: z.number().int(),
    confidence: z.number(),
    relationshipKeys: z.array(z.string()),
  }),
  stages: z.array(
    z.object({
      id: ZId,
      name: z.string(),
      position: z.number().int(),
      volume: ZVolume,
      result: ZMetricResult,
      performance: z.number().nullable(),
      change: ZComparison.nullable(),
      touchpoints: z.array(ZJourneyTouchpoint),
    }),
  ),
  /** What the cells were compared with, and how the p-values were adjusted; null without. */
  comparison: z
    .object({
      against: z.enum(['previous-period', 'rest']),
      /** In words: `2026-07-01 to 2026-09-30`, or `every response outside tier: gold`. */
      label: z.string(),
      adjustment: ZAdjustmentInfo.nullable(),
    })
    .nullable(),
  painPoints: z.object({
    method: z.string(),
    /** Touchpoints left out of the ranking (no performance or no importance), with why. */
    unranked: z.array(z.object({ touchpointId: ZId, reason: z.string() })),
    items: z.array(ZPainPoint),
  }),
});
export type TJourneyMapResponse = z.infer<typeof ZJourneyMapResponse>;
