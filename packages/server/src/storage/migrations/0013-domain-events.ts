import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The transactional outbox. Every committed write of a response or an interaction appends its
 * domain events here in the same transaction, so an event exists exactly when its write does;
 * a dispatcher hands them to subscribers in `seq` order, each subscriber with its own cursor.
 *
 * - `seq` orders events: autoincrement on SQLite (one writer), a bigserial on PostgreSQL, where
 *   writers take a transaction-scoped advisory lock before appending so that events commit in
 *   `seq` order and a reader never passes one that commits later.
 * - `tx_end` is 1 on the last event of its transaction: the dispatcher hands whole transactions
 *   to subscribers (the cube applies a transaction's rollup deltas at once).
 * - No foreign keys: an event records what happened, and stays when its subject is erased.
 * - `id` (a UUID v7 drawn by the writer) has no index: subscribers deduplicate on it, nothing
 *   looks an event up by it, and every index is one more B-tree written per event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const seq = sqlite ? sql`integer PRIMARY KEY AUTOINCREMENT` : sql`bigserial PRIMARY KEY`;
  await sql`
    CREATE TABLE domain_events (
      seq ${seq},
      id text NOT NULL,
      organization_id text NOT NULL,
      type text NOT NULL,
      subject_id text NOT NULL,
      payload_json text NOT NULL,
      tx_end integer NOT NULL,
      created_at text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX domain_events_org_seq ON domain_events (organization_id, seq)`.execute(db);
  await sql`
    CREATE TABLE event_cursors (
      subscriber text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at text NOT NULL
    )`.execute(db);
}
