import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Responses keep their numeric answers in the row (`values_json`, `{"nps": 9, "csat": 4}`), and
 * the table keeps the indexes its queries use, the sparse ones partial:
 * - `response_values` was a table written with one row and two index entries per numeric answer
 *   (seven answers: fourteen B-tree inserts besides the response's own). It becomes a view over
 *   `responses` with the same columns, so the analyses that read raw answers (the SQL fallback,
 *   the journey importance, the rollup rebuild) read the same rows as before. Dashboards read
 *   the rollups, which the writer maintains in the same transaction, not this view.
 * - The resume token, the idempotency key and the customer are indexed only where present: most
 *   responses have none of the three, and each was an index entry per response.
 * - `(organization_id, survey_id, submitted_at)` and `(organization_id, day)` go: a survey's
 *   responses are found through `(survey_id, survey_version, id)`, and days are ranges of
 *   `submitted_at` on `(organization_id, submitted_at)`.
 * `bench/response-layout-floor.ts` measures both layouts on ready rows: a response costs SQLite
 * a fraction of what it did, the more so the more numeric answers it has, since the compact
 * layout writes no B-tree entries per answer.
 *
 * SQLite cannot drop a table constraint, so there the responses table is rebuilt (create, copy,
 * drop, rename, with foreign keys off while it runs); PostgreSQL alters it in place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqlite(db);
  else await alterPostgres(db);
}

async function alterPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE responses ADD COLUMN values_json text NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE responses r SET values_json = v.packed
    FROM (
      SELECT response_id, json_object_agg(question_key, value)::text AS packed
      FROM response_values GROUP BY response_id
    ) v
    WHERE v.response_id = r.id`.execute(db);
  await sql`ALTER TABLE responses ALTER COLUMN values_json DROP DEFAULT`.execute(db);
  await sql`DROP TABLE response_values`.execute(db);
  await sql`ALTER TABLE responses DROP CONSTRAINT responses_org_idempotency`.execute(db);
  await sql`ALTER TABLE responses DROP CONSTRAINT responses_resume_token_hash_key`.execute(db);
  await sql`DROP INDEX responses_customer`.execute(db);
  await sql`DROP INDEX responses_org_survey_submitted`.execute(db);
  await sql`DROP INDEX responses_org_day`.execute(db);
  await createIndexes(db);
  await sql`
    CREATE VIEW response_values AS
    SELECT r.id AS response_id, r.organization_id, r.survey_id, a.key AS question_key,
      r.touchpoint_id, r.day, r.segment_key, a.value::double precision AS value
    FROM responses r CROSS JOIN LATERAL jsonb_each_text(r.values_json::jsonb) a
    WHERE r.status = 'complete'`.execute(db);
}

const COLUMNS = sql.raw(
  'id, organization_id, survey_id, survey_version, touchpoint_id, customer_id, interaction_id, ' +
    'channel, language, status, answers_json, hidden_json, segment_json, segment_key, ' +
    'resume_token_hash, idempotency_key, started_at, submitted_at, day, updated_at',
);

async function rebuildSqlite(db: Kysely<unknown>): Promise<void> {
  // The pragma is a no-op inside a transaction: off first, then one transaction for the rebuild.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`
        CREATE TABLE responses_rebuilt (
          id text PRIMARY KEY,
          organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
          survey_id text NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
          survey_version integer NOT NULL,
          touchpoint_id text REFERENCES touchpoints (id) ON DELETE SET NULL,
          customer_id text REFERENCES customers (id) ON DELETE SET NULL,
          interaction_id text REFERENCES interactions (id) ON DELETE SET NULL,
          channel text NOT NULL,
          language text NOT NULL,
          status text NOT NULL,
          answers_json text NOT NULL,
          hidden_json text NOT NULL,
          segment_json text NOT NULL,
          segment_key text NOT NULL,
          values_json text NOT NULL,
          resume_token_hash text,
          idempotency_key text,
          started_at text NOT NULL,
          submitted_at text,
          day text NOT NULL,
          updated_at text NOT NULL
        )`.execute(trx);
      await sql`
        INSERT INTO responses_rebuilt (${COLUMNS}, values_json)
        SELECT ${COLUMNS}, COALESCE(
          (SELECT json_group_object(v.question_key, v.value)
           FROM response_values v WHERE v.response_id = r.id),
          '{}')
        FROM responses r ORDER BY r.id`.execute(trx);
      await sql`DROP TABLE response_values`.execute(trx);
      await sql`DROP TABLE responses`.execute(trx);
      await sql`ALTER TABLE responses_rebuilt RENAME TO responses`.execute(trx);
      await createIndexes(trx);
      await sql`
        CREATE VIEW response_values AS
        SELECT r.id AS response_id, r.organization_id, r.survey_id, a.key AS question_key,
          r.touchpoint_id, r.day, r.segment_key, a.value AS value
        FROM responses r, json_each(r.values_json) a
        WHERE r.status = 'complete'`.execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) {
        throw new Error(`foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
      }
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

async function createIndexes(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE UNIQUE INDEX responses_resume ON responses (resume_token_hash)
      WHERE resume_token_hash IS NOT NULL`,
    sql`CREATE UNIQUE INDEX responses_org_idempotency ON responses (organization_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL`,
    sql`CREATE INDEX responses_customer ON responses (customer_id) WHERE customer_id IS NOT NULL`,
  ];
  // SQLite dropped the table's other indexes with it; PostgreSQL keeps them.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    statements.push(
      sql`CREATE INDEX responses_org_submitted ON responses (organization_id, submitted_at)`,
      sql`CREATE INDEX responses_survey_version ON responses (survey_id, survey_version, id)`,
    );
  }
  for (const statement of statements) await statement.execute(db);
}
