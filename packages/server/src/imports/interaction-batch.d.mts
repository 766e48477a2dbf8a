import type SqliteDatabase from 'better-sqlite3';

/** The fields of a packed row, in order: `PACKED_FIELDS.length` values per row. */
export const PACKED_FIELDS: readonly string[];

/** The columns a re-imported interaction (same external id) replaces. */
export const REPLACED_COLUMNS: readonly (
  | 'customer_id'
  | 'touchpoint_id'
  | 'occurred_at'
  | 'type'
  | 'amount'
  | 'currency'
  | 'attributes_json'
)[];

/** A batch: the creation time of its rows, and the rows packed one after another. */
export interface TPackedBatch {
  now: string;
  rows: (string | number | null)[];
}

export interface TPackedOutcome {
  created: number;
  updated: number;
  errors: { row: number; field: string; reason: string }[];
}

export function interactionBatchWriter(
  db: SqliteDatabase.Database,
  orgId: string,
): (batch: TPackedBatch) => TPackedOutcome;
