import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * On SQLite, the two interaction indexes that hold the time (by organization, and by customer)
 * key it as `unixepoch(occurred_at, 'subsec')`, a number of seconds with the milliseconds, instead
 * of the 24-character text: their entries shrink by about 16 bytes. A bulk import dirties every
 * page of the time index at each commit (a file in customer order lands all over it), so smaller
 * entries are fewer pages to write: on ready rows, SQLite's cost per interaction fell by about
 * 15% (`bench/sqlite-floor.ts`). Queries that seek these indexes compare and sort by the same
 * expression (`interactionTime` in interactions.repository.ts); the text column is unchanged.
 * PostgreSQL keeps its text indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`DROP INDEX interactions_customer`.execute(db);
  await sql`DROP INDEX interactions_org_occurred`.execute(db);
  await sql`
    CREATE INDEX interactions_customer
    ON interactions (customer_id, unixepoch(occurred_at, 'subsec'))`.execute(db);
  await sql`
    CREATE INDEX interactions_org_occurred
    ON interactions (organization_seq, unixepoch(occurred_at, 'subsec'))`.execute(db);
}
