import type { TAttributeEntity, TAttributeKey, TAttributeType } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { jsonHasKey, jsonTextIn } from '../storage/json-path.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TAttributeKeysTable } from '../storage/schema.js';

function toAttributeKey(row: TAttributeKeysTable): TAttributeKey {
  return {
    id: row.id,
    entity: row.entity as TAttributeEntity,
    key: row.key,
    label: row.label,
    type: row.type as TAttributeType,
    options: parseJsonColumn<string[]>(row.options_json),
    createdAt: row.created_at,
  };
}

export async function findAttributeKey(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TAttributeKey | undefined> {
  const row = await db
    .selectFrom('attribute_keys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAttributeKey(row) : undefined;
}

export async function findAttributeKeyByKey(
  db: TDb,
  orgId: string,
  entity: TAttributeEntity,
  key: string,
): Promise<TAttributeKey | undefined> {
  const row = await db
    .selectFrom('attribute_keys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('entity', '=', entity)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? toAttributeKey(row) : undefined;
}

/** Every declared key of the organization (a handful to a few hundred), by entity and key. */
export async function listAttributeKeys(
  db: TDb,
  orgId: string,
  entity?: TAttributeEntity,
): Promise<TAttributeKey[]> {
  let q = db.selectFrom('attribute_keys').selectAll().where('organization_id', '=', orgId);
  if (entity !== undefined) q = q.where('entity', '=', entity);
  const rows = await q.orderBy('entity').orderBy('key').execute();
  return rows.map(toAttributeKey);
}

export async function insertAttributeKey(db: TDb, row: TAttributeKeysTable): Promise<void> {
  await db.insertInto('attribute_keys').values(row).execute();
}

export async function updateAttributeKeyRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Pick<TAttributeKeysTable, 'label' | 'options_json'>>,
): Promise<void> {
  // An empty change (PATCH {}) is no change: SQL has no UPDATE without a SET.
  if (Object.keys(changes).length === 0) return;
  await db
    .updateTable('attribute_keys')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteAttributeKeyRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('attribute_keys')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

const ENTITY_TABLES = { customer: 'customers', interaction: 'interactions' } as const;

/**
 * How many rows of the entity carry the key (optionally: with one of the given values). A scan
 * of the organization's rows; it runs only when an administrator removes a key or an option.
 */
export async function countAttributeUse(
  db: TDb,
  orgId: string,
  entity: TAttributeEntity,
  key: string,
  values?: readonly string[],
): Promise<number> {
  const table = ENTITY_TABLES[entity];
  const column = `${table}.attributes_json`;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(`${table}.organization_id`, '=', orgId)
    .where(values === undefined ? jsonHasKey(db, column, key) : jsonTextIn(db, column, key, values))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The customer attribute keys that segment responses (enum and boolean), by key. */
export function listSegmentAttributeKeys(db: TDb, orgId: string) {
  return db
    .selectFrom('attribute_keys')
    .select('key')
    .where('organization_id', '=', orgId)
    .where('entity', '=', 'customer')
    .where('type', 'in', ['enum', 'boolean'])
    .orderBy('key')
    .execute();
}
