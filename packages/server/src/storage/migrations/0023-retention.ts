import { type Kysely } from 'kysely';

/**
 * Retention: each organization may keep responses for a number of months, after which a daily
 * job anonymises or deletes them (`retention_policies`, one row per organization that set one).
 * `responses.anonymised_at` marks a response already stripped, so the daily sweep passes over it
 * instead of rewriting it every day; a nullable column without default costs no table rewrite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_policies')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .addColumn('last_result_json', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('responses').addColumn('anonymised_at', 'text').execute();
}
