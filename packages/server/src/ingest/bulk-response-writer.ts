import { newId } from '@touchstone/core';
import type SqliteDatabase from 'better-sqlite3';
import { RollupDeltaBuilder, type TRollupDeltas } from '../analytics/rollup-deltas.js';
import { packRollupDeltas, ROLLUP_BATCH_SQL, rollupResponseOf } from './rollup-writes.js';
import { IMPORT_AUTOCHECKPOINT } from '../imports/sqlite-import-tuning.js';
import { INSERT_EVENT } from '../events/events.repository.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { sqliteBatchThread, type TSqliteBatchThread } from '../storage/sqlite-batch-thread.js';
import {
  responseBatchWriter,
  type TBulkBatchSql,
  type TPackedBatchReply,
  type TPackedResponseBatch,
  type TRefusedRow,
} from './response-bulk-batch.js';
import type { TStoredResponse } from './stored-response.js';
import { RESPONSE_COLUMNS, organizationSeqSql, packResponseRows } from './response-rows.js';

/** A response the bulk writer could not store: its index in the `write` call, and why. */
export interface TBulkFailure {
  index: number;
  error: Error;
}

/**
 * Stores big batches of new responses for bulk loads (response imports, the demo) with their
 * rollup changes in the same transaction. Each response stands alone: one that breaks a rule
 * (an idempotency key stored already) fails by itself and the others are stored.
 */
export interface TBulkResponseWriter {
  /** Stores the responses; resolves once committed, with those that failed. */
  write(responses: readonly TStoredResponse[]): Promise<TBulkFailure[]>;
  /** Lets the writer's resources go (the thread checkpoints and ends). */
  close(): Promise<void>;
  /** Batches it may be handed before the oldest is stored (in order; see `runImport`). */
  inFlight: number;
}

export interface TBulkWriterOptions {
  /**
   * The caller holds the process's connection lock (`storage.db.connection().execute`) while it
   * writes, so batches are stored as soon as they are handed over (see `sqliteBatchThread`).
   */
  exclusive?: boolean;
}

const BATCH_SQL: TBulkBatchSql = {
  responseColumns: RESPONSE_COLUMNS,
  organizationSeq: organizationSeqSql('?'),
  ...ROLLUP_BATCH_SQL,
  insertEvent: INSERT_EVENT,
};

/** The error of a row the database refused, with its code (so `isUniqueViolation` sees it). */
function refusedError(refused: TRefusedRow): Error {
  return Object.assign(new Error(refused.message), { code: refused.code });
}

function deltasOf(responses: readonly TStoredResponse[]): TRollupDeltas {
  const added = responses.filter((r) => r.status === 'complete').map(rollupResponseOf);
  return new RollupDeltaBuilder().addBatch({ added }).build();
}

function packed(
  responses: readonly TStoredResponse[],
  deltas: TRollupDeltas,
): TPackedResponseBatch {
  const organizations = [...new Set(responses.map((r) => r.organizationId))];
  return {
    rows: packResponseRows(responses),
    rollups: packRollupDeltas(deltas),
    events: organizations.map((organizationId) => ({ id: newId(), organizationId })),
    at: nowIso(),
  };
}

/** A SQLite file: a writer thread with its own connection stores each batch while this one packs the next. */
export function sqliteFileBulkResponses(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  options: TBulkWriterOptions = {},
): TBulkResponseWriter {
  const exclusive = options.exclusive === true;
  const batches = sqliteBatchThread<TPackedResponseBatch, TPackedBatchReply>(
    storage,
    sqlite,
    {
      module: new URL('./response-bulk-batch.ts', import.meta.url),
      factory: 'responseBatchWriter',
      args: [BATCH_SQL],
    },
    { autocheckpointPages: IMPORT_AUTOCHECKPOINT, exclusive },
  );
  return sqliteBulkWriter(batches, 2);
}

/** An in-memory SQLite database: the same batch writer on its one connection. */
export function sqliteMemoryBulkResponses(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  options: TBulkWriterOptions = {},
): TBulkResponseWriter {
  return sqliteBulkWriter(inlineBatches(storage, sqlite, options.exclusive === true), 1);
}

/** The batch writer on the process's own connection (an in-memory database has no other). */
function inlineBatches(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  exclusive: boolean,
): TSqliteBatchThread<TPackedResponseBatch, TPackedBatchReply> {
  const withLock = <T>(work: () => Promise<T>) =>
    exclusive ? work() : storage.db.connection().execute(work);
  const write = responseBatchWriter(sqlite, BATCH_SQL);
  const sent = new Map<number, TPackedResponseBatch>();
  let nextId = 0;
  const writeHeld = (id: number) => {
    const batch = sent.get(id);
    sent.delete(id);
    if (batch === undefined) return Promise.reject(new Error(`batch ${id} was not sent`));
    try {
      return Promise.resolve(write(batch));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    send(batch) {
      sent.set(nextId, batch);
      return nextId++;
    },
    write: (id) => withLock(() => writeHeld(id)),
    writeThen: (id, then) => withLock(async () => then(await writeHeld(id))),
    writeHeld,
    close: () => Promise.resolve(),
  };
}

function sqliteBulkWriter(
  batches: TSqliteBatchThread<TPackedResponseBatch, TPackedBatchReply>,
  inFlight: number,
): TBulkResponseWriter {
  return {
    inFlight,
    write(responses) {
      if (responses.length === 0) return Promise.resolve([]);
      const deltas = deltasOf(responses);
      const id = batches.send(packed(responses, deltas));
      return batches.writeThen(id, async (first) => {
        const failures: TBulkFailure[] = [];
        let reply = first;
        let rows = responses.map((response, index) => ({ response, index }));
        while ('failed' in reply) {
          // Written again, with their rollups, without the rows the database refused.
          const refused = new Set(reply.failed.map((f) => f.index));
          for (const f of reply.failed) {
            const row = rows[f.index];
            if (row !== undefined) failures.push({ index: row.index, error: refusedError(f) });
          }
          rows = rows.filter((_, i) => !refused.has(i));
          if (rows.length === 0) return failures;
          const left = rows.map((r) => r.response);
          reply = await batches.writeHeld(batches.send(packed(left, deltasOf(left))));
        }
        return failures;
      });
    },
    close: () => batches.close(),
  };
}
