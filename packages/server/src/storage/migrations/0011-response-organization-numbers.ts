import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Responses carry their organization's number (`organization_seq`, as interactions do since
 * migration 0007), and the time index leads with it: `(organization_seq, submitted_at)` instead
 * of `(organization_id, submitted_at)`. Its entries lose the 36-character id, about 36 bytes of
 * 66. A bulk import of a past period lands all over this index (a file of a year's responses
 * interleaves with what earlier imports stored there), so a smaller index is fewer pages to read
 * and write per commit. `bench/response-time-index-floor.ts` measures it on ready rows: with many
 * responses stored, imports of a past year cost SQLite less per response with the number than
 * with the id. Queries that need the organization's responses in time order filter on
 * `organization_seq`; `organization_id` stays on every row with its foreign key and cascade.
 * The `response_values` view shows the number too, so that a rebuild of an organization's
 * rollups reads its responses through the index.
 *
 * SQLite adds a NOT NULL column only with a default: every writer gives the number (from
 * `organizations.seq`), and the default of 0 matches no organization.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    await sql`ALTER TABLE responses ADD COLUMN organization_seq integer NOT NULL DEFAULT 0`.execute(
      db,
    );
    await sql`
      UPDATE responses SET organization_seq = (
        SELECT o.seq FROM organizations o WHERE o.id = responses.organization_id
      )`.execute(db);
  } else {
    await sql`ALTER TABLE responses ADD COLUMN organization_seq integer`.execute(db);
    await sql`
      UPDATE responses r SET organization_seq = o.seq
      FROM organizations o WHERE o.id = r.organization_id`.execute(db);
    await sql`ALTER TABLE responses ALTER COLUMN organization_seq SET NOT NULL`.execute(db);
  }
  await sql`DROP INDEX responses_org_submitted`.execute(db);
  await sql`
    CREATE INDEX responses_org_submitted ON responses (organization_seq, submitted_at)
  `.execute(db);
  await sql`DROP VIEW response_values`.execute(db);
  const value = sqlite ? sql`a.value` : sql`a.value::double precision`;
  const answers = sqlite
    ? sql`responses r, json_each(r.values_json) a`
    : sql`responses r CROSS JOIN LATERAL jsonb_each_text(r.values_json::jsonb) a`;
  await sql`
    CREATE VIEW response_values AS
    SELECT r.id AS response_id, r.organization_id, r.organization_seq, r.survey_id,
      a.key AS question_key, r.touchpoint_id, r.day, r.segment_key, ${value} AS value
    FROM ${answers}
    WHERE r.status = 'complete'`.execute(db);
}
