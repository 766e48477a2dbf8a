/**
 * Runs the aggregation of one or more metrics over one or more date windows, from the in-memory
 * cube (the normal path) or from a SQL scan of the answers (channel or language filters, channel
 * groups). Both produce the same cells, so everything after this point is shared.
 */
import type { TServices } from '../composition/services.js';
import { scanAnswerCells } from './answer-scan.repository.js';
import {
  aggregateCells,
  type GroupAxis,
  type TAggregation,
  type TCellColumns,
  type TCellFilter,
} from './cell-aggregation.js';
import { Dictionary, ValueCells } from './cube-cells.js';
import { firstDayOfMonth } from './cube-store.js';
import { dayNumber, dayText } from './periods.js';
import type { TMeasurePlan, TResolvedFilters } from './query-plan.js';

/** Where the cells came from. */
export type TScanSource = 'cube' | 'sql';

const EMPTY = new ValueCells(0);

function slotsOf(measure: TMeasurePlan): number {
  return Math.max(1, measure.spec.slots.length);
}

/** True when a query needs the SQL scan: the rollups hold neither channel nor language. */
export function needsAnswerScan(filters: TResolvedFilters, groupBy: readonly string[]): boolean {
  return filters.channels.length > 0 || filters.languages.length > 0 || groupBy.includes('channel');
}

/**
 * True when month cells give the same answer as day cells: every window starts on the first of a
 * month (or is open) and ends on the last day of one (or is open), and no group needs days or weeks.
 */
export function wholeMonths(windows: readonly TCellFilter[], axes: readonly GroupAxis[]): boolean {
  const byDay = axes.some(
    (a) => a.plan.source === 'day' && a.plan.name !== 'month' && a.plan.name !== 'quarter',
  );
  if (byDay) return false;
  return windows.every(
    (w) =>
      (!Number.isFinite(w.dayFrom) || firstDayOfMonth(w.dayFrom) === w.dayFrom) &&
      (!Number.isFinite(w.dayTo) || firstDayOfMonth(w.dayTo + 1) === w.dayTo + 1),
  );
}

/**
 * Aggregations per window and measure (`result[window][measure]`), all over the same axes and
 * from one consistent state of the data.
 */
export async function aggregateMeasures(
  services: Pick<TServices, 'storage' | 'cubes'>,
  orgId: string,
  measures: readonly TMeasurePlan[],
  windows: readonly TCellFilter[],
  axes: readonly GroupAxis[],
  filters: TResolvedFilters,
  source: TScanSource,
): Promise<TAggregation[][]> {
  const keys = [...new Set(measures.flatMap((m) => m.parts.map((p) => p.key)))];
  if (source === 'cube') {
    const byMonth = wholeMonths(windows, axes);
    return services.cubes.read(orgId, { keys }, (cube) =>
      windows.map((window) =>
        measures.map((m) =>
          aggregateCells(
            m.parts.map((p) => {
              const cells = cube.values.get(p.key);
              const chosen = cells === undefined ? EMPTY : byMonth ? cells.months : cells.days;
              return { cells: chosen, slotBySurvey: p.slotBySurvey };
            }),
            cube,
            window,
            axes,
            slotsOf(m),
          ),
        ),
      ),
    );
  }
  const dictionaries = {
    surveys: new Dictionary(),
    touchpoints: new Dictionary(),
    segments: new Dictionary(),
    channels: new Dictionary(),
  };
  const low = Math.min(...windows.map((w) => w.dayFrom));
  const high = Math.max(...windows.map((w) => w.dayTo));
  const scanFilter = {
    from: Number.isFinite(low) ? dayText(low) : null,
    to: Number.isFinite(high) ? dayText(high) : null,
    surveyIds: filters.surveyIds === null ? null : [...filters.surveyIds],
    touchpointIds: filters.touchpointIds,
    channels: filters.channels,
    languages: filters.languages,
  };
  const cellsByKey = new Map<string, TCellColumns>();
  for (const key of keys) {
    const rows = await scanAnswerCells(services.storage.db, orgId, key, scanFilter);
    const cells = new ValueCells(rows.length);
    const channel = new Int32Array(rows.length);
    for (const r of rows) {
      const i = cells.push(
        dictionaries.surveys.code(r.survey_id),
        dictionaries.touchpoints.code(r.touchpoint_id),
        dayNumber(r.day),
        dictionaries.segments.code(r.segment_key),
      );
      channel[i] = dictionaries.channels.code(r.channel);
      cells.add(i, Number(r.n), Number(r.sum ?? 0), Number(r.sum_sq ?? 0), r.hist.map(Number));
    }
    cellsByKey.set(key, {
      size: cells.size,
      survey: cells.survey,
      touchpoint: cells.touchpoint,
      segment: cells.segment,
      day: cells.day,
      channel,
      n: cells.n,
      sum: cells.sum,
      sumSq: cells.sumSq,
      hist: cells.hist,
    });
  }
  return windows.map((window) =>
    measures.map((m) =>
      aggregateCells(
        m.parts.map((p) => ({
          cells: cellsByKey.get(p.key) ?? EMPTY,
          slotBySurvey: p.slotBySurvey,
        })),
        dictionaries,
        window,
        axes,
        slotsOf(m),
      ),
    ),
  );
}
