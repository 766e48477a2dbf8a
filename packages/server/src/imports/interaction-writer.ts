import { newId, type TImportRowError } from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import { constraintViolation, isUniqueViolation } from '../storage/constraint-violation.js';
import { nowIso } from '../storage/rows.js';
import type { TInteractionsTable } from '../storage/schema.js';
import { CustomerIdCache, lookupCustomerIdsPg, sqliteCustomerLookup } from './customer-lookup.js';
import type { TBatchOutcome } from './import-runner.js';
import type { TReadyInteraction } from './interaction-rows.js';
import { RowError } from './row-errors.js';
import { splitForUpsert } from './upsert-chunks.js';

/** Writes batches of validated interactions; one transaction per batch. */
export type TInteractionWriter = (rows: TReadyInteraction[]) => Promise<TBatchOutcome>;

const COLUMNS = [
  'id',
  'organization_id',
  'external_id',
  'customer_id',
  'touchpoint_id',
  'occurred_at',
  'type',
  'amount',
  'currency',
  'attributes_json',
  'created_at',
] as const;

/** A re-imported interaction (same external id) replaces the stored one: events are sent whole. */
const REPLACED = [
  'customer_id',
  'touchpoint_id',
  'occurred_at',
  'type',
  'amount',
  'currency',
  'attributes_json',
] as const;

function unknownCustomer(row: TReadyInteraction): RowError {
  return new RowError(
    row.row,
    'customerExternalId',
    `no customer with external id "${row.customerExternalId}"`,
  );
}

export function interactionWriter(storage: TStorage, orgId: string): TInteractionWriter {
  return storage.sqlite
    ? sqliteWriter(storage, storage.sqlite, orgId)
    : postgresWriter(storage, orgId);
}

/**
 * SQLite: prepared statements in one immediate transaction per batch, run on the connection
 * Kysely holds (so they are serialized with every other query of this process).
 */
function sqliteWriter(
  storage: TStorage,
  sqlite: NonNullable<TStorage['sqlite']>,
  orgId: string,
): TInteractionWriter {
  const placeholders = COLUMNS.map(() => '?').join(', ');
  const insertSql = `INSERT INTO interactions (${COLUMNS.join(', ')}) VALUES (${placeholders})`;
  // New rows take the plain INSERT (no conflict handling to set up); rows whose external id is
  // stored take the upsert. Which is which comes from one probe of the batch's external ids:
  // RETURNING on every row, measured, made each upsert about twice as slow.
  const insert = sqlite.prepare(insertSql);
  const upsert = sqlite.prepare(
    `${insertSql} ON CONFLICT (organization_id, external_id) DO UPDATE SET ${REPLACED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  const existing = sqlite
    .prepare(
      `SELECT external_id FROM interactions
       WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck();
  const lookup = sqliteCustomerLookup(sqlite, orgId);
  const cache = new CustomerIdCache();

  const writeBatch = sqlite.transaction((rows: TReadyInteraction[]): TBatchOutcome => {
    const missing = cache.missing(rows.map((r) => r.customerExternalId));
    if (missing.length > 0) cache.addAll(lookup(missing));
    const externalIds = rows.flatMap((r) => (r.externalId === null ? [] : [r.externalId]));
    const stored = new Set(
      externalIds.length === 0
        ? []
        : (existing.all(orgId, JSON.stringify(externalIds)) as string[]),
    );
    const ids = Array.from({ length: rows.length }, newId);
    const now = nowIso();
    const errors: TImportRowError[] = [];
    let created = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as TReadyInteraction;
      const customerId = cache.get(row.customerExternalId);
      if (customerId === undefined) {
        errors.push(unknownCustomer(row));
        continue;
      }
      const values = [
        ids[i],
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
      ];
      try {
        if (row.externalId !== null && stored.has(row.externalId)) {
          upsert.run(values);
          updated++;
        } else {
          insert.run(values);
          created++;
          // A later row of the batch with the same external id updates this one.
          if (row.externalId !== null) stored.add(row.externalId);
        }
      } catch (error) {
        // A customer erased by another process since it was cached: only that row fails.
        const reason = constraintViolation(error);
        if (reason === null) throw error;
        cache.forget(row.customerExternalId);
        const field = isUniqueViolation(error) ? 'externalId' : 'customerExternalId';
        errors.push(new RowError(row.row, field, reason));
      }
    }
    return { created, updated, errors };
  });

  return (rows) =>
    storage.db.connection().execute(() => Promise.resolve(writeBatch.immediate(rows)));
}

/** Rows per INSERT: 11 parameters each stays far below PostgreSQL's 65,535 per statement. */
const PG_ROWS_PER_STATEMENT = 2000;

/**
 * PostgreSQL: multi-row INSERT ... ON CONFLICT DO UPDATE through Kysely, in one transaction per
 * batch; the batch's customers are looked up (and key-share locked against erasure) first.
 */
function postgresWriter(storage: TStorage, orgId: string): TInteractionWriter {
  return (rows) =>
    storage.db.transaction().execute(async (trx) => {
      const customers = await lookupCustomerIdsPg(
        trx,
        orgId,
        rows.map((r) => r.customerExternalId),
      );
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
        values.push({
          id: ids[i] as string,
          organization_id: orgId,
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
      let created = 0;
      let updated = 0;
      for (const chunk of splitForUpsert(values, PG_ROWS_PER_STATEMENT, (v) => v.external_id)) {
        const returned = await trx
          .insertInto('interactions')
          .values(chunk)
          .onConflict((oc) =>
            oc
              .columns(['organization_id', 'external_id'])
              .doUpdateSet((eb) =>
                Object.fromEntries(REPLACED.map((c) => [c, eb.ref(`excluded.${c}`)])),
              ),
          )
          .returning('id')
          .execute();
        for (const r of returned) {
          if (newIds.has(r.id)) created++;
          else updated++;
        }
      }
      return { created, updated, errors };
    });
}
