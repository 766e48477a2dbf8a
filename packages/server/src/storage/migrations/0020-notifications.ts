import { sql, type Kysely } from 'kysely';

/**
 * Notifications: what each person is told in the dashboard, and how they want it by e-mail.
 *
 * - `notifications`: one row per recipient. `emailed_at` marks an immediate e-mail sent,
 *   `digest_at` the daily digest that carried it, so neither is ever sent twice.
 * - `notification_preferences`: one e-mail choice per person and organization (immediate,
 *   digest or off); a person without a row gets the digest.
 * - `notification_digest_schedules`: the one pending digest job of each organization. The primary
 *   key is the dedupe: two processes ensuring the schedule at once insert one row, and only the
 *   job named in it may send and queue the next day's run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('emailed_at', 'text')
    .addColumn('digest_at', 'text')
    .execute();
  // A person's list (newest first), their unread count and the digest's unread of the last day.
  await sql`CREATE INDEX notifications_user_read_created ON notifications (user_id, read_at, created_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX notifications_user_created ON notifications (user_id, created_at, id)`.execute(
    db,
  );
  // The daily digest: an organization's notifications no digest has carried yet, by time.
  await sql`CREATE INDEX notifications_org_digest ON notifications (organization_id, digest_at, created_at)`.execute(
    db,
  );
  await db.schema
    .createTable('notification_preferences')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** immediate | digest | off */
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['organization_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('notification_digest_schedules')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
