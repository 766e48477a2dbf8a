import type { TApiKey, TRole, ZApiKeyListQuery } from '@touchstone/core';
import type { z } from 'zod';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TApiKeysTable } from '../storage/schema.js';

type TApiKeyListQuery = z.infer<typeof ZApiKeyListQuery>;
const SORT_COLUMNS = { createdAt: 'api_keys.created_at', name: 'api_keys.name' };

function toApiKey(row: TApiKeysTable): TApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as TRole,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function findApiKey(db: TDb, orgId: string, id: string) {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toApiKey(row) : undefined;
}

export async function listApiKeys(db: TDb, orgId: string, query: TApiKeyListQuery) {
  let q = db.selectFrom('api_keys').selectAll().where('organization_id', '=', orgId);
  if (query.revoked !== undefined) q = q.where('revoked_at', query.revoked ? 'is not' : 'is', null);
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'api_keys.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sort.column === 'api_keys.name' ? row.name : row.created_at, row.id],
  });
  return { items: rows.map(toApiKey), nextCursor };
}

export async function insertApiKey(db: TDb, row: TApiKeysTable): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function revokeApiKeyRow(db: TDb, orgId: string, id: string, at: string) {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
