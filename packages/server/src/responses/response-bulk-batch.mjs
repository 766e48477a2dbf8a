/**
 * One batch of a bulk response load (a response import, the demo) written to SQLite in one
 * immediate transaction: the response rows, then the rollup changes the batch carries. Plain
 * JavaScript on purpose: the writer thread (`storage/sqlite-batch-worker.mjs`) loads it without a
 * TypeScript loader, and the bulk writer calls it itself for an in-memory database. Types are in
 * `response-bulk-batch.d.mts`; the SQL texts come from the TypeScript side
 * (`BATCH_SQL` in `bulk-response-writer.ts`).
 *
 * A row that breaks a constraint (an idempotency key stored already, a customer erased since it
 * was looked up) fails alone, but it fails the batch's transaction: the batch rolls back and the
 * answer names every such row, so the caller can write the others again with rollup changes
 * that leave those rows out. A batch commits whole or not at all.
 */

import { addStoredMoments } from '../analytics/moments.mjs';

/** Cross-product cells read per statement. */
const CROSS_READ_CHUNK = 400;

/** Insert statements kept prepared, one per batch shape (which columns are literals). */
const INSERT_CACHE = 8;

/**
 * A value as SQL literal text, or null where it must be bound instead: NULL, a safe integer, or
 * a string without NUL characters, quoted with its quotes doubled (SQLite's only escape).
 */
export function sqlLiteral(value) {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value === 'string' && !value.includes('\0')) return `'${value.replaceAll("'", "''")}'`;
  return null;
}

/** The error of a refused row, as the batch's answer names it. */
function refusal(index, error) {
  return { index, code: error?.code ?? null, message: error?.message ?? String(error) };
}

/** Row runners by the number of bound columns (see `rowRunner`). */
const runners = new Map();

/**
 * A function that runs `statement` once per row with the row's values of the bound columns as
 * separate arguments, each row in its own try: better-sqlite3 binds arguments about 0.3 µs a row
 * faster than the same values in an array, a few percent of a bulk load's writer thread. Built
 * once per column count; the generated code holds no data, only `columns[k][i]` reads.
 */
function rowRunner(width) {
  let run = runners.get(width);
  if (run === undefined) {
    const names = Array.from({ length: width }, (_, k) => `c${k}`);
    const values = names.map((name) => `${name}[i]`).join(', ');
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
    );
    runners.set(width, run);
  }
  return run;
}

/** Packed-row runners by row width (see `packedRunner`). */
const packedRunners = new Map();

/**
 * A function that runs `statement` once per row of `width` values laid end to end in one array
 * (`packed[at + k]`), each row's values as arguments, as `rowRunner` does for response rows.
 */
function packedRunner(width) {
  let run = packedRunners.get(width);
  if (run === undefined) {
    const values = Array.from({ length: width }, (_, k) => `packed[at + ${k}]`).join(', ');
    run = new Function(
      'statement',
      'packed',
      `for (let at = 0; at < packed.length; at += ${width}) statement.run(${values});`,
    );
    packedRunners.set(width, run);
  }
  return run;
}

/** Thrown inside the transaction to roll it back when rows failed. */
class RowsRefused extends Error {
  constructor(failed) {
    super(`${failed.length} rows refused`);
    this.failed = failed;
  }
}

/**
 * Prepares the statements on `db` (a better-sqlite3 handle) and returns the function that
 * writes a batch: `{ rows, rollups }`, the rows by column (see `TPackedResponseRows`). It answers
 * `{ failed }` (the batch rolled back) or `{ versions }`.
 */
export function responseBatchWriter(db, sql) {
  const inserts = new Map();
  const bumpVersion = db.prepare(sql.bumpVersion).pluck();
  const upsertValue = db.prepare(sql.upsertValue);
  const readCross = db.prepare(sql.readCross).raw(true);
  const writeCross = db.prepare(sql.writeCross);

  const organizationAt = sql.responseColumns.indexOf('organization_id');
  /** Organization numbers by the literal text of their id. */
  const seqs = new Map();

  /**
   * The SQL that gives a batch's `organization_seq`: the number itself where the organization is
   * a literal (looked up once), else a lookup of the row's organization, bound once more.
   */
  const organizationSeqFor = (columns) => {
    const organization = columns[organizationAt];
    if (Array.isArray(organization)) return sql.organizationSeq;
    let seq = seqs.get(organization.sql);
    if (seq === undefined) {
      // The lookup with the literal id in place of its one parameter.
      const lookup = sql.organizationSeq.replace('?', organization.sql);
      seq = db.prepare(`SELECT ${lookup}`).pluck().get();
      // An unknown organization: 0 is no number, and the rows fail on its foreign key.
      if (seq === undefined || seq === null) return '0';
      seqs.set(organization.sql, seq);
    }
    return String(seq);
  };

  /**
   * The INSERT for a batch's shape: a column every row gives the same value is written in the
   * statement as its literal, so that only the columns that vary are bound row by row (binding
   * is about a third of SQLite's time per row). The organization's number comes last.
   */
  const insertFor = (columns) => {
    const values = columns.map((column) => (Array.isArray(column) ? '?' : column.sql));
    values.push(organizationSeqFor(columns));
    const key = values.join(',');
    let statement = inserts.get(key);
    if (statement === undefined) {
      const names = sql.responseColumns.join(', ');
      statement = db.prepare(`INSERT INTO responses (${names}, organization_seq) VALUES (${key})`);
      if (inserts.size >= INSERT_CACHE) inserts.delete(inserts.keys().next().value);
      inserts.set(key, statement);
    }
    return statement;
  };

  /** Runs `statement` once per packed row of `width` values (each row's values as arguments). */
  const runPacked = (statement, width, packed) => packedRunner(width)(statement, packed);

  /** Adds an organization's cross-product deltas to the stored cells (read, add, write back). */
  const addCross = (organizationId, cells) => {
    for (let start = 0; start < cells.length; start += CROSS_READ_CHUNK) {
      const chunk = cells.slice(start, start + CROSS_READ_CHUNK);
      const stored = new Map(
        readCross.all(organizationId, JSON.stringify(chunk.map((cell) => cell[0]))),
      );
      for (const [cellId, surveyId, touchpointId, month, segmentKey, variables, deltas] of chunk) {
        const moments = addStoredMoments(deltas, stored.get(cellId));
        const n = moments[0] ?? 0;
        writeCross.run(
          organizationId,
          cellId,
          surveyId,
          touchpointId,
          month,
          segmentKey,
          variables,
          n,
          JSON.stringify(moments),
        );
      }
    }
  };

  const write = db.transaction((batch) => {
    const { rows, rollups } = batch;
    const insert = insertFor(rows.columns);
    const bound = rows.columns.filter((column) => Array.isArray(column));
    // Rows of several organizations look their number up by the organization, bound again.
    const organization = rows.columns[organizationAt];
    if (Array.isArray(organization)) bound.push(organization);
    // A constraint fails the statement only; the transaction goes on to find the others.
    const failed = [];
    rowRunner(bound.length)(insert, bound, rows.count, failed, refusal);
    if (failed.length > 0) throw new RowsRefused(failed);
    const versions = {};
    for (const organizationId of rollups.organizationIds) {
      versions[organizationId] = Number(bumpVersion.get(organizationId));
    }
    runPacked(upsertValue, rollups.valueWidth, rollups.values);
    for (const { organizationId, cells } of rollups.cross) addCross(organizationId, cells);
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
