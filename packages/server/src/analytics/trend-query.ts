/**
 * Trends and the scorecard: a metric per period with its interval (the band), and each period
 * tested against the one before; a change is flagged only when significant after adjusting the
 * p-values of every step in the answer together.
 */
import type {
  TComparison,
  TMetricResult,
  TScorecardQuery,
  TScorecardResponse,
  TTrendQuery,
  TTrendResponse,
} from '@touchstone/core';
import { invalidField } from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { loadAnalyticsModel, type TAnalyticsModel } from './analytics-model.js';
import { GroupAxis, type TAggregation, type TFieldPlan } from './cell-aggregation.js';
import { enumerateGroups, groupKeyOf, slotStatsOf } from './group-results.js';
import { aggregateMeasures, needsAnswerScan } from './measure-scan.js';
import { computeMetric, type TFigureOptions } from './metric-values.js';
import {
  dayNumber,
  dayText,
  periodEnd,
  periodLabel,
  periodOrdinal,
  periodStart,
  shiftPeriod,
  todayNumber,
  type TPeriodUnit,
} from './periods.js';
import { resolveField } from './group-fields.js';
import {
  resolveFilters,
  resolveMeasure,
  type TFilterInput,
  type TMeasurePlan,
  type TResolvedFilters,
} from './query-plan.js';
import { responseRates, type TResponseRates } from './response-rates.js';
import {
  adjustComparisons,
  adjustmentMethod,
  compareGroupStats,
  untestable,
} from './significance.js';

type TPoint = TTrendResponse['series'][number]['points'][number];

/** The periods of an answer, oldest first, plus the one before (the first step's baseline). */
interface TPeriods {
  unit: TPeriodUnit;
  /** Ordinals from the baseline period to the last. */
  ordinals: number[];
}

function periodsFrom(unit: TPeriodUnit, first: number, last: number): TPeriods {
  const ordinals: number[] = [];
  for (let p = shiftPeriod(unit, first, 1); p <= last; p = shiftPeriod(unit, p, -1))
    ordinals.push(p);
  return { unit, ordinals };
}

function windowFilters(
  input: TFilterInput,
  model: TAnalyticsModel,
  periods: TPeriods,
): TResolvedFilters {
  const first = periods.ordinals[0] ?? 0;
  const last = periods.ordinals[periods.ordinals.length - 1] ?? 0;
  return resolveFilters(
    {
      ...input,
      from: dayText(periodStart(periods.unit, first)),
      to: dayText(periodEnd(periods.unit, last)),
    },
    model,
  );
}

/** Points of one series: each period's result and its change against the period before. */
function seriesPoints(
  periods: TPeriods,
  timeAxis: GroupAxis,
  prefix: readonly number[],
  result: (codes: number[]) => TMetricResult,
  change: (codes: number[], before: number[]) => TComparison,
): TPoint[] {
  const codes = periods.ordinals.map((p) => timeAxis.code(periodLabel(periods.unit, p)));
  const points: TPoint[] = [];
  for (let i = 1; i < periods.ordinals.length; i++) {
    const ordinal = periods.ordinals[i] ?? 0;
    const here = [...prefix, codes[i] ?? 0];
    const before = [...prefix, codes[i - 1] ?? 0];
    points.push({
      period: periodLabel(periods.unit, ordinal),
      start: dayText(periodStart(periods.unit, ordinal)),
      end: dayText(periodEnd(periods.unit, ordinal)),
      result: result(here),
      change: change(here, before),
    });
  }
  return points;
}

/** Result and step test of one measure over an aggregation (or invitation rates). */
function measureReaders(
  measure: TMeasurePlan,
  agg: TAggregation | undefined,
  rates: TResponseRates | null,
  options: TFigureOptions,
) {
  return {
    result: (codes: number[]): TMetricResult =>
      rates !== null
        ? rates.resultOf(codes, options)
        : agg
          ? computeMetric(measure.spec, slotStatsOf(agg, measure, codes), options)
          : { status: 'not-available', n: 0, value: null, interval: null },
    change: (codes: number[], before: number[]): TComparison =>
      agg && rates === null
        ? compareGroupStats(
            measure.spec,
            slotStatsOf(agg, measure, codes),
            slotStatsOf(agg, measure, before),
            'previous-period',
            options,
          )
        : untestable('previous-period', 'no test for response rates'),
  };
}

function adjustSteps(points: readonly TPoint[], adjust: 'holm' | 'bh', alpha: number) {
  const method = adjustmentMethod(adjust);
  const result = adjustComparisons(
    points.flatMap((p) => (p.change ? [p.change] : [])),
    method,
    alpha,
  );
  return result;
}

