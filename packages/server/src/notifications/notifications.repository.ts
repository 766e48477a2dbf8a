import type { TDb } from '../storage/database.js';
import type { TNotificationsTable } from '../storage/schema.js';

export type TEmailChoice = 'immediate' | 'digest' | 'off';

/** What a person gets by e-mail when they never chose. */
export const DEFAULT_EMAIL_CHOICE: TEmailChoice = 'digest';

export async function insertNotifications(db: TDb, rows: TNotificationsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
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
