import type SqliteDatabase from 'better-sqlite3';
import { newId, type TImportRowError } from '@touchstone/core';
import { batchEvent } from '../events/domain-event.js';
import { lockTouchpointIds } from '../touchpoints/touchpoints.repository.js';
import { INSERT_EVENT, appendEventsIn } from '../events/events.repository.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { sqliteBatchThread } from '../storage/sqlite-batch-thread.js';
import type { TInteractionsTable } from '../storage/schema.js';
import { lookupCustomerIdsPg } from '../imports/customer-lookup.js';
import type { TBatchOutcome } from '../imports/import-runner.js';
import {
  PACKED_FIELDS,
  REPLACED_COLUMNS,
  interactionBatchWriter,
  type TPackedBatch,
  type TPackedOutcome,
} from './interaction-batch.js';
import type { TReadyInteraction } from '../imports/interaction-rows.js';
import { RowError } from '../imports/row-errors.js';
import { IMPORT_AUTOCHECKPOINT } from '../imports/sqlite-import-tuning.js';
import { splitForUpsert } from '../imports/upsert-chunks.js';

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

/** Rows per INSERT: 12 parameters each stays far below PostgreSQL's 65,535 per statement. */
const PG_ROWS_PER_STATEMENT = 2000;

/**
 * PostgreSQL: multi-row INSERT ... ON CONFLICT DO UPDATE through Kysely, in one transaction per
 * batch; the batch's customers are looked up (and key-share locked against erasure) first.
 */
export function postgresWriter(storage: TStorage, orgId: string): TInteractionWriter {
  const write: TInteractionWriter['write'] = (rows) =>
    storage.db.transaction().execute(async (trx) => {
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
      const values: TInteractionsTable[] = [];
      const ids = Array.from({ length: rows.length }, newId);
      const now = nowIso();
      rows.forEach((row, i) => {
        const customerId = customers.get(row.customerExternalId);
        if (customerId === undefined) {
          errors.push(unknownCustomer(row));
          return;
        }
        if (!touchpoints.has(row.touchpointId)) {
          // Deleted by another process since the import read the touchpoints.
          errors.push(new RowError(row.row, 'touchpoint', 'the touchpoint no longer exists'));
          return;
        }
        values.push({
          id: ids[i] as string,
          organization_id: orgId,
          organization_seq: seq,
          external_id: row.externalId,
          customer_id: customerId,
          touchpoint_id: row.touchpointId,
          occurred_at: row.occurredAt,
          type: row.type,
          amount: row.amount,
          currency: row.currency,
          attributes_json: row.attributesJson,
          created_at: now,
        });
      });
      const newIds = new Set(ids);
      // A row whose external id came earlier in the batch updates the row that one inserted.
      const stored = new Set<string>();
      let created = 0;
      let updated = 0;
      for (const chunk of splitForUpsert(values, PG_ROWS_PER_STATEMENT, (v) => v.external_id)) {
        const returned = await trx
          .insertInto('interactions')
          .values(chunk)
          .onConflict((oc) =>
            oc
              .columns(['organization_seq', 'external_id'])
              .doUpdateSet((eb) =>
                Object.fromEntries(REPLACED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
              ),
          )
          .returning('id')
          .execute();
        for (const r of returned) {
          if (newIds.has(r.id) && !stored.has(r.id)) created++;
          else updated++;
          stored.add(r.id);
        }
      }
      const event = batchEvent('interactions.imported', orgId, [...stored], null, now);
      if (stored.size > 0) await appendEventsIn(trx, [event]);
      return { created, updated, errors };
    });
  return { write, close: () => Promise.resolve(), inFlight: 1 };
}
