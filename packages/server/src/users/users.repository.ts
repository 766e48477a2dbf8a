import type { TRole, TUser } from '@touchstone/core';
import type { z } from 'zod';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { containsText } from '../storage/text-search.js';
import type { ZUserListQuery } from '@touchstone/core';

type TUserListQuery = z.infer<typeof ZUserListQuery>;
const SORT_COLUMNS = {
  email: 'users.email',
  name: 'users.name',
  createdAt: 'memberships.created_at',
};

function memberQuery(db: TDb, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organization_id', '=', orgId);
}

type TMemberRow = { id: string; email: string; name: string; role: string; created_at: string };
const toUser = (r: TMemberRow): TUser => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as TRole,
  createdAt: r.created_at,
});

export async function findMember(db: TDb, orgId: string, userId: string) {
  const row = await memberQuery(db, orgId).where('users.id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listMembers(db: TDb, orgId: string, query: TUserListQuery) {
  let q = memberQuery(db, orgId);
  if (query.role !== undefined) q = q.where('memberships.role', '=', query.role);
  if (query.q !== undefined) {
    const text = query.q;
    q = q.where((eb) =>
      eb.or([containsText('users.email', text), containsText('users.name', text)]),
    );
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const field = sort.column.split('.')[1] as 'email' | 'name' | 'created_at';
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'users.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row[field], row.id],
  });
  return { items: rows.map(toUser), nextCursor };
}

export async function findUserIdByEmail(db: TDb, email: string) {
  return db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
}

export async function insertUser(
  db: TDb,
  row: { id: string; email: string; name: string; password_hash: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...row, updated_at: row.created_at })
    .execute();
}

export async function updateUserRow(
  db: TDb,
  userId: string,
  changes: { name?: string; password_hash?: string; updated_at: string },
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', userId).execute();
}

export async function updateMembershipRole(
  db: TDb,
  orgId: string,
  userId: string,
  role: TRole,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role })
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMembership(db: TDb, orgId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('team_members')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  await db
    .deleteFrom('sessions')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  await db
    .deleteFrom('memberships')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countOwners(db: TDb, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', orgId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
