import type { Kysely } from 'kysely';

/**
 * The web widget's configuration: an organization's widgets, each with a public key (the
 * `data-key` of the script tag), and the surveys a widget may show with their triggers and
 * display rules (sampling, at most once per N days per visitor).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('widgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('widgets_org').on('widgets').column('organization_id').execute();

  await db.schema
    .createTable('widget_surveys')
    .addColumn('widget_id', 'text', (c) => c.notNull().references('widgets.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    /** Order in the widget's list: the first matching survey wins a trigger. */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('triggers_json', 'text', (c) => c.notNull())
    .addColumn('sampling_percent', 'double precision', (c) => c.notNull())
    .addColumn('once_per_days', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('widget_surveys_pk', ['widget_id', 'survey_id'])
    .execute();
  await db.schema
    .createIndex('widget_surveys_survey')
    .on('widget_surveys')
    .column('survey_id')
    .execute();
}