/** A metric per period (and per value of one more field), with bands and flagged changes. */
export async function queryTrend(
  services: TServices,
  orgId: string,
  q: TTrendQuery,
): Promise<TTrendResponse> {
  const model = await loadAnalyticsModel(services, orgId);
  const unit = q.interval;
  const toDay = q.to === undefined ? todayNumber() : dayNumber(q.to);
  if (Number.isNaN(toDay)) throw invalidField('query.to', 'not a calendar day');
  const last = periodOrdinal(unit, toDay);
  const fromDay =
    q.from === undefined ? periodStart(unit, shiftPeriod(unit, last, 11)) : dayNumber(q.from);
  if (Number.isNaN(fromDay)) throw invalidField('query.from', 'not a calendar day');
  if (fromDay > toDay) throw invalidField('query.from', 'must not be after to');
  const periods = periodsFrom(unit, periodOrdinal(unit, fromDay), last);
  if (periods.ordinals.length > 1_000) {
    throw invalidField('query.interval', 'more than 1000 periods; choose a longer interval');
  }
  const filters = windowFilters(q, model, periods);
  const measure = resolveMeasure(q.metric, q.question, q.dimension, model, filters.surveyIds);
  if (q.groupBy !== undefined && ['day', 'week', 'month', 'quarter'].includes(q.groupBy)) {
    throw invalidField('query.groupBy', 'the trend is already by period; group by another field');
  }
  const fields: TFieldPlan[] = [
    ...(q.groupBy === undefined ? [] : [resolveField(q.groupBy, model, filters, [measure])]),
    resolveField(unit, model, filters, [measure]),
  ];
  const axes = fields.map((f) => new GroupAxis(f));
  const groupBy = q.groupBy === undefined ? [] : [q.groupBy];
  const source = needsAnswerScan(filters, groupBy) ? 'sql' : 'cube';
  const isRate = measure.spec.metric === 'response-rate';
  const [[agg] = []] = isRate
    ? [[]]
    : await aggregateMeasures(services, orgId, [measure], [filters.cell], axes, filters, source);
  const rates = isRate
    ? await responseRates(services.storage.db, orgId, filters, axes, filters.cell)
    : null;
  const options = { minN: q.minN, confidence: q.confidence, boxes: q.boxes };
  const readers = measureReaders(measure, agg, rates, options);
  const timeAxis = axes[axes.length - 1] as GroupAxis;
  const seriesAxes = axes.slice(0, -1);
  const series = enumerateGroups(seriesAxes).map((prefix) => ({
    key: groupKeyOf(seriesAxes, prefix),
    points: seriesPoints(periods, timeAxis, prefix, readers.result, readers.change),
  }));
  const adjustment = adjustSteps(
    series.flatMap((s) => s.points),
    q.adjust,
    q.alpha,
  );
  return {
    query: {
      metrics: [measure.spec.metric],
      question: q.question ?? null,
      dimension: q.dimension ?? null,
      keys: measure.parts.map((p) => p.key),
      from: dayText(periodStart(unit, periods.ordinals[1] ?? 0)),
      to: dayText(periodEnd(unit, last)),
      minN: q.minN,
      confidence: q.confidence,
      source,
      interval: unit,
      groupBy: q.groupBy ?? null,
    },
    series,
    adjustment,
  };
}

const SCORECARD_METRICS = ['nps', 'csat', 'ces'] as const;

/** NPS, CSAT and CES: the current period, the previous one, and a sparkline of the last periods. */
export async function queryScorecard(
  services: TServices,
  orgId: string,
  q: TScorecardQuery,
): Promise<TScorecardResponse> {
  const model = await loadAnalyticsModel(services, orgId);
  const unit = q.interval;
  const toDay = q.to === undefined ? todayNumber() : dayNumber(q.to);
  if (Number.isNaN(toDay)) throw invalidField('query.to', 'not a calendar day');
  const last = periodOrdinal(unit, toDay);
  const fromDay = q.from === undefined ? Number.NaN : dayNumber(q.from);
  if (q.from !== undefined && Number.isNaN(fromDay)) {
    throw invalidField('query.from', 'not a calendar day');
  }
  if (fromDay > toDay) throw invalidField('query.from', 'must not be after to');
  // From the period holding `from`, but at least two periods: the tiles compare the last two.
  const first =
    q.from === undefined
      ? shiftPeriod(unit, last, q.periods - 1)
      : Math.min(periodOrdinal(unit, fromDay), shiftPeriod(unit, last, 1));
  const periods = periodsFrom(unit, first, last);
  if (periods.ordinals.length > 1_000) {
    throw invalidField('query.from', 'more than 1000 periods; choose a longer interval');
  }
  const filters = windowFilters({ ...q, from: undefined }, model, periods);
  const measures = SCORECARD_METRICS.map((m) =>
    resolveMeasure(m, undefined, undefined, model, filters.surveyIds),
  );
  const axes = [new GroupAxis(resolveField(unit, model, filters, measures))];
  const source = needsAnswerScan(filters, []) ? 'sql' : 'cube';
  const [aggs = []] = await aggregateMeasures(
    services,
    orgId,
    measures,
    [filters.cell],
    axes,
    filters,
    source,
  );
  const options = { minN: q.minN, confidence: q.confidence, boxes: 2 };
  const timeAxis = axes[0] as GroupAxis;
  const entries = measures.map((measure, i) => {
    const readers = measureReaders(measure, aggs[i], null, options);
    const sparkline = seriesPoints(periods, timeAxis, [], readers.result, readers.change);
    const current = sparkline[sparkline.length - 1] as TPoint;
    const previous = sparkline[sparkline.length - 2] as TPoint;
    return {
      metric: measure.spec.metric,
      keys: measure.parts.map((p) => p.key),
      current,
      previous,
      sparkline,
    };
  });
  const adjustment = adjustSteps(
    entries.flatMap((e) => e.sparkline),
    q.adjust,
    q.alpha,
  );
  return {
    interval: unit,
    from: dayText(periodStart(unit, periods.ordinals[1] ?? 0)),
    to: dayText(periodEnd(unit, last)),
    entries,
    adjustment,
  };
}
