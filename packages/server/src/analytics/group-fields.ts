/**
 * Group fields: how each field named in `groupBy` maps a cell's dimension (day, touchpoint,
 * survey, segment, channel) to a group value and label, and which values every answer lists.
 */
import { invalidField, parseSegmentKey, RESPONSE_CHANNELS } from '@touchstone/core';
import type { TAnalyticsModel } from './analytics-model.js';
import type { TFieldPlan } from './cell-aggregation.js';
import { nextPeriod, periodLabel, periodOrdinal, type TPeriodUnit } from './periods.js';
import type { TMeasurePlan, TResolvedFilters } from './query-plan.js';

const NONE_LABEL = '(none)';

/** Every period of a unit from one day to another, as labels. */
export function periodsBetween(unit: TPeriodUnit, dayFrom: number, dayTo: number): string[] {
  const labels: string[] = [];
  for (
    let p = periodOrdinal(unit, dayFrom);
    p <= periodOrdinal(unit, dayTo);
    p = nextPeriod(unit, p)
  ) {
    labels.push(periodLabel(unit, p));
    if (labels.length > 20_000) break;
  }
  return labels;
}

/** Day number -> period label, with the label of each period made once. */
function periodLabeller(unit: TPeriodUnit): (raw: string | number) => string {
  const labels = new Map<number, string>();
  return (raw) => {
    const ordinal = periodOrdinal(unit, Number(raw));
    let label = labels.get(ordinal);
    if (label === undefined) {
      label = periodLabel(unit, ordinal);
      labels.set(ordinal, label);
    }
    return label;
  };
}

function entityField(
  name: string,
  valueOfTouchpoint: (id: string) => string | null,
  labelOf: (value: string) => string | undefined,
  expected: string[],
): TFieldPlan {
  return {
    name,
    source: 'touchpoint',
    valueOf: (raw) => (raw === '' ? null : valueOfTouchpoint(String(raw))),
    label: (v) => (v === null ? NONE_LABEL : (labelOf(v) ?? v)),
    expected,
  };
}

/** The plan of one group field. */
export function resolveField(
  name: string,
  model: TAnalyticsModel,
  filters: TResolvedFilters,
  measures: readonly TMeasurePlan[],
): TFieldPlan {
  const inScope = [...model.touchpoints.values()].filter(
    (t) => filters.touchpointIds === null || filters.touchpointIds.includes(t.id),
  );
  const unique = (values: (string | null)[]) => [
    ...new Set(values.filter((v): v is string => v !== null)),
  ];
  switch (name) {
    case 'day':
    case 'week':
    case 'month':
    case 'quarter': {
      const unit = name;
      const { dayFrom, dayTo } = filters.cell;
      return {
        name,
        source: 'day',
        valueOf: periodLabeller(unit),
        label: (v) => v ?? NONE_LABEL,
        expected:
          Number.isFinite(dayFrom) && Number.isFinite(dayTo)
            ? periodsBetween(unit, dayFrom, dayTo)
            : [],
      };
    }
    case 'touchpoint':
      return entityField(
        name,
        (id) => id,
        (v) => model.touchpoints.get(v)?.name,
        inScope.map((t) => t.id),
      );
    case 'stage':
      return entityField(
        name,
        (id) => model.touchpoints.get(id)?.stageId ?? null,
        (v) => model.stages.get(v)?.name,
        unique(inScope.map((t) => t.stageId)),
      );
    case 'journey':
      return entityField(
        name,
        (id) => model.touchpoints.get(id)?.journeyId ?? null,
        (v) => model.journeys.get(v),
        unique(inScope.map((t) => t.journeyId)),
      );
    case 'team':
      return entityField(
        name,
        (id) => model.touchpoints.get(id)?.teamId ?? null,
        (v) => model.teams.get(v),
        unique(inScope.map((t) => t.teamId)),
      );
    case 'survey': {
      const surveys = new Set<string>();
      for (const m of measures)
        for (const p of m.parts) for (const s of p.slotBySurvey.keys()) surveys.add(s);
      return {
        name,
        source: 'survey',
        valueOf: (raw) => String(raw),
        label: (v) => (v === null ? NONE_LABEL : (model.catalog.surveyNames.get(v) ?? v)),
        expected: [...surveys],
      };
    }
    case 'channel':
      return {
        name,
        source: 'channel',
        valueOf: (raw) => String(raw),
        label: (v) => v ?? NONE_LABEL,
        expected: filters.channels.length > 0 ? filters.channels : [...RESPONSE_CHANNELS],
      };
    default: {
      const key = name.slice('attr:'.length);
      const attribute = model.attributes.get(key);
      if (!name.startsWith('attr:') || !attribute) {
        throw invalidField('query.groupBy', `"${name}" is not a group field or segment attribute`);
      }
      const allowed = filters.attributes.get(key);
      const parsed = new Map<string, string | null>();
      return {
        name,
        source: 'segment',
        valueOf: (raw) => {
          const segmentKey = String(raw);
          let value = parsed.get(segmentKey);
          if (value === undefined) {
            const segment = parseSegmentKey(segmentKey);
            value = Object.hasOwn(segment, key) ? (segment[key] ?? null) : null;
            parsed.set(segmentKey, value);
          }
          return value;
        },
        label: (v) => v ?? NONE_LABEL,
        expected: attribute.options.filter((o) => allowed === undefined || allowed.has(o)),
      };
    }
  }
}
