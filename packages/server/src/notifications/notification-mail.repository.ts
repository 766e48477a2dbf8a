/** SQL of notification e-mail: who gets what, and what was sent. */
import type { TDb } from '../storage/database.js';
import type { TNotificationsTable } from '../storage/schema.js';
import { DEFAULT_EMAIL_CHOICE, type TEmailChoice } from './notifications.repository.js';

/** A notification with its recipient's address and current e-mail choice. */
export interface TMailableNotification extends TNotificationsTable {
  email: string;
  name: string;
  choice: TEmailChoice;
}

/**
 * The notification with its recipient, while the recipient is still a member of the
 * organization (a person removed since gets no e-mail).
 */
export async function findMailableNotification(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TMailableNotification | undefined> {
  const row = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .innerJoin('memberships as m', (join) =>
      join
        .onRef('m.user_id', '=', 'n.user_id')
        .onRef('m.organization_id', '=', 'n.organization_id'),
    )
    .leftJoin('notification_preferences as p', (join) =>
      join
        .onRef('p.user_id', '=', 'n.user_id')
        .onRef('p.organization_id', '=', 'n.organization_id'),
    )
    .selectAll('n')
    .select(['u.email', 'u.name', 'p.email as choice'])
    .where('n.organization_id', '=', orgId)
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { ...row, choice: (row.choice ?? DEFAULT_EMAIL_CHOICE) as TEmailChoice };
}

export async function markEmailed(db: TDb, id: string, at: string): Promise<void> {
  await db.updateTable('notifications').set({ emailed_at: at }).where('id', '=', id).execute();
}

/**
 * What the daily digest of an organization carries: the unread notifications created since the
 * instant that neither an immediate e-mail nor an earlier digest carried, of current members
 * whose choice is the digest (the default), oldest first per person.
 */
export async function listDigestNotifications(
  db: TDb,
  orgId: string,
  since: string,
): Promise<TMailableNotification[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .innerJoin('memberships as m', (join) =>
      join
        .onRef('m.user_id', '=', 'n.user_id')
        .onRef('m.organization_id', '=', 'n.organization_id'),
    )
    .leftJoin('notification_preferences as p', (join) =>
      join
        .onRef('p.user_id', '=', 'n.user_id')
        .onRef('p.organization_id', '=', 'n.organization_id'),
    )
    .selectAll('n')
    .select(['u.email', 'u.name', 'p.email as choice'])
    .where('n.organization_id', '=', orgId)
    .where('n.created_at', '>=', since)
    .where('n.read_at', 'is', null)
    .where('n.digest_at', 'is', null)
    .where('n.emailed_at', 'is', null)
    .where((eb) =>
      eb.or([eb('p.email', 'is', null), eb('p.email', '=', 'digest' satisfies TEmailChoice)]),
    )
    .orderBy('n.user_id')
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
  return rows.map((row) => ({ ...row, choice: 'digest' }));
}

export async function markDigested(db: TDb, ids: string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('notifications').set({ digest_at: at }).where('id', 'in', ids).execute();
}
