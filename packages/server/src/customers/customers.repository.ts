import type { TCustomer, TCustomerListQuery } from '@touchstone/core';
import { sql } from 'kysely';
import type { TAttributeScalar } from '../attribute-keys/attribute-validation.js';
import type { TDb } from '../storage/database.js';
import { jsonValueEquals } from '../storage/json-path.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { parseJsonColumn, toFlag } from '../storage/rows.js';
import type { TCustomersTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';
import { interactionTime } from '../interactions/interactions.repository.js';

const SORT_COLUMNS = {
  externalId: 'customers.external_id',
  name: 'customers.name',
  createdAt: 'customers.created_at',
  updatedAt: 'customers.updated_at',
};

/** An attribute filter whose key is declared and whose value has the declared type. */
export interface TAttributeCondition {
  key: string;
  value: TAttributeScalar;
}

export function toCustomer(row: TCustomersTable): TCustomer {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    emailConsent: toFlag(row.email_consent),
    optedOutAt: row.opted_out_at,
    attributes: parseJsonColumn<Record<string, TAttributeScalar>>(row.attributes_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findCustomer(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TCustomer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toCustomer(row) : undefined;
}

/** One probe of the (organization, external id) unique index. */
export async function findCustomerByExternalId(
  db: TDb,
  orgId: string,
  externalId: string,
): Promise<TCustomer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row ? toCustomer(row) : undefined;
}

export async function listCustomers(
  db: TDb,
  orgId: string,
  query: TCustomerListQuery,
  conditions: readonly TAttributeCondition[],
): Promise<{ items: TCustomer[]; nextCursor: string | null }> {
  let q = db.selectFrom('customers').selectAll().where('organization_id', '=', orgId);
  if (query.q !== undefined && query.q !== '') {
    const text = query.q;
    q = q.where((eb) =>
      eb.or([
        containsText('customers.name', text),
        containsText('customers.email', text),
        containsText('customers.external_id', text),
      ]),
    );
  }
  if (query.optedOut !== undefined) {
    q = q.where('opted_out_at', query.optedOut ? 'is not' : 'is', null);
  }
  for (const c of conditions) {
    q = q.where(jsonValueEquals(db, 'customers.attributes_json', c.key, c.value));
  }
  const parsed = parseSort(query.sort, SORT_COLUMNS);
  // Names are optional; sorting treats a missing one as empty so that keyset paging sees every row.
  const byName = parsed.column === SORT_COLUMNS.name;
  const sort = byName ? { ...parsed, expression: sql`coalesce(customers.name, '')` } : parsed;
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'customers.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => {
      const value =
        sort.column === SORT_COLUMNS.externalId
          ? row.external_id
          : sort.column === SORT_COLUMNS.updatedAt
            ? row.updated_at
            : byName
              ? (row.name ?? '')
              : row.created_at;
      return [value, row.id];
    },
  });
  return { items: rows.map(toCustomer), nextCursor };
}

export async function insertCustomer(db: TDb, row: TCustomersTable): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function updateCustomerRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Omit<TCustomersTable, 'id' | 'organization_id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('customers')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Erases a customer and every interaction of theirs; returns how many interactions went. */
export async function eraseCustomerRows(db: TDb, orgId: string, id: string): Promise<number> {
  const interactions = await db
    .deleteFrom('interactions')
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', id)
    .executeTakeFirst();
  await db
    .deleteFrom('customers')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
  return Number(interactions.numDeletedRows);
}

/** Ids of the organization's customers with the given external ids (one indexed query). */
export async function findCustomerIdsByExternalIds(
  db: TDb,
  orgId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (externalIds.length === 0) return found;
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'external_id'])
    .where('organization_id', '=', orgId)
    .where('external_id', 'in', externalIds)
    .execute();
  for (const row of rows) found.set(row.external_id, row.id);
  return found;
}

/**
 * The customers of a batch on PostgreSQL, key-share locked until the batch commits so that an
 * erasure cannot remove them between this lookup and the insert.
 */
export async function lookupCustomerIdsPg(
  trx: TDb,
  orgId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(externalIds)];
  const found = new Map<string, string>();
  if (distinct.length === 0) return found;
  const rows = await trx
    .selectFrom('customers')
    .select(['id', 'external_id'])
    .where('organization_id', '=', orgId)
    .where('external_id', 'in', distinct)
    .forKeyShare()
    .execute();
  for (const row of rows) found.set(row.external_id, row.id);
  return found;
}

/** Every customer's id by external id in an organization (the demo reads them once). */
export function listCustomerIdsByExternalId(db: TDb, orgId: string) {
  return db
    .selectFrom('customers')
    .select(['external_id', 'id'])
    .where('organization_id', '=', orgId)
    .execute();
}

/** The customer's first interaction and first submitted response (instants), if any. */
export async function findCustomerFirstActivity(
  db: TDb,
  orgId: string,
  id: string,
): Promise<{ interaction: string | null; response: string | null }> {
  const interaction = await db
    .selectFrom('interactions')
    .select('occurred_at')
    .where('customer_id', '=', id)
    .where('organization_id', '=', orgId)
    .orderBy(interactionTime(db))
    .limit(1)
    .executeTakeFirst();
  const response = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.min('submitted_at').as('first'))
    .where('customer_id', '=', id)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return {
    interaction: interaction?.occurred_at ?? null,
    response: response?.first ?? null,
  };
}
