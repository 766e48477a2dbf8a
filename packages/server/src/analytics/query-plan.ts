/**
 * Resolves an analytics query against the model: which keys and surveys each metric reads, which
 * cells pass the filters (group fields are in group-fields.ts). Every name the model does not
 * know is refused with a 422 that names the query parameter.
 */
import {
  invalidField,
  parseSegmentKey,
  type TAnalyticsMetric,
  type TScaleRange,
} from '@touchstone/core';
import type { TAnalyticsModel } from './analytics-model.js';
import type { TCellFilter } from './cell-aggregation.js';
import type { TMetricSpec, TSlotInfo } from './metric-values.js';
import { dayNumber } from './periods.js';
import type { TKeyInfo } from './question-catalog.js';
import { RESPONSE_COUNT_KEY } from './rollup-deltas.js';

/** The filters of a query as the contract parses them. */
export interface TFilterInput {
  from?: string | undefined;
  to?: string | undefined;
  touchpointId?: string[] | undefined;
  stageId?: string[] | undefined;
  journeyId?: string[] | undefined;
  surveyId?: string[] | undefined;
  attr?: string[] | undefined;
  channel?: string[] | undefined;
  language?: string[] | undefined;
}

/** Resolved filters. */
export interface TResolvedFilters {
  cell: TCellFilter;
  /** Touchpoints allowed, null for all (then responses without a touchpoint count too). */
  touchpointIds: string[] | null;
  surveyIds: ReadonlySet<string> | null;
  /** Segment attribute -> allowed values. */
  attributes: ReadonlyMap<string, ReadonlySet<string>>;
  channels: string[];
  languages: string[];
  from: string | null;
  to: string | null;
}

/** One metric's reading plan: the spec for the results and the partitions with their slots. */
export interface TMeasurePlan {
  spec: TMetricSpec;
  parts: { key: string; slotBySurvey: Map<string, number> }[];
}

function checkIds(
  ids: string[] | undefined,
  known: (id: string) => boolean,
  field: string,
  kind: string,
) {
  (ids ?? []).forEach((id, i) => {
    if (!known(id))
      throw invalidField(`query.${field}.${i}`, `no ${kind} ${id} in this organization`);
  });
}

/** Checks and resolves the filters. */
export function resolveFilters(input: TFilterInput, model: TAnalyticsModel): TResolvedFilters {
  checkIds(input.touchpointId, (id) => model.touchpoints.has(id), 'touchpointId', 'touchpoint');
  checkIds(input.stageId, (id) => model.stages.has(id), 'stageId', 'stage');
  checkIds(input.journeyId, (id) => model.journeys.has(id), 'journeyId', 'journey');
  checkIds(input.surveyId, (id) => model.catalog.surveyNames.has(id), 'surveyId', 'survey');
  const dayFrom = input.from === undefined ? -Infinity : dayNumber(input.from);
  const dayTo = input.to === undefined ? Infinity : dayNumber(input.to);
  if (Number.isNaN(dayFrom)) throw invalidField('query.from', 'not a calendar day');
  if (Number.isNaN(dayTo)) throw invalidField('query.to', 'not a calendar day');
  if (dayFrom > dayTo) throw invalidField('query.from', 'must not be after to');

  let touchpointIds: string[] | null = null;
  if (input.touchpointId?.length || input.stageId?.length || input.journeyId?.length) {
    const tps = new Set(input.touchpointId ?? []);
    const stages = new Set(input.stageId ?? []);
    const journeys = new Set(input.journeyId ?? []);
    touchpointIds = [...model.touchpoints.values()]
      .filter(
        (t) =>
          (tps.size === 0 || tps.has(t.id)) &&
          (stages.size === 0 || stages.has(t.stageId)) &&
          (journeys.size === 0 || journeys.has(t.journeyId)),
      )
      .map((t) => t.id);
  }
  const attributes = new Map<string, Set<string>>();
  (input.attr ?? []).forEach((filter, i) => {
    const colon = filter.indexOf(':');
    const key = filter.slice(0, colon);
    if (!model.attributes.has(key)) {
      throw invalidField(
        `query.attr.${i}`,
        `"${key}" is not a segment attribute (enum or boolean customer attribute)`,
      );
    }
    attributes.set(key, (attributes.get(key) ?? new Set()).add(filter.slice(colon + 1)));
  });
  const allowedTouchpoints = touchpointIds === null ? null : new Set(touchpointIds);
  return {
    cell: {
      dayFrom,
      dayTo,
      touchpointAllowed: allowedTouchpoints === null ? null : (id) => allowedTouchpoints.has(id),
      segmentAllowed:
        attributes.size === 0
          ? null
          : (segmentKey) => {
              const segment = parseSegmentKey(segmentKey);
              for (const [key, values] of attributes) {
                const value = Object.hasOwn(segment, key) ? segment[key] : undefined;
                if (value === undefined || !values.has(value)) return false;
              }
              return true;
            },
    },
    touchpointIds,
    surveyIds: input.surveyId?.length ? new Set(input.surveyId) : null,
    attributes,
    channels: input.channel ?? [],
    languages: input.language ?? [],
    from: input.from ?? null,
    to: input.to ?? null,
  };
}

