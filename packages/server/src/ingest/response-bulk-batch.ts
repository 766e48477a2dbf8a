/**
 * One batch of a bulk response load (a response import, the demo) written to SQLite in one
 * immediate transaction: the response rows, then the rollup changes the batch carries. The
 * writer thread (`storage/sqlite-batch-worker.ts`) runs it on its own connection, and the bulk
 * writer calls it itself for an in-memory database; the SQL texts come from the server's thread
 * (`BATCH_SQL` in `bulk-response-writer.ts`).
 *
 * A row that breaks a constraint (an idempotency key stored already, a customer erased since it
 * was looked up) fails alone, but it fails the batch's transaction: the batch rolls back and the
 * answer names every such row, so the caller can write the others again with rollup changes
 * that leave those rows out. A batch commits whole or not at all.
 */
import type SqliteDatabase from 'better-sqlite3';
import { addStoredMoments } from '../analytics/moments.js';
import { crossProductRow, type TCrossCellColumns } from './rollup-row.js';

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
  /** Writes one cross-product cell whole: its `crossProductRow`. */
  writeCross: string;
  /** Appends one domain event: id, organization, type, subject, payload, tx_end, created_at. */
  insertEvent: string;
}

/** One cross-product cell's delta: its columns after the organization, then its moments. */
export type TPackedCrossCell = [...TCrossCellColumns, moments: number[]];

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

/**
 * The batch's domain event, one per organization: `responses.imported`, naming the rows the
 * batch stores (their ids, read from the batch's id column) and the organization's rollup
 * version after it; appended in the batch's transaction, so it exists exactly when they do.
 */
export interface TPackedBatchEvent {
  id: string;
  organizationId: string;
}

export interface TPackedResponseBatch {
  rows: TPackedResponseRows;
  rollups: TPackedRollups;
  events: TPackedBatchEvent[];
  /** When the batch was written (the events' time). */
  at: string;
}

/** A row the database refused: its place in the batch and the error's code and message. */
export interface TRefusedRow {
  index: number;
  code: string | null;
  message: string;
}

/** `failed`: the batch rolled back because of these rows; else the bumped rollup versions. */
export type TPackedBatchReply = { failed: TRefusedRow[] } | { versions: Record<string, number> };

type TStatement = SqliteDatabase.Statement<unknown[]>;

/** Cross-product cells read per statement. */
const CROSS_READ_CHUNK = 400;

/** Insert statements kept prepared, one per batch shape (which columns are literals). */
const INSERT_CACHE = 8;

/**
 * A value as SQL literal text, or null where it must be bound instead: NULL, a safe integer, or
 * a string without NUL characters, quoted with its quotes doubled (SQLite's only escape).
 */
export function sqlLiteral(value: TValue): string | null {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (!value.includes('\0')) return `'${value.replaceAll("'", "''")}'`;
  return null;
}

/** The error of a refused row, as the batch's answer names it. */
function refusal(index: number, error: unknown): TRefusedRow {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return {
    index,
    code: typeof code === 'string' ? code : null,
    message: typeof message === 'string' ? message : String(error),
  };
}

type TRowRunner = (
  statement: TStatement,
  columns: TValue[][],
  count: number,
  failed: TRefusedRow[],
  refuse: typeof refusal,
) => void;

/** Row runners by the number of bound columns (see `rowRunner`). */
const runners = new Map<number, TRowRunner>();

/**
 * A function that runs `statement` once per row with the row's values of the bound columns as
 * separate arguments, each row in its own try: better-sqlite3 binds arguments faster than the
 * same values in an array, and the writer thread binds every row. Built once per column
 * count; the generated code holds no data, only `columns[k][i]` reads.
 */
function rowRunner(width: number): TRowRunner {
  let run = runners.get(width);
  if (run === undefined) {
    const names = Array.from({ length: width }, (_, k) => `c${k}`);
    const values = names.map((name) => `${name}[i]`).join(', ');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code of our own, no data
    run = new Function(
      'statement',
      'columns',
      'count',
      'failed',
      'refusal',
      `const [${names.join(', ')}] = columns;
      for (let i = 0; i < count; i++) {
        try {
          statement.run(${values});
        } catch (error) {
          failed.push(refusal(i, error));
        }
      }`,
    ) as TRowRunner;
    runners.set(width, run);
  }
  return run;
}

type TPackedRunner = (statement: TStatement, packed: TValue[]) => void;

/** Packed-row runners by row width (see `packedRunner`). */
const packedRunners = new Map<number, TPackedRunner>();

/**
 * A function that runs `statement` once per row of `width` values laid end to end in one array
 * (`packed[at + k]`), each row's values as arguments, as `rowRunner` does for response rows.
 */
function packedRunner(width: number): TPackedRunner {
  let run = packedRunners.get(width);
  if (run === undefined) {
    const values = Array.from({ length: width }, (_, k) => `packed[at + ${k}]`).join(', ');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code of our own, no data
    run = new Function(
      'statement',
      'packed',
      `for (let at = 0; at < packed.length; at += ${width}) statement.run(${values});`,
    ) as TPackedRunner;
    packedRunners.set(width, run);
  }
  return run;
}

/** Thrown inside the transaction to roll it back when rows failed. */
class RowsRefused extends Error {
  constructor(readonly failed: TRefusedRow[]) {
    super(`${failed.length} rows refused`);
  }
}

/**
 * Prepares the statements on `db` and returns the function that writes a batch: `{ rows,
 * rollups }`, the rows by column (see `TPackedResponseRows`). It answers `{ failed }` (the batch
 * rolled back) or `{ versions }`.
 */
