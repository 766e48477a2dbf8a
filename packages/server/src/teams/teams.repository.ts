import type { TTeam, TTeamListQuery } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { containsText } from '../storage/text-search.js';
import type { TTeamsTable } from '../storage/schema.js';

const SORT_COLUMNS = { name: 'teams.name', createdAt: 'teams.created_at' };

function toTeam(row: TTeamsTable, memberIds: string[]): TTeam {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberIds,
    leadUserId: row.lead_user_id,
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function memberIdsByTeam(db: TDb, teamIds: string[]): Promise<Map<string, string[]>> {
  const byTeam = new Map<string, string[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom('team_members')
    .select(['team_id', 'user_id'])
    .where('team_id', 'in', teamIds)
    .orderBy('user_id')
    .execute();
  for (const row of rows) {
    const list = byTeam.get(row.team_id) ?? [];
    list.push(row.user_id);
    byTeam.set(row.team_id, list);
  }
  return byTeam;
}

export async function findTeam(db: TDb, orgId: string, id: string): Promise<TTeam | undefined> {
  const row = await db
    .selectFrom('teams')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const members = await memberIdsByTeam(db, [row.id]);
  return toTeam(row, members.get(row.id) ?? []);
}

export async function findTeamByName(db: TDb, orgId: string, name: string) {
  return db
    .selectFrom('teams')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function listTeams(
  db: TDb,
  orgId: string,
  query: TTeamListQuery,
): Promise<{ items: TTeam[]; nextCursor: string | null }> {
  let q = db.selectFrom('teams').selectAll().where('organization_id', '=', orgId);
  if (query.q !== undefined) q = q.where(containsText('teams.name', query.q));
  if (query.archived !== undefined) {
    q = q.where('archived_at', query.archived ? 'is not' : 'is', null);
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'teams.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sort.column === 'teams.name' ? row.name : row.created_at, row.id],
  });
  const members = await memberIdsByTeam(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toTeam(r, members.get(r.id) ?? [])), nextCursor };
}

export async function insertTeam(db: TDb, row: TTeamsTable): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}

export async function updateTeamRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<
    Pick<TTeamsTable, 'name' | 'description' | 'lead_user_id' | 'archived_at' | 'updated_at'>
  >,
): Promise<void> {
  await db
    .updateTable('teams')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Replaces the team's members. */
export async function setTeamMembers(
  db: TDb,
  orgId: string,
  teamId: string,
  userIds: string[],
): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('team_members')
    .values(userIds.map((userId) => ({ team_id: teamId, user_id: userId, organization_id: orgId })))
    .execute();
}

export async function deleteTeamRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('teams').where('organization_id', '=', orgId).where('id', '=', id).execute();
}

/** The subset of the given users who are members of the organization. */
export async function findMemberUserIds(db: TDb, orgId: string, userIds: string[]) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}
