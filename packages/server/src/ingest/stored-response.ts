/**
 * The contract between the response writer and whoever must see its batches in the same
 * transaction (analytics rollups): what a stored response looks like and what a listener may do.
 */
import type { TAnswers, TAttributes, TQuestionType, TResponse } from '@touchstone/core';
import type { TDb, TDialectName } from '../storage/database.js';

/** One numeric answer as stored in `response_values` (a matrix item is `question.item`). */
export interface TStoredValue {
  questionKey: string;
  /** The raw value as answered (reverse coding is applied by analyses, not here). */
  value: number;
  type: TQuestionType;
  /** The dimension tag, e.g. `servqual:reliability`, or null. */
  dimension: string | null;
  reverse: boolean;
  /** The scale's ends, null for open numbers. */
  scaleMin: number | null;
  scaleMax: number | null;
}

/** A response as the writer stores it: the `responses` row and its numeric values. */
export interface TStoredResponse {
  id: string;
  organizationId: string;
  surveyId: string;
  surveyVersion: number;
  touchpointId: string | null;
  customerId: string | null;
  interactionId: string | null;
  channel: TResponse['channel'];
  language: string;
  status: 'partial' | 'complete';
  answers: TAnswers;
  hidden: Record<string, string>;
  /** The customer's segment attributes when they answered (enum and boolean keys). */
  segment: TAttributes;
  /** Canonical `key=value;...` of `segment`: the rollups' segment dimension. */
  segmentKey: string;
  idempotencyKey: string | null;
  /** SHA-256 of the resume token of a response saved part-way (null when none was issued). */
  resumeTokenHash: string | null;
  startedAt: string;
  submittedAt: string | null;
  /** UTC day of `submittedAt` (of `startedAt` while partial), `YYYY-MM-DD`. */
  day: string;
  updatedAt: string;
  /**
   * The numeric answers. Stored in `response_values` only once the response is complete, so that
   * analyses see complete responses only; empty while partial.
   */
  values: TStoredValue[];
  /**
   * `created`: this write inserted the row; `updated`: it continued a partial response (which
   * may now be complete). A complete response never changes again, so each response reaches a
   * listener with status `complete` exactly once.
   */
  change: 'created' | 'updated';
}

/** A parameter of an upsert: what both drivers bind without conversion. */
export type TSqlValue = string | number | null;
/** A parameter of {@link TWriteTx.query}: arrays only on PostgreSQL (`= ANY(?)`). */
export type TQueryParam = TSqlValue | readonly string[];

/** How an upsert treats a row whose key already exists. */
export interface TUpsertSpec {
  /** Columns of a primary key or unique index: the rows' identity. */
  key: readonly string[];
  /**
   * Per non-key column: `add` to the stored value (counts, sums, sums of squares), keep the
   * `min` or `max`, or `replace` it. Columns not named keep their stored value on conflict.
   */
  merge: Readonly<Record<string, 'add' | 'min' | 'max' | 'replace'>>;
}

/**
 * The open write transaction of one batch, the same shape on both databases.
 *
 * - `upsert` is the fast, dialect-neutral path for rollups: rows with the same key within one
 *   call are merged in memory first (so PostgreSQL never sees a key twice in one statement), then
 *   written as multi-row `INSERT ... ON CONFLICT (key) DO UPDATE` statements (prepared once per
 *   shape on SQLite). Table and column names must be plain identifiers (`[a-z_][a-z0-9_]*`).
 * - `db` is Kysely bound to the same transaction, for anything else (reads included). On SQLite
 *   it is the writer's connection: never use `storage.db` inside a listener there, it would wait
 *   for the connection the writer holds.
 *
 * Everything done through either commits or rolls back with the batch's responses.
 */
export interface TWriteTx {
  readonly dialect: TDialectName;
  readonly db: TDb;
  /** The rollup versions this transaction bumped, by organization (its events carry them). */
  readonly rollupVersions: Map<string, number>;
  upsert(
    table: string,
    rows: readonly Record<string, TSqlValue>[],
    spec: TUpsertSpec,
  ): Promise<void>;
  /**
   * `upsert` for rows the caller knows to be unique by key (summed deltas, one per cell), given
   * as arrays in `columns` order: no merge and no object per row, which bulk loads writing
   * millions of rollup cells feel.
   */
  upsertUnique(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly TSqlValue[])[],
    spec: TUpsertSpec,
  ): Promise<void>;
  /**
   * Runs one statement written with `?` placeholders and returns its rows: prepared once per
   * SQL text on SQLite, where building a Kysely query per batch cost more than running it.
   */
  query<T>(sql: string, params: readonly TQueryParam[]): Promise<T[]>;
}

/**
 * Sees every batch of stored responses inside the batch's transaction, after its rows are
 * written and before COMMIT. A listener that throws fails the whole batch (every submitter gets
 * an error and nothing is stored), so keep it to writes that cannot fail on valid data.
 * Listeners that aggregate should add the `values` of responses whose status is `complete`.
 */
export interface TResponseBatchListener {
  /** A name for logs and errors. */
  readonly name: string;
  apply(batch: readonly TStoredResponse[], tx: TWriteTx): void | Promise<void>;
}
