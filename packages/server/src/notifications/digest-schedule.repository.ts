/** SQL of the digest schedule: the one pending digest job of each organization. */
import type { TDb } from '../storage/database.js';
import type { TNotificationDigestSchedulesTable } from '../storage/schema.js';

export async function findDigestSchedule(
  db: TDb,
  orgId: string,
): Promise<TNotificationDigestSchedulesTable | undefined> {
  return db
    .selectFrom('notification_digest_schedules')
    .selectAll()
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
}

/** Inserts the schedule unless the organization has one; true when this call inserted it. */
export async function insertDigestScheduleIfAbsent(
  db: TDb,
  row: TNotificationDigestSchedulesTable,
): Promise<boolean> {
  const result = await db
    .insertInto('notification_digest_schedules')
    .values(row)
    .onConflict((oc) => oc.column('organization_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Hands the schedule from one job to the next, only if `fromJobId` still holds it; true when it
 * did. Of two processes replacing the same job, one wins.
 */
export async function moveDigestSchedule(
  db: TDb,
  orgId: string,
  fromJobId: string,
  to: { job_id: string; run_at: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('notification_digest_schedules')
    .set(to)
    .where('organization_id', '=', orgId)
    .where('job_id', '=', fromJobId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every organization, for the schedule check at start. */
export async function listOrganizationIds(db: TDb): Promise<string[]> {
  const rows = await db.selectFrom('organizations').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}
