import type SqliteDatabase from 'better-sqlite3';

/** A SQL parameter as both drivers bind it. */
type TValue = string | number | null;

/** The statements a batch writer prepares (`BATCH_SQL` in `bulk-response-writer.ts`). */
export interface TBulkBatchSql {
  /** The `responses` columns a batch's rows give, in `TPackedResponseRows.columns`' order. */
  responseColumns: readonly string[];
  /** The organization's number from its id, its one parameter, for `organization_seq`. */
  organizationSeq: string;
  /** Adds one value cell's delta to `rollup_values` (the row's columns in table order). */
  upsertValue: string;
  /** Bumps an organization's rollup version (`?` = organization id) and returns the new one. */
  bumpVersion: string;
  /** `cell_id, moments_json` of cross-product cells: `?` = organization id, JSON array of ids. */
  readCross: string;
  /**
   * Writes one cross-product cell whole: organization_id, cell_id, survey_id, touchpoint_id,
   * month, segment_key, variables, n, moments_json.
   */
  writeCross: string;
}

/** One cross-product cell's delta: id, survey, touchpoint, month, segment, variables, moments. */
export type TPackedCrossCell = [
  cellId: string,
  surveyId: string,
  touchpointId: string,
  month: string,
  segmentKey: string,
  variables: string,
  moments: number[],
];

/** The rollup changes a batch commits with its rows. */
export interface TPackedRollups {
  /** Organizations whose rollup version the batch bumps (sorted). */
  organizationIds: string[];
  /** Values per value cell: `rollup_values`' columns, key first, then the sums. */
  valueWidth: number;
  /** The value cells' deltas, `valueWidth` values after another in `upsertValue`'s order. */
  values: TValue[];
  cross: { organizationId: string; cells: TPackedCrossCell[] }[];
}

/**
 * A batch's rows by column, in `responseColumns`' order: the column's values, one per row, or,
 * where every row has the same value, that value once as SQL literal text (see `sqlLiteral`).
 */
export interface TPackedResponseRows {
  count: number;
  columns: (TValue[] | { sql: string })[];
}

export interface TPackedResponseBatch {
  rows: TPackedResponseRows;
  rollups: TPackedRollups;
}

/** A row the database refused: its place in the batch and the error's code and message. */
export interface TRefusedRow {
  index: number;
  code: string | null;
  message: string;
}

/** `failed`: the batch rolled back because of these rows; else the bumped rollup versions. */
export type TPackedBatchReply = { failed: TRefusedRow[] } | { versions: Record<string, number> };

/** `value` as SQL literal text, or null where it has to be bound (see the module). */
export function sqlLiteral(value: TValue): string | null;

export function responseBatchWriter(
  db: SqliteDatabase.Database,
  sql: TBulkBatchSql,
): (batch: TPackedResponseBatch) => TPackedBatchReply;
