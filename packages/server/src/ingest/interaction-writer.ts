import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { newId, type TImportRowError } from '@touchstone/core';
import { batchEvent } from '../events/domain-event.js';
import { lockTouchpointIds } from '../touchpoints/touchpoints.repository.js';
import { INSERT_EVENT, appendEventsIn } from '../events/events.repository.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { sqliteBatchThread } from '../storage/sqlite-batch-thread.js';
import { lookupCustomerIdsPg } from '../imports/customer-lookup.js';
import type { TBatchOutcome } from '../imports/import-runner.js';
import {
  INTERACTION_COLUMNS,
  PACKED_FIELDS,
  REPLACED_COLUMNS,
  interactionBatchWriter,
  type TPackedBatch,
  type TPackedOutcome,
} from './interaction-batch.js';
import type { TReadyInteraction } from '../imports/interaction-rows.js';
import { RowError } from '../imports/row-errors.js';
import {
  copyRows,
  createStagingTable,
  withCopyTransaction,
  type TCopyValue,
} from './postgres-copy.js';
import { IMPORT_AUTOCHECKPOINT } from '../imports/sqlite-import-tuning.js';

/** Writes batches of validated interactions, one transaction per batch; closed at the end. */
export interface TInteractionWriter {
  write: (rows: TReadyInteraction[]) => Promise<TBatchOutcome>;
  close: () => Promise<void>;
  /** Batches it may be handed before the oldest is stored (in order; see `runImport`). */
  inFlight: number;
  /** Rows per batch (one transaction each). */
  batchSize?: number;
}

function unknownCustomer(row: TReadyInteraction): RowError {
  return new RowError(
    row.row,
    'customerExternalId',
    `no customer with external id "${row.customerExternalId}"`,
  );
}

const STAGING = 'interaction_copy';
/** The staging table's columns: the row's place in the batch, then the table's. */
const STAGED_COLUMNS = ['ord', ...INTERACTION_COLUMNS];
/** Rows one batch writes once: by external id; every row without one stands alone. */
const BATCH_KEY = 'external_id IS NULL, coalesce(external_id, ord::text)';
const REPLACE_SQL = REPLACED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');

/** Packs a batch for `interactionBatchWriter`: `PACKED_FIELDS.length` values per row. */
function packed(rows: readonly TReadyInteraction[]): TPackedBatch {
  const ids = Array.from({ length: rows.length }, newId);
  const out = new Array<string | number | null>(rows.length * PACKED_FIELDS.length);
  let o = 0;
  rows.forEach((r, i) => {
    out[o++] = ids[i] ?? null;
    out[o++] = r.row;
    out[o++] = r.externalId;
    out[o++] = r.customerExternalId;
    out[o++] = r.touchpointId;
    out[o++] = r.occurredAt;
    out[o++] = r.type;
    out[o++] = r.amount;
    out[o++] = r.currency;
    out[o++] = r.attributesJson;
  });
  return { now: nowIso(), rows: out, eventId: newId() };
}

/**
 * SQLite file: a writer thread with its own connection writes each batch (`sqliteBatchThread`,
 * running `interactionBatchWriter`) while this thread parses and validates the next one, so
 * parsing and writing overlap instead of taking turns.
 */
export function sqliteThreadWriter(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  orgId: string,
): TInteractionWriter {
  const thread = sqliteBatchThread<TPackedBatch, TPackedOutcome>(
    storage,
    sqlite,
    {
      module: new URL('./interaction-batch.ts', import.meta.url),
      factory: 'interactionBatchWriter',
      args: [orgId, INSERT_EVENT],
    },
    { autocheckpointPages: IMPORT_AUTOCHECKPOINT },
  );
  return {
    write: (rows) => thread.write(thread.send(packed(rows))),
    // The thread writes the batches it gets in order; while it writes one, the next is already
    // copied over, so it never waits for this thread to pack and post a batch.
    inFlight: 2,
    // Each commit rewrites the time index's pages the batch touched, nearly all of them for a
    // file in customer order; 10,000 rows a commit halves that work against 5,000, and a batch
    // still holds the write lock only briefly.
    batchSize: 10_000,
    close: () => thread.close(),
  };
}

