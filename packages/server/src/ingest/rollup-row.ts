/**
 * The rows of the rollup tables, spelled once for every writer: the response writer's upserts,
 * the bulk writer's packed batches and its thread, the SQL rebuild and the scorecard bench's
 * generator. A column added to a table's type and not here fails the type check.
 */
import type { TUpsertSpec } from './stored-response.js';
import type { TRollupCrossProductsTable, TRollupValuesTable } from '../storage/schema.js';
import { HISTOGRAM_BINS, compareCodeUnits } from '../analytics/rollup-deltas.js';
import type { TCrossDelta, TValueDelta } from '../analytics/rollup-deltas.js';

/** The primary key of `rollup_values`, in its order. */
export const VALUE_KEY_COLUMNS = [
  'organization_id',
  'question_key',
  'survey_id',
  'touchpoint_id',
  'day',
  'segment_key',
] as const;

type THistogramColumn = `h${number}` & keyof TRollupValuesTable;

/** `h0..h10`: the count of each integer score, by score. */
export const HISTOGRAM_COLUMNS = Array.from(
  { length: HISTOGRAM_BINS },
  (_, bin) => `h${bin}` as THistogramColumn,
);

/** The sums of a value cell: n, sum, sum of squares, then the histogram. */
export const VALUE_SUM_COLUMNS = ['n', 'sum', 'sum_sq', ...HISTOGRAM_COLUMNS] as const;

/** A `rollup_values` row's columns: the key, then the sums. */
export const VALUE_COLUMNS = [...VALUE_KEY_COLUMNS, ...VALUE_SUM_COLUMNS] as const;

/** Value deltas add to the stored cell. */
export const VALUE_UPSERT: TUpsertSpec = {
  key: VALUE_KEY_COLUMNS,
  merge: Object.fromEntries(VALUE_SUM_COLUMNS.map((c) => [c, 'add' as const])),
};

/** Appends a value delta as a `rollup_values` row, in `VALUE_COLUMNS` order. */
export function appendValueRow(out: (string | number)[], d: TValueDelta): void {
  out.push(d.organizationId, d.questionKey, d.surveyId, d.touchpointId, d.day, d.segmentKey);
  out.push(d.n, d.sum, d.sumSq);
  for (let i = 0; i < HISTOGRAM_BINS; i++) out.push(d.hist[i] ?? 0);
}

/** A value delta as a `rollup_values` row (see `appendValueRow`). */
export function rollupValueRow(d: TValueDelta): (string | number)[] {
  const row: (string | number)[] = [];
  appendValueRow(row, d);
  return row;
}

/** Value cells in the order of the table's primary key (`VALUE_KEY_COLUMNS`). */
export function compareValueKeys(a: TValueDelta, b: TValueDelta): number {
  return (
    compareCodeUnits(a.organizationId, b.organizationId) ||
    compareCodeUnits(a.questionKey, b.questionKey) ||
    compareCodeUnits(a.surveyId, b.surveyId) ||
    compareCodeUnits(a.touchpointId, b.touchpointId) ||
    compareCodeUnits(a.day, b.day) ||
    compareCodeUnits(a.segmentKey, b.segmentKey)
  );
}

/** A `rollup_cross_products` row's columns, in the order of `crossProductRow`. */
export const CROSS_COLUMNS = [
  'organization_id',
  'cell_id',
  'survey_id',
  'touchpoint_id',
  'month',
  'segment_key',
  'variables',
  'n',
  'moments_json',
] as const;

/** A cross-product cell is written whole: its moments were added to the stored ones already. */
export const CROSS_UPSERT: TUpsertSpec = {
  key: ['organization_id', 'cell_id'],
  merge: { n: 'replace', moments_json: 'replace' },
};

/** A cross-product cell's key and description after the organization, in `CROSS_COLUMNS` order. */
export type TCrossCellColumns = [
  cellId: string,
  surveyId: string,
  touchpointId: string,
  month: string,
  segmentKey: string,
  variables: string,
];

/** The key and description columns of a cross-product delta (see `TCrossCellColumns`). */
export function crossCellColumns(d: TCrossDelta): TCrossCellColumns {
  return [d.cellId, d.surveyId, d.touchpointId, d.month, d.segmentKey, d.variables.join(',')];
}

/** A `rollup_cross_products` row in `CROSS_COLUMNS` order, from a cell and its moments. */
export type TCrossProductRow = [organizationId: string, ...TCrossCellColumns, number, string];

/** The row of a cross-product cell holding `moments` (entry 0 is n). */
export function crossProductRow(
  organizationId: string,
  cell: Readonly<TCrossCellColumns>,
  moments: readonly number[],
): TCrossProductRow {
  return [organizationId, ...cell, moments[0] ?? 0, JSON.stringify(moments)];
}

/** `crossProductRow` as an object keyed by column (for Kysely). */
export function crossProductRecord(row: Readonly<TCrossProductRow>): TRollupCrossProductsTable {
  const [
    organization_id,
    cell_id,
    survey_id,
    touchpoint_id,
    month,
    segment_key,
    variables,
    n,
    moments_json,
  ] = row;
  return {
    organization_id,
    cell_id,
    survey_id,
    touchpoint_id,
    month,
    segment_key,
    variables,
    n,
    moments_json,
  };
}

type TNone<T extends never> = T;

/** Compiles only while the lists above name every column of both tables. */
export type TRollupColumnsListed = [
  TNone<Exclude<keyof TRollupValuesTable, (typeof VALUE_COLUMNS)[number]>>,
  TNone<Exclude<keyof TRollupCrossProductsTable, (typeof CROSS_COLUMNS)[number]>>,
];
