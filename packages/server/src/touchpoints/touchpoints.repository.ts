import type { TTouchpoint, TTouchpointListQuery } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TTouchpointsTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';

const SORT_COLUMNS = {
  name: 'touchpoints.name',
  key: 'touchpoints.key',
  createdAt: 'touchpoints.created_at',
};

function toTouchpoint(row: TTouchpointsTable): TTouchpoint {
  // Enum columns are written only from the validated contract.
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    journeyId: row.journey_id,
    stageId: row.stage_id,
    channel: row.channel as TTouchpoint['channel'],
    providerType: row.provider_type as TTouchpoint['providerType'],
    senses: parseJsonColumn<TTouchpoint['senses']>(row.senses_json),
    ownerTeamId: row.owner_team_id,
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findTouchpoint(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TTouchpoint | undefined> {
  const row = await db
    .selectFrom('touchpoints')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toTouchpoint(row);
}

export async function findTouchpointByKey(
  db: TDb,
  orgId: string,
  key: string,
): Promise<TTouchpoint | undefined> {
  const row = await db
    .selectFrom('touchpoints')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toTouchpoint(row);
}

function sortValue(row: TTouchpointsTable, column: string): string {
  if (column === SORT_COLUMNS.name) return row.name;
  if (column === SORT_COLUMNS.key) return row.key;
  return row.created_at;
}

export async function listTouchpoints(
  db: TDb,
  orgId: string,
  query: TTouchpointListQuery,
): Promise<{ items: TTouchpoint[]; nextCursor: string | null }> {
  let q = db.selectFrom('touchpoints').selectAll().where('organization_id', '=', orgId);
  if (query.journeyId !== undefined) q = q.where('journey_id', '=', query.journeyId);
  if (query.stageId !== undefined) q = q.where('stage_id', '=', query.stageId);
  if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
  if (query.providerType !== undefined) q = q.where('provider_type', '=', query.providerType);
  if (query.ownerTeamId !== undefined) q = q.where('owner_team_id', '=', query.ownerTeamId);
  if (query.archived !== undefined) {
    q = q.where('archived_at', query.archived ? 'is not' : 'is', null);
  }
  const text = query.q;
  if (text !== undefined) {
    q = q.where((eb) =>
      eb.or([containsText('touchpoints.name', text), containsText('touchpoints.key', text)]),
    );
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'touchpoints.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sortValue(row, sort.column), row.id],
  });
  return { items: rows.map(toTouchpoint), nextCursor };
}

export async function insertTouchpoint(db: TDb, row: TTouchpointsTable): Promise<void> {
  await db.insertInto('touchpoints').values(row).execute();
}

export async function updateTouchpointRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Omit<TTouchpointsTable, 'id' | 'organization_id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('touchpoints')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteTouchpointRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('touchpoints')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Whether any interaction was recorded at the touchpoint (stops at the first one). */
export async function hasInteractions(db: TDb, orgId: string, touchpointId: string) {
  const row = await db
    .selectFrom('interactions')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('touchpoint_id', '=', touchpointId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every touchpoint's id and key in an organization (submissions name touchpoints by either). */
export function listTouchpointKeys(db: TDb, orgId: string) {
  return db
    .selectFrom('touchpoints')
    .select(['id', 'key'])
    .where('organization_id', '=', orgId)
    .execute();
}

/**
 * Which of `ids` are touchpoints of the organization, key-share locked until the caller's
 * transaction ends (PostgreSQL), so that none is deleted under an import that refers to it.
 */
export async function lockTouchpointIds(
  trx: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .selectFrom('touchpoints')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', ids)
    .forKeyShare()
    .execute();
  return new Set(rows.map((r) => r.id));
}
