import { sql, type Kysely } from 'kysely';

/**
 * Webhooks: subscriptions, the messages delivered to them and each attempt.
 *
 * - `webhooks.secret` is kept as issued (`whsec_...`): signing needs the key itself, so unlike
 *   API keys it cannot be stored as a hash. `event_types_json` is the subscribed types (`*`: all).
 * - `webhook_deliveries`: one message to one subscription. `(webhook_id, event_id)` is unique, so
 *   an event the dispatcher hands over twice makes one delivery. `attempt_token` names the one
 *   queued attempt that may send; an attempt claims it before sending (a redelivery issues a new
 *   one, so a retry scheduled earlier finds it gone and sends nothing).
 * - `webhook_delivery_attempts`: the log, one row per attempt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('event_types_json', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX webhooks_org_created ON webhooks (organization_id, created_at)`.execute(
    db,
  );
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) =>
      c.notNull().references('webhooks.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    /** The message body, signed and sent byte for byte the same on every attempt. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** pending | succeeded | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('attempt_token', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_webhook_event', ['webhook_id', 'event_id'])
    .execute();
  await sql`CREATE INDEX webhook_deliveries_webhook_created ON webhook_deliveries (webhook_id, created_at, id)`.execute(
    db,
  );
  await db.schema
    .createTable('webhook_delivery_attempts')
    .addColumn('delivery_id', 'text', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_delivery_attempts_pk', ['delivery_id', 'attempt'])
    .execute();
}
