import {
  AppError,
  type TImportFormat,
  type TImportResult,
  type TImportRowError,
} from '@touchstone/core';
import type { TRowInput } from './import-source.js';
import { RowError } from './row-errors.js';

/** At most this many row errors are listed; the rest are only counted. */
export const MAX_LISTED_ERRORS = 1000;

/** How far an import has come, reported after every batch. */
export interface TImportProgress {
  rows: number;
  created: number;
  updated: number;
  failed: number;
  /** Bytes of the file read so far (0 for records passed as objects). */
  bytes: number;
}
export type TProgressListener = (progress: TImportProgress) => void;

/** A row that passed validation, with its number for errors found while writing. */
export interface TNumbered {
  row: number;
}

/** What writing one batch did. */
export interface TBatchOutcome {
  created: number;
  updated: number;
  /** Rows already stored as they are (a file imported again), written no second time. */
  unchanged?: number;
  errors: TImportRowError[];
}

export interface TImportPlan<Row extends TNumbered> {
  format: TImportFormat;
  /** Validates one row: the row ready to write, or the field at fault and why. */
  prepare(value: unknown, row: number): Row | RowError;
  /** Stores a batch of valid rows in one transaction. */
  write(rows: Row[]): Promise<TBatchOutcome>;
  /** Rows per batch. */
  batchSize: number;
  /**
   * Rows in the first batch, when smaller: each batch then doubles until `batchSize`. A writer
   * thread starts early on a small batch, and later batches, bigger, cost less per row.
   */
  firstBatchSize?: number;
  /**
   * Batches handed to `write` before the oldest is stored (default 1). More than one only where
   * `write` stores batches strictly in the order it gets them (a single writer thread).
   */
  inFlight?: number;
  bytesRead?: () => number;
}

/** Keeps the counts and the first errors. */
class Tally {
  rows = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  failed = 0;
  readonly errors: TImportRowError[] = [];

  fail(error: TImportRowError): void {
    this.failed++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
  }

  result(format: TImportFormat): TImportResult {
    // Rows fail during validation and while writing: list them in file order.
    const errors = [...this.errors].sort((a, b) => a.row - b.row);
    return {
      format,
      rows: this.rows,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      failed: this.failed,
      errors,
      errorsTruncated: this.failed > errors.length,
    };
  }
}

/**
 * Validates rows as they stream in and writes the valid ones in batches (one transaction each);
 * invalid rows are counted and listed, never stored. Batches are written while the next ones are
 * validated: at most `plan.inFlight` are handed to `write` and not yet stored, and with the
 * default of one, a batch is handed over only once the one before it is stored.
 */
export async function runImport<Row extends TNumbered>(
  inputs: AsyncIterable<TRowInput[]> | Iterable<TRowInput[]>,
  plan: TImportPlan<Row>,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const tally = new Tally();
  let batch: Row[] = [];
  let batchSize = Math.min(plan.firstBatchSize ?? plan.batchSize, plan.batchSize);
  const depth = plan.inFlight ?? 1;
  const inFlight: Promise<void>[] = [];
  const report = () =>
    onProgress?.({
      rows: tally.rows,
      created: tally.created,
      updated: tally.updated,
      failed: tally.failed,
      bytes: plan.bytesRead?.() ?? 0,
    });
  const store = async (rows: Row[]) => {
    const outcome = await plan.write(rows);
    tally.created += outcome.created;
    tally.updated += outcome.updated;
    tally.unchanged += outcome.unchanged ?? 0;
    for (const error of outcome.errors) {
      tally.fail(error instanceof RowError ? error.toJSON() : error);
    }
    report();
  };
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length === 0) return;
    batchSize = Math.min(batchSize * 2, plan.batchSize);
    while (inFlight.length >= depth) await inFlight.shift();
    const stored = store(rows);
    // Awaited later; until then a failure must not count as unhandled.
    stored.catch(() => undefined);
    inFlight.push(stored);
  };
  try {
    for await (const batchOfInputs of inputs) {
      for (const input of batchOfInputs) {
        tally.rows++;
        if ('error' in input) {
          tally.fail({ row: input.row, ...input.error });
          continue;
        }
        const prepared = plan.prepare(input.value, input.row);
        if (prepared instanceof RowError) tally.fail(prepared.toJSON());
        else batch.push(prepared);
        if (batch.length >= batchSize) await flush();
      }
    }
    await flush();
    for (const stored of inFlight) await stored;
  } catch (error) {
    // The file or a write failed: let the batches still being written finish, then say what
    // was stored before it stopped, so that the client knows what it has. Sent again, the same
    // file stores nothing twice where its rows carry keys (customers' and interactions' external
    // ids, a response export's ids).
    await Promise.allSettled(inFlight);
    throw stoppedAfter(error, tally);
  }
  report();
  return tally.result(plan.format);
}

/** The error that stopped an import, its message saying what was stored before. */
function stoppedAfter(error: unknown, tally: Tally): unknown {
  // Refused before any row was read (an unknown column, a body too large from the start).
  if (!(error instanceof AppError) || tally.rows === 0) return error;
  const stored = tally.created + tally.updated;
  const summary =
    `the import stopped after ${tally.rows} rows read: ${tally.created} created, ` +
    `${tally.updated} updated, ${tally.unchanged} already stored and ${tally.failed} failed ` +
    'were kept; rows with keys (external ids, response ids) are not stored twice if the file ' +
    'is sent again';
  return new AppError(error.code, `${error.message}; ${summary}`, [
    ...(error.details ?? []),
    { field: 'import.stored', message: String(stored) },
    { field: 'import.rows', message: String(tally.rows) },
  ]);
}
