import { sql, type RawBuilder } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import type { TCustomersTable } from '../storage/schema.js';
import { newId } from '@touchstone/core';
import {
  fieldBit,
  OPTIONAL_CUSTOMER_FIELDS,
  type TOptionalCustomerField,
  type TReadyCustomer,
} from './customer-rows.js';
import type { TBatchOutcome } from './import-runner.js';
import { splitForUpsert } from './upsert-chunks.js';

/** Writes batches of validated customers (upsert by external id); one transaction per batch. */
export type TCustomerWriter = (rows: TReadyCustomer[]) => Promise<TBatchOutcome>;

const COLUMNS = [
  'id',
  'organization_id',
  'external_id',
  'name',
  'email',
  'phone',
  'locale',
  'email_consent',
  'opted_out_at',
  'attributes_json',
  'created_at',
  'updated_at',
] as const;

/** What an update sets, per optional field; opting out again keeps the first opt-out moment. */
const UPDATES: Record<TOptionalCustomerField, [column: string, expression: string]> = {
  name: ['name', 'excluded.name'],
  email: ['email', 'excluded.email'],
  phone: ['phone', 'excluded.phone'],
  locale: ['locale', 'excluded.locale'],
  emailConsent: ['email_consent', 'excluded.email_consent'],
  optedOut: [
    'opted_out_at',
    'CASE WHEN excluded.opted_out_at IS NULL THEN NULL ELSE coalesce(customers.opted_out_at, excluded.opted_out_at) END',
  ],
};

function givenUpdates(given: number): [string, string][] {
  return OPTIONAL_CUSTOMER_FIELDS.filter((f) => (given & fieldBit(f)) !== 0).map((f) => UPDATES[f]);
}

function toRow(row: TReadyCustomer, id: string, orgId: string, now: string): TCustomersTable {
  return {
    id,
    organization_id: orgId,
    external_id: row.externalId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    email_consent: row.emailConsent ? 1 : 0,
    opted_out_at: row.optedOut ? now : null,
    attributes_json: row.attributesJson,
    created_at: now,
    updated_at: now,
  };
}

export function customerWriter(storage: TStorage, orgId: string): TCustomerWriter {
  return storage.sqlite
    ? sqliteWriter(storage, storage.sqlite, orgId)
    : postgresWriter(storage, orgId);
}

function sqliteWriter(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  orgId: string,
): TCustomerWriter {
  // One statement per combination of given fields; a file has one or a few.
  const statements = new Map<number, SqliteDatabase.Statement>();
  const statementFor = (given: number) => {
    let statement = statements.get(given);
    if (statement === undefined) {
      const sets = [
        ...givenUpdates(given).map(([column, expression]) => `${column} = ${expression}`),
        'attributes_json = json_patch(customers.attributes_json, ?)',
        'updated_at = excluded.updated_at',
      ];
      statement = sqlite.prepare(
        `INSERT INTO customers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
         ON CONFLICT (organization_id, external_id) DO UPDATE SET ${sets.join(', ')}`,
      );
      statements.set(given, statement);
    }
    return statement;
  };
  // Whether a row is new comes from one probe per batch (cheaper than RETURNING per row).
  const existing = sqlite
    .prepare(
      `SELECT external_id FROM customers
       WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck();
  const writeBatch = sqlite.transaction((rows: TReadyCustomer[]): TBatchOutcome => {
    const stored = new Set(
      existing.all(orgId, JSON.stringify(rows.map((r) => r.externalId))) as string[],
    );
    const ids = Array.from({ length: rows.length }, newId);
    const now = nowIso();
    let created = 0;
    rows.forEach((row, i) => {
      const values = toRow(row, ids[i] as string, orgId, now);
      statementFor(row.given).run(...COLUMNS.map((c) => values[c]), row.attributesPatch);
      if (!stored.has(row.externalId)) {
        created++;
        stored.add(row.externalId);
      }
    });
    return { created, updated: rows.length - created, errors: [] };
  });
  return (rows) =>
    storage.db.connection().execute(() => Promise.resolve(writeBatch.immediate(rows)));
}

/** 12 parameters per row: well below PostgreSQL's 65,535 per statement. */
const PG_ROWS_PER_STATEMENT = 2000;

/** Consecutive rows with the same given fields, so that each run is one multi-row statement. */
function* runsByGiven(rows: readonly TReadyCustomer[]): Generator<TReadyCustomer[]> {
  let run: TReadyCustomer[] = [];
  for (const row of rows) {
    if (run.length > 0 && run[0]?.given !== row.given) {
      yield run;
      run = [];
    }
    run.push(row);
  }
  if (run.length > 0) yield run;
}

function postgresWriter(storage: TStorage, orgId: string): TCustomerWriter {
  return (rows) =>
    storage.db.transaction().execute(async (trx) => {
      const ids = Array.from({ length: rows.length }, newId);
      const newIds = new Set(ids);
      const now = nowIso();
      const byRow = new Map(rows.map((row, i) => [row, ids[i] as string]));
      let created = 0;
      const insertedWithNulls: string[] = [];
      for (const run of runsByGiven(rows)) {
        const updates: Record<string, RawBuilder<unknown>> = {};
        for (const [column, expression] of givenUpdates(run[0]?.given ?? 0)) {
          updates[column] = sql.raw(expression);
        }
        updates['attributes_json'] =
          sql`jsonb_strip_nulls(customers.attributes_json::jsonb || excluded.attributes_json::jsonb)::text`;
        updates['updated_at'] = sql.raw('excluded.updated_at');
        for (const chunk of splitForUpsert(run, PG_ROWS_PER_STATEMENT, (r) => r.externalId)) {
          // The inserted value is the patch; nulls in a new customer's patch are stripped below.
          const values = chunk.map((row) => ({
            ...toRow(row, byRow.get(row) ?? '', orgId, now),
            attributes_json: row.attributesPatch,
          }));
          const returned = await trx
            .insertInto('customers')
            .values(values)
            .onConflict((oc) => oc.columns(['organization_id', 'external_id']).doUpdateSet(updates))
            .returning('id')
            .execute();
          for (const r of returned) if (newIds.has(r.id)) created++;
          for (const row of chunk) {
            const id = byRow.get(row);
            if (row.patchHasNulls && id !== undefined) insertedWithNulls.push(id);
          }
        }
      }
      if (insertedWithNulls.length > 0) {
        await trx
          .updateTable('customers')
          .set({ attributes_json: sql<string>`jsonb_strip_nulls(attributes_json::jsonb)::text` })
          .where('id', 'in', insertedWithNulls)
          .execute();
      }
      return { created, updated: rows.length - created, errors: [] };
    });
}