export function responseBatchWriter(
  db: SqliteDatabase.Database,
  sql: TBulkBatchSql,
): (batch: TPackedResponseBatch) => TPackedBatchReply {
  const inserts = new Map<string, TStatement>();
  const bumpVersion = db.prepare<[string], number>(sql.bumpVersion).pluck();
  const upsertValue = db.prepare<unknown[]>(sql.upsertValue);
  const readCross = db.prepare<[string, string], [string, string]>(sql.readCross).raw(true);
  const writeCross = db.prepare<unknown[]>(sql.writeCross);
  const insertEvent = db.prepare<unknown[]>(sql.insertEvent);
  const idAt = sql.responseColumns.indexOf('id');

  const organizationAt = sql.responseColumns.indexOf('organization_id');
  /** Organization numbers by the literal text of their id. */
  const seqs = new Map<string, number>();

  /**
   * The SQL that gives a batch's `organization_seq`: the number itself where the organization is
   * a literal (looked up once), else a lookup of the row's organization, bound once more.
   */
  const organizationSeqFor = (columns: TPackedResponseRows['columns']): string => {
    const organization = columns[organizationAt];
    if (organization === undefined || Array.isArray(organization)) return sql.organizationSeq;
    let seq = seqs.get(organization.sql);
    if (seq === undefined) {
      // The lookup with the literal id in place of its one parameter.
      const lookup = sql.organizationSeq.replace('?', organization.sql);
      seq = db.prepare<[], number | null>(`SELECT ${lookup}`).pluck().get() ?? undefined;
      // An unknown organization: 0 is no number, and the rows fail on its foreign key.
      if (seq === undefined) return '0';
      seqs.set(organization.sql, seq);
    }
    return String(seq);
  };

  /**
   * The INSERT for a batch's shape: a column every row gives the same value is written in the
   * statement as its literal, so that only the columns that vary are bound row by row (binding
   * is a large part of SQLite's time per row). The organization's number comes last.
   */
  const insertFor = (columns: TPackedResponseRows['columns']): TStatement => {
    const values = columns.map((column) => (Array.isArray(column) ? '?' : column.sql));
    values.push(organizationSeqFor(columns));
    const key = values.join(',');
    let statement = inserts.get(key);
    if (statement === undefined) {
      const names = sql.responseColumns.join(', ');
      statement = db.prepare(`INSERT INTO responses (${names}, organization_seq) VALUES (${key})`);
      const oldest = inserts.keys().next();
      if (inserts.size >= INSERT_CACHE && oldest.done !== true) inserts.delete(oldest.value);
      inserts.set(key, statement);
    }
    return statement;
  };

  /** Adds an organization's cross-product deltas to the stored cells (read, add, write back). */
  const addCross = (organizationId: string, cells: TPackedCrossCell[]): void => {
    for (let start = 0; start < cells.length; start += CROSS_READ_CHUNK) {
      const chunk = cells.slice(start, start + CROSS_READ_CHUNK);
      const stored = new Map(
        readCross.all(organizationId, JSON.stringify(chunk.map((cell) => cell[0]))),
      );
      for (const cell of chunk) {
        const moments = addStoredMoments(cell[6], stored.get(cell[0]));
        const columns: TCrossCellColumns = [cell[0], cell[1], cell[2], cell[3], cell[4], cell[5]];
        writeCross.run(...crossProductRow(organizationId, columns, moments));
      }
    }
  };

  /** Appends the batch's events, each naming its organization's rows. */
  const appendEvents = (batch: TPackedResponseBatch, versions: Record<string, number>): void => {
    const ids = batch.rows.columns[idAt];
    const organizations = batch.rows.columns[organizationAt];
    if (!Array.isArray(ids)) throw new Error('a bulk batch binds its ids');
    batch.events.forEach((event, n) => {
      const own = Array.isArray(organizations)
        ? ids.filter((_, i) => organizations[i] === event.organizationId)
        : ids;
      const payload = JSON.stringify({
        ids: own,
        rollupVersion: versions[event.organizationId] ?? null,
      });
      const last = n === batch.events.length - 1 ? 1 : 0;
      const subject = own[0] ?? '';
      insertEvent.run(
        event.id,
        event.organizationId,
        'responses.imported',
        subject,
        payload,
        last,
        batch.at,
      );
    });
  };

  const write = db.transaction((batch: TPackedResponseBatch) => {
    const { rows, rollups } = batch;
    const insert = insertFor(rows.columns);
    const bound = rows.columns.filter((column) => Array.isArray(column));
    // Rows of several organizations look their number up by the organization, bound again.
    const organization = rows.columns[organizationAt];
    if (Array.isArray(organization)) bound.push(organization);
    // A constraint fails the statement only; the transaction goes on to find the others.
    const failed: TRefusedRow[] = [];
    rowRunner(bound.length)(insert, bound, rows.count, failed, refusal);
    if (failed.length > 0) throw new RowsRefused(failed);
    const versions: Record<string, number> = {};
    for (const organizationId of rollups.organizationIds) {
      versions[organizationId] = Number(bumpVersion.get(organizationId));
    }
    packedRunner(rollups.valueWidth)(upsertValue, rollups.values);
    for (const { organizationId, cells } of rollups.cross) addCross(organizationId, cells);
    appendEvents(batch, versions);
    return { versions };
  });

  return (batch) => {
    try {
      return write.immediate(batch);
    } catch (error) {
      if (error instanceof RowsRefused) return { failed: error.failed };
      throw error;
    }
  };
}
