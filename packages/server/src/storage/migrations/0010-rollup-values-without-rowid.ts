import { SqliteAdapter, sql, type Kysely } from 'kysely';

const COLUMNS = sql.raw(
  'organization_id, question_key, survey_id, touchpoint_id, day, segment_key, n, sum, sum_sq, ' +
    Array.from({ length: 11 }, (_, i) => `h${i}`).join(', '),
);

/**
 * On SQLite, `rollup_values` becomes a WITHOUT ROWID table: its rows are stored in the B-tree
 * of the primary key itself instead of a rowid table plus an index holding the whole key again.
 * Rollup cells are mostly small and many (the demo writes about three per response), and
 * every write looks a cell up by that key: one B-tree to search and to dirty instead of two,
 * and about half the pages (the key index held the whole key again, nearly as big as the table).
 * The table is rebuilt (create, copy, drop, rename) in one transaction. PostgreSQL
 * has no such choice and keeps its table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.transaction().execute(async (trx) => {
    await sql`
      CREATE TABLE rollup_values_rebuilt (
        organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        question_key text NOT NULL,
        survey_id text NOT NULL,
        touchpoint_id text NOT NULL,
        day text NOT NULL,
        segment_key text NOT NULL,
        n integer NOT NULL,
        sum double precision NOT NULL,
        sum_sq double precision NOT NULL,
        h0 integer NOT NULL,
        h1 integer NOT NULL,
        h2 integer NOT NULL,
        h3 integer NOT NULL,
        h4 integer NOT NULL,
        h5 integer NOT NULL,
        h6 integer NOT NULL,
        h7 integer NOT NULL,
        h8 integer NOT NULL,
        h9 integer NOT NULL,
        h10 integer NOT NULL,
        CONSTRAINT rollup_values_pk PRIMARY KEY
          (organization_id, question_key, survey_id, touchpoint_id, day, segment_key)
      ) WITHOUT ROWID`.execute(trx);
    await sql`
      INSERT INTO rollup_values_rebuilt (${COLUMNS})
      SELECT ${COLUMNS} FROM rollup_values`.execute(trx);
    await sql`DROP TABLE rollup_values`.execute(trx);
    await sql`ALTER TABLE rollup_values_rebuilt RENAME TO rollup_values`.execute(trx);
  });
}
