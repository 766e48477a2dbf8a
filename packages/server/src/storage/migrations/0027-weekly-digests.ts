import { type Kysely } from 'kysely';

/**
 * The weekly e-mail digest of the scorecard and open alerts.
 *
 * - `digest_subscriptions`: one setting per person and organization (on or off, day, hour UTC,
 *   scope); a person without a row gets no digest.
 * - `digest_sends`: the sent-log. Its primary key (person, organization, week) is the claim a
 *   run inserts before sending, so however many runs or restarts happen in a week, a person gets
 *   at most one weekly digest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('day_of_week', 'integer', (c) => c.notNull())
    .addColumn('hour_utc', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('active_since', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_subscriptions_pk', ['organization_id', 'user_id'])
    .execute();
  // The hourly run reads the switched-on settings of every organization.
  await db.schema
    .createIndex('digest_subscriptions_enabled')
    .on('digest_subscriptions')
    .columns(['enabled', 'organization_id'])
    .execute();
  await db.schema
    .createTable('digest_sends')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_sends_pk', ['organization_id', 'user_id', 'week'])
    .execute();
}
