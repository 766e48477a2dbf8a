import type { TInteraction, TInteractionListQuery } from '@touchstone/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TAttributeScalar } from '../attribute-keys/attribute-validation.js';
import type { TDb } from '../storage/database.js';
import { dialectOf } from '../storage/json-path.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { organizationSeq } from '../organizations/organizations.repository.js';
import { parseJsonColumn, toStoredInstant } from '../storage/rows.js';
import type { TInteractionsTable } from '../storage/schema.js';

const SORT_COLUMNS = {
  occurredAt: 'interactions.occurred_at',
  createdAt: 'interactions.created_at',
};

/**
 * An interaction's time as its indexes key it: on SQLite `unixepoch(occurred_at, 'subsec')`, the
 * seconds with their milliseconds as a number (migration 0009), on PostgreSQL the text column.
 * Stored instants are all `YYYY-MM-DDTHH:MM:SS.sssZ`, so both orders are the same.
 */
export function interactionTime(db: TDb): RawBuilder<string | number> {
  return dialectOf(db) === 'sqlite'
    ? sql<number>`unixepoch(interactions.occurred_at, 'subsec')`
    : sql<string>`interactions.occurred_at`;
}

/** A stored instant as {@link interactionTime} compares it (milliseconds survive both ways). */
export function interactionTimeValue(db: TDb, instant: string): string | number {
  return dialectOf(db) === 'sqlite' ? Date.parse(instant) / 1000 : instant;
}

function toInteraction(row: TInteractionsTable): TInteraction {
  return {
    id: row.id,
    externalId: row.external_id,
    customerId: row.customer_id,
    touchpointId: row.touchpoint_id,
    occurredAt: row.occurred_at,
    type: row.type,
    // PostgreSQL's pg driver returns double precision as a number; keep it one on both.
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    attributes: parseJsonColumn<Record<string, TAttributeScalar>>(row.attributes_json),
    createdAt: row.created_at,
  };
}

/** Every interaction of a customer, oldest first (the personal data export). */
export async function listInteractionsOfCustomer(
  db: TDb,
  orgId: string,
  customerId: string,
): Promise<TInteraction[]> {
  const rows = await db
    .selectFrom('interactions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map(toInteraction);
}

export async function findInteraction(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TInteraction | undefined> {
  const row = await db
    .selectFrom('interactions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInteraction(row) : undefined;
}

export async function findInteractionIdByExternalId(
  db: TDb,
  orgId: string,
  externalId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('interactions')
    .select('id')
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id;
}

/** Interactions newest first by default; `from` is inclusive and `to` exclusive. */
export async function listInteractions(
  db: TDb,
  orgId: string,
  query: TInteractionListQuery,
): Promise<{ items: TInteraction[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('interactions')
    .selectAll()
    .where('organization_seq', '=', organizationSeq(orgId));
  if (query.customerId !== undefined) q = q.where('customer_id', '=', query.customerId);
  if (query.touchpointId !== undefined) q = q.where('touchpoint_id', '=', query.touchpointId);
  if (query.type !== undefined) q = q.where('type', '=', query.type);
  const time = interactionTime(db);
  if (query.from !== undefined) {
    q = q.where(sql<SqlBool>`${time} >= ${interactionTimeValue(db, toStoredInstant(query.from))}`);
  }
  if (query.to !== undefined) {
    q = q.where(sql<SqlBool>`${time} < ${interactionTimeValue(db, toStoredInstant(query.to))}`);
  }
  const parsed = parseSort(query.sort, SORT_COLUMNS);
  const byTime = parsed.column === SORT_COLUMNS.occurredAt;
  // By time, the order is the index's own expression, so that the index serves it.
  const sort = byTime ? { ...parsed, expression: time } : parsed;
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'interactions.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [byTime ? interactionTimeValue(db, row.occurred_at) : row.created_at, row.id],
  });
  return { items: rows.map(toInteraction), nextCursor };
}

export async function insertInteraction(
  db: TDb,
  row: Omit<TInteractionsTable, 'organization_seq'>,
): Promise<void> {
  await db
    .insertInto('interactions')
    .values({ ...row, organization_seq: organizationSeq(row.organization_id) })
    .execute();
}

export async function updateInteractionRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<
    Omit<TInteractionsTable, 'id' | 'organization_id' | 'organization_seq' | 'created_at'>
  >,
): Promise<void> {
  await db
    .updateTable('interactions')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteInteractionRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('interactions')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** True when the customer exists in the organization (rows of other organizations never match). */
export async function customerInOrganization(db: TDb, orgId: string, id: string) {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the touchpoint exists in the organization. */
export async function touchpointInOrganization(db: TDb, orgId: string, id: string) {
  const row = await db
    .selectFrom('touchpoints')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** The organization's touchpoint ids by key (touchpoints are few: one query per import). */
export async function touchpointIdsByKey(db: TDb, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('touchpoints')
    .select(['id', 'key'])
    .where('organization_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** Which of `ids` are interactions of the organization. */
export async function findInteractionIds(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<{ id: string }[]> {
  return db
    .selectFrom('interactions')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}
