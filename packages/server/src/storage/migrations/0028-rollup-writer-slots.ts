import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * On PostgreSQL, rollup cells get a writer slot (`slot`, last in the primary key): a transaction
 * adds its deltas to the rows of a slot no other open transaction holds (a transaction-level
 * advisory lock per slot, `ingest/rollup-writes.ts`), and reads sum a cell's slots. Writers in
 * several processes, or an import beside the group commit, then never wait for each other's row
 * locks on an organization's hot cells until commit. Existing rows are slot 0. SQLite has one
 * writer at a time and keeps its tables as they are. (The migrator runs this in a transaction on
 * PostgreSQL.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  for (const [table, key] of [
    [
      'rollup_values',
      'organization_id, question_key, survey_id, touchpoint_id, day, segment_key, slot',
    ],
    ['rollup_cross_products', 'organization_id, cell_id, slot'],
  ] as const) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN slot smallint NOT NULL DEFAULT 0`.execute(
      db,
    );
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(`${table}_pk`)}`.execute(
      db,
    );
    await sql`
      ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(`${table}_pk`)}
      PRIMARY KEY (${sql.raw(key)})`.execute(db);
  }
}
