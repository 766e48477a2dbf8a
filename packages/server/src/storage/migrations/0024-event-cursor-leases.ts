import { type Kysely } from 'kysely';

/**
 * A durable subscriber's cursor is leased, not locked: a process that delivers to a subscriber
 * writes its name and a time limit on the cursor row (`leased_by`, `leased_until`) and clears
 * them when the delivery is done. A row lock held through a delivery kept a pool connection
 * idle in its transaction while the subscriber worked on others; with more durable subscribers
 * than spare connections every delivery waited for a connection none would give back. A lease
 * holds no connection, and one left by a killed process lapses at its time limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_cursors').addColumn('leased_by', 'text').execute();
  await db.schema.alterTable('event_cursors').addColumn('leased_until', 'text').execute();
}
