import { sql, type Kysely } from 'kysely';

/**
 * Alerts: the findings of the change scan (`alerts/CHANGES.md`), one row per localised change.
 *
 * - `series_key` names the series (question key, touchpoint, segment values): a re-scan that
 *   finds the same series changing at about the same date updates its alert instead of adding one.
 * - The figures (before and after with intervals, the localisation) are JSON documents, written
 *   whole by each scan; status and who acknowledged or resolved are columns.
 * - `alert_scans`: per organization, the last scan: the rollup version it read (a scan of data
 *   that did not change since is skipped) and how many series it tested.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('series_key', 'text', (c) => c.notNull())
    /** open | acknowledged | resolved */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('touchpoint_id', 'text')
    .addColumn('segment_json', 'text', (c) => c.notNull())
    .addColumn('change_date', 'text', (c) => c.notNull())
    /** up | down */
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text', (c) => c.notNull())
    .addColumn('after_json', 'text', (c) => c.notNull())
    .addColumn('effect_size', 'double precision', (c) => c.notNull())
    /** cohens-d | nps-points */
    .addColumn('effect_unit', 'text', (c) => c.notNull())
    .addColumn('p_value', 'double precision', (c) => c.notNull())
    .addColumn('adjusted_p_value', 'double precision', (c) => c.notNull())
    .addColumn('localisation_json', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX alerts_org_status_date ON alerts (organization_id, status, change_date)`.execute(
    db,
  );
  await sql`CREATE INDEX alerts_org_series ON alerts (organization_id, series_key)`.execute(db);
  await db.schema
    .createTable('alert_scans')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('rollup_version', 'bigint', (c) => c.notNull())
    .addColumn('tested_series', 'integer', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .execute();
}