const STANDARD: Record<'nps' | 'csat' | 'ces', TScaleRange> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

function sameScale(a: TScaleRange | null, b: TScaleRange | null): boolean {
  return a === null || b === null ? a === b : a.min === b.min && a.max === b.max;
}

function scaleText(scale: TScaleRange | null): string {
  return scale === null ? 'no scale' : `${scale.min}..${scale.max}`;
}

/** What one metric reads: the keys (with their surveys) and how the sums are to be read. */
export function resolveMeasure(
  metric: TAnalyticsMetric,
  question: string | undefined,
  dimension: string | undefined,
  model: TAnalyticsModel,
  surveyIds: ReadonlySet<string> | null,
): TMeasurePlan {
  const { catalog } = model;
  const inScope = (info: TKeyInfo) => surveyIds === null || surveyIds.has(info.surveyId);
  if (question !== undefined && dimension !== undefined) {
    throw invalidField('query.dimension', 'give a question or a dimension, not both');
  }
  if (question !== undefined && !catalog.byKey.has(question)) {
    throw invalidField('query.question', `no survey of this organization asks "${question}"`);
  }
  if (dimension !== undefined && !catalog.byDimension.has(dimension)) {
    throw invalidField('query.dimension', `no item is tagged "${dimension}"`);
  }
  if (dimension !== undefined && metric !== 'score') {
    throw invalidField(
      'query.metric',
      `a dimension is measured with the score metric, not ${metric}`,
    );
  }
  const infos = (question !== undefined ? (catalog.byKey.get(question) ?? []) : []).filter(inScope);
  const merged = (selected: readonly TKeyInfo[], scale: TScaleRange | null): TMeasurePlan => {
    const parts = new Map<string, Map<string, number>>();
    for (const info of selected)
      parts.set(info.key, (parts.get(info.key) ?? new Map<string, number>()).set(info.surveyId, 0));
    const key = selected[0]?.key ?? question ?? '';
    return {
      spec: { metric, slots: [{ key, scale, reverse: false }], scale },
      parts: [...parts].map(([k, slotBySurvey]) => ({ key: k, slotBySurvey })),
    };
  };
  switch (metric) {
    case 'count': {
      if (question !== undefined) return merged(infos, null);
      const surveys = [...catalog.surveyNames.keys()].filter(
        (s) => surveyIds === null || surveyIds.has(s),
      );
      return {
        spec: {
          metric,
          slots: [{ key: RESPONSE_COUNT_KEY, scale: null, reverse: false }],
          scale: null,
        },
        parts: [{ key: RESPONSE_COUNT_KEY, slotBySurvey: new Map(surveys.map((s) => [s, 0])) }],
      };
    }
    case 'nps':
    case 'csat':
    case 'ces': {
      const scale = STANDARD[metric];
      if (question === undefined) {
        const all = [...catalog.byKey.values()]
          .flat()
          .filter((i) => i.type === metric && inScope(i));
        return merged(all, scale);
      }
      const wrong = infos.find((i) => !sameScale(i.scale, scale));
      if (wrong) {
        throw invalidField(
          'query.question',
          `${metric} needs a ${scaleText(scale)} scale; "${question}" is ${scaleText(wrong.scale)} in survey ${wrong.surveyId}`,
        );
      }
      return merged(infos, scale);
    }
    case 'rating': {
      if (question === undefined)
        throw invalidField('query.question', 'the rating metric needs a question');
      const first = infos[0];
      const differing = infos.find((i) => !sameScale(i.scale, first?.scale ?? null));
      if (first && differing) {
        throw invalidField(
          'query.question',
          `"${question}" has different scales in surveys ${first.surveyId} and ${differing.surveyId}; filter by surveyId`,
        );
      }
      return merged(infos, first?.scale ?? null);
    }
    case 'score': {
      if (question === undefined && dimension === undefined) {
        throw invalidField('query.question', 'the score metric needs a question or a dimension');
      }
      const items = (
        dimension !== undefined ? (catalog.byDimension.get(dimension) ?? []) : infos
      ).filter(inScope);
      const unscaled = items.find((i) => i.scale === null);
      if (unscaled)
        throw invalidField('query.question', `"${unscaled.key}" has no scale to score on 0..100`);
      const slots: TSlotInfo[] = [];
      const parts = new Map<string, Map<string, number>>();
      for (const info of items) {
        parts.set(
          info.key,
          (parts.get(info.key) ?? new Map<string, number>()).set(info.surveyId, slots.length),
        );
        slots.push({ key: info.key, scale: info.scale, reverse: info.reverse });
      }
      return {
        spec: { metric, slots, scale: null },
        parts: [...parts].map(([key, slotBySurvey]) => ({ key, slotBySurvey })),
      };
    }
    case 'response-rate':
      return { spec: { metric, slots: [], scale: null }, parts: [] };
  }
}
