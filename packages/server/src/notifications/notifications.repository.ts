/** SQL of in-app notifications and people's e-mail choices. */
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TNotificationsTable } from '../storage/schema.js';

export type TEmailChoice = 'immediate' | 'digest' | 'off';

/** What a person gets by e-mail when they never chose. */
export const DEFAULT_EMAIL_CHOICE: TEmailChoice = 'digest';

/** Whose notifications: one person in one organization. */
export interface TOwner {
  orgId: string;
  userId: string;
}

export async function insertNotifications(db: TDb, rows: TNotificationsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

function ownedBy(db: TDb, owner: TOwner) {
  return db
    .selectFrom('notifications')
    .where('user_id', '=', owner.userId)
    .where('organization_id', '=', owner.orgId);
}

/** A page of the person's notifications, newest first. */
export async function listNotificationRows(
  db: TDb,
  owner: TOwner,
  query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  let q = ownedBy(db, owner).selectAll();
  if (query.unread !== undefined) q = q.where('read_at', query.unread ? 'is' : 'is not', null);
  return fetchPage(q, {
    sort: parseSort('-createdAt', { createdAt: 'notifications.created_at' }),
    idColumn: 'notifications.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
}

export async function countUnread(db: TDb, owner: TOwner): Promise<number> {
  const row = await ownedBy(db, owner)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The notification when it is the person's own. */
export async function findOwnNotification(
  db: TDb,
  owner: TOwner,
  id: string,
): Promise<TNotificationsTable | undefined> {
  return ownedBy(db, owner).selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks one unread notification read (a read one keeps its first reading time). */
export async function markRead(db: TDb, owner: TOwner, id: string, at: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', owner.userId)
    .where('organization_id', '=', owner.orgId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

/** Marks every unread notification of the person read; returns how many. */
export async function markAllRead(db: TDb, owner: TOwner, at: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', owner.userId)
    .where('organization_id', '=', owner.orgId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The e-mail choice of each of the people (a person without a row is absent from the map). */
export async function emailChoicesOf(
  db: TDb,
  orgId: string,
  userIds: string[],
): Promise<Map<string, TEmailChoice>> {
  const choices = new Map<string, TEmailChoice>();
  if (userIds.length === 0) return choices;
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['user_id', 'email'])
    .where('organization_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .execute();
  for (const row of rows) choices.set(row.user_id, row.email as TEmailChoice);
  return choices;
}

export async function upsertEmailChoice(
  db: TDb,
  owner: TOwner,
  email: TEmailChoice,
  at: string,
): Promise<void> {
  await db
    .insertInto('notification_preferences')
    .values({ organization_id: owner.orgId, user_id: owner.userId, email, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'user_id']).doUpdateSet({ email, updated_at: at }),
    )
    .execute();
}
