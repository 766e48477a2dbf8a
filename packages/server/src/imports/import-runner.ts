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
  /** Rows numbered up to this were done by an earlier request of the same import: passed over. */
  skipThrough?: number;
  /**
   * Told, in file order, what the rows up to each stored batch came to (those stored, unchanged
   * and failed since the last call); awaited before the next batch is reported.
   */
  onStored?: (done: TRowsDone) => Promise<void>;
}

/** What the rows of a part of a file came to; `throughRow` is the part's last row. */
export interface TRowsDone {
  throughRow: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: TImportRowError[];
}

/** What an import request did, before the import's id is added. */
export type TImportOutcome = Omit<TImportResult, 'importId'>;

/** The rows read since the last batch was handed over, and those of them that failed. */
interface TWindow {
  throughRow: number;
  rows: number;
  failed: number;
  errors: TImportRowError[];
}

/** Keeps the counts and the first errors. */
class Tally {
  rows = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  failed = 0;
  readonly errors: TImportRowError[] = [];

  fail(error: TImportRowError): void {
    this.failed++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
  }

  result(format: TImportFormat): TImportOutcome {
    // Rows fail during validation and while writing: list them in file order.
    const errors = [...this.errors].sort((a, b) => a.row - b.row);
    return {
      format,
      rows: this.rows,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
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
): Promise<TImportOutcome> {
  const tally = new Tally();
  let batch: Row[] = [];
  let batchSize = Math.min(plan.firstBatchSize ?? plan.batchSize, plan.batchSize);
  const depth = plan.inFlight ?? 1;
  const skipThrough = plan.skipThrough ?? 0;
  const inFlight: Promise<void>[] = [];
  // The rows read since the last batch was handed over, reported with that batch once stored.
  let window: TWindow = { throughRow: 0, rows: 0, failed: 0, errors: [] };
  // The last batch handed over: the next one is reported only after it, so in file order.
  let previous: Promise<void> = Promise.resolve();
  const report = () =>
    onProgress?.({
      rows: tally.rows,
      created: tally.created,
      updated: tally.updated,
      failed: tally.failed,
      bytes: plan.bytesRead?.() ?? 0,
    });
  const fail = (error: TImportRowError) => {
    tally.fail(error);
    window.failed++;
    if (window.errors.length < MAX_LISTED_ERRORS) window.errors.push(error);
  };
  const store = async (rows: Row[], read: TWindow, before: Promise<void>) => {
    const outcome = rows.length === 0 ? EMPTY_OUTCOME : await plan.write(rows);
    await before;
    tally.created += outcome.created;
    tally.updated += outcome.updated;
    tally.unchanged += outcome.unchanged ?? 0;
    const errors = outcome.errors.map((e) => (e instanceof RowError ? e.toJSON() : e));
    for (const error of errors) tally.fail(error);
    report();
    await plan.onStored?.({
      throughRow: read.throughRow,
      rows: read.rows,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged ?? 0,
      failed: read.failed + errors.length,
      errors: [...read.errors, ...errors].sort((a, b) => a.row - b.row),
    });
  };
  const flush = async () => {
    const rows = batch;
    const read = window;
    batch = [];
    window = { throughRow: read.throughRow, rows: 0, failed: 0, errors: [] };
    if (read.rows === 0) return;
    if (rows.length > 0) batchSize = Math.min(batchSize * 2, plan.batchSize);
    while (inFlight.length >= depth) await inFlight.shift();
    const stored = store(rows, read, previous);
    // Awaited later; until then a failure must not count as unhandled.
    stored.catch(() => undefined);
    previous = stored;
    inFlight.push(stored);
  };
  let sliceStart = performance.now();
  try {
    for await (const batchOfInputs of inputs) {
      for (const input of batchOfInputs) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
        tally.rows++;
        if (input.row <= skipThrough) {
          tally.skipped++;
          continue;
        }
        window.rows++;
        window.throughRow = input.row;
        if ('error' in input) {
          fail({ row: input.row, ...input.error });
          continue;
        }
        const prepared = plan.prepare(input.value, input.row);
        if (prepared instanceof RowError) fail(prepared.toJSON());
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
    // ids, a response export's ids, or the import's own row keys when resumed by its id).
    await Promise.allSettled(inFlight);
    throw stoppedAfter(error, tally);
  }
  report();
  return tally.result(plan.format);
}

/**
 * Longest stretch, in ms, that an import validates rows without letting the event loop run. A
 * file already in memory would otherwise be validated whole in one go, and every request to the
 * server would wait for it.
 */
const SLICE_MS = 10;

/** Resolves after the event loop has run the I/O that waited (setImmediate, not a microtask). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const EMPTY_OUTCOME: TBatchOutcome = { created: 0, updated: 0, unchanged: 0, errors: [] };

/** The error that stopped an import, its message saying what was stored before. */
function stoppedAfter(error: unknown, tally: Tally): unknown {
  // Refused before any row was read (an unknown column, a body too large from the start).
  if (!(error instanceof AppError) || tally.rows === 0) return error;
  const stored = tally.created + tally.updated;
  const summary =
    `the import stopped after ${tally.rows} rows read: ${tally.created} created, ` +
    `${tally.updated} updated, ${tally.unchanged} already stored and ${tally.failed} failed ` +
    'were kept';
  return new AppError(error.code, `${error.message}; ${summary}`, [
    ...(error.details ?? []),
    { field: 'import.stored', message: String(stored) },
    { field: 'import.rows', message: String(tally.rows) },
  ]);
}