/** SQLite in memory (no second connection can see it): the same batch writer on this thread. */
export function sqliteInlineWriter(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  orgId: string,
): TInteractionWriter {
  const write = interactionBatchWriter(sqlite, orgId, INSERT_EVENT);
  return {
    write: (rows) => storage.db.connection().execute(() => Promise.resolve(write(packed(rows)))),
    close: () => Promise.resolve(),
    inFlight: 1,
  };
}

/**
 * PostgreSQL: one transaction per batch: the batch's customers are looked up (and key-share
 * locked against erasure) and its touchpoints locked, then the rows are copied in with COPY
 * into a staging table and moved into `interactions` by one `INSERT ... SELECT ... ON CONFLICT
 * DO UPDATE`; of several rows with one external id, the last wins, as when written in turn.
 */
export function postgresWriter(storage: TStorage, orgId: string): TInteractionWriter {
  const write: TInteractionWriter['write'] = (rows) =>
    withCopyTransaction(storage, async (trx, client) => {
      const { seq } = await trx
        .selectFrom('organizations')
        .select('seq')
        .where('id', '=', orgId)
        .executeTakeFirstOrThrow();
      const customers = await lookupCustomerIdsPg(
        trx,
        orgId,
        rows.map((r) => r.customerExternalId),
      );
      const touchpoints = await lockTouchpointIds(trx, orgId, [
        ...new Set(rows.map((r) => r.touchpointId)),
      ]);
      const errors: TImportRowError[] = [];
      const values: TCopyValue[][] = [];
      const newIds = new Set<string>();
      const now = nowIso();
      for (const row of rows) {
        const customerId = customers.get(row.customerExternalId);
        if (customerId === undefined) {
          errors.push(unknownCustomer(row));
          continue;
        }
        if (!touchpoints.has(row.touchpointId)) {
          // Deleted by another process since the import read the touchpoints.
          errors.push(new RowError(row.row, 'touchpoint', 'the touchpoint no longer exists'));
          continue;
        }
        const id = newId();
        newIds.add(id);
        // In STAGED_COLUMNS order.
        values.push([
          values.length,
          id,
          orgId,
          row.externalId,
          customerId,
          row.touchpointId,
          row.occurredAt,
          row.type,
          row.amount,
          row.currency,
          row.attributesJson,
          now,
          seq,
        ]);
      }
      if (values.length === 0) return { created: 0, updated: 0, errors };
      await createStagingTable(client, STAGING, 'interactions', INTERACTION_COLUMNS, 'ord');
      await copyRows(client, STAGING, STAGED_COLUMNS, values);
      const columns = sql.raw(INTERACTION_COLUMNS.join(', '));
      const returned = await sql<{ id: string }>`
        INSERT INTO interactions (${columns})
        SELECT DISTINCT ON (${sql.raw(BATCH_KEY)}) ${columns} FROM ${sql.raw(STAGING)}
        ORDER BY ${sql.raw(BATCH_KEY)}, ord DESC
        ON CONFLICT (organization_seq, external_id) DO UPDATE SET ${sql.raw(REPLACE_SQL)}
        RETURNING id`.execute(trx);
      // A stored row keeps its id; a new one has the id given here.
      const created = returned.rows.filter((r) => newIds.has(r.id)).length;
      const stored = returned.rows.map((r) => r.id);
      const event = batchEvent('interactions.imported', orgId, stored, null, now);
      if (stored.length > 0) await appendEventsIn(trx, [event]);
      return { created, updated: values.length - created, errors };
    });
  return { write, close: () => Promise.resolve(), inFlight: 1 };
}
