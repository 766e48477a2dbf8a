import type { Kysely } from 'kysely';

/**
 * The durable jobs table (claimed by workers with a lease: `locked_by` / `locked_until`), and
 * e-mail campaigns: campaigns, one invitation per customer and campaign, the hashes of the personal
 * tokens sent in e-mails, and the per-organization contact-frequency rule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Null for installation-wide work. */
    .addColumn('organization_id', 'text', (c) => c.references(orgRef).onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    /** queued | running | done | failed (waiting for a retry) | dead (gave up). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Claims look for due jobs by status and time; expired leases by status and lease end.
  await db.schema
    .createIndex('jobs_status_run_at')
    .on('jobs')
    .columns(['status', 'run_at'])
    .execute();
  await db.schema
    .createIndex('jobs_status_locked_until')
    .on('jobs')
    .columns(['status', 'locked_until'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** draft | scheduled | sending | sent. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('audience_json', 'text', (c) => c.notNull())
    .addColumn('touchpoint_id', 'text', (c) => c.references('touchpoints.id').onDelete('set null'))
    /** Subject and intro per language. */
    .addColumn('messages_json', 'text', (c) => c.notNull())
    .addColumn('reminder_days', 'integer', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaigns_org_created')
    .on('campaigns')
    .columns(['organization_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) =>
      c.notNull().references('campaigns.id').onDelete('cascade'),
    )
    .addColumn('survey_id', 'text', (c) => c.notNull())
    /** Erasing a customer erases their invitations. */
    .addColumn('customer_id', 'text', (c) =>
      c.notNull().references('customers.id').onDelete('cascade'),
    )
    .addColumn('interaction_id', 'text', (c) =>
      c.references('interactions.id').onDelete('set null'),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    /** skipped | queued | sent | failed. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** no_email | no_consent | opted_out | frequency, for skipped invitations. */
    .addColumn('skip_reason', 'text')
    .addColumn('last_error', 'text')
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('reminder_queued_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('response_id', 'text')
    .addColumn('opted_out_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('invitations_campaign_customer', ['campaign_id', 'customer_id'])
    .execute();
  // The contact-frequency rule asks: was this customer invited to anything since <instant>?
  await db.schema
    .createIndex('invitations_org_customer_invited')
    .on('invitations')
    .columns(['organization_id', 'customer_id', 'invited_at'])
    .execute();
  await db.schema
    .createIndex('invitations_campaign_status')
    .on('invitations')
    .columns(['campaign_id', 'status'])
    .execute();

  await db.schema
    .createTable('invitation_tokens')
    /** SHA-256 of the token: the token itself exists only in the e-mail. */
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) =>
      c.notNull().references('invitations.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invitation_tokens_invitation')
    .on('invitation_tokens')
    .column('invitation_id')
    .execute();

  await db.schema
    .createTable('invitation_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    /** Contact frequency: no invitation to a customer invited to any survey in this many days. */
    .addColumn('min_days_between', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
