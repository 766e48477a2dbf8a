import type { Kysely } from 'kysely';

/**
 * Surveys with immutable versions, and responses. A response keeps its full answers as JSON
 * (fidelity) and each numeric answer as a row of `response_values`, denormalised with the
 * dimensions analyses group by (day, touchpoint, segment), so that aggregates never parse JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.references('brands.id').onDelete('set null'))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('surveys_org').on('surveys').column('organization_id').execute();

  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('survey_touchpoints')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('touchpoint_id', 'text', (c) =>
      c.notNull().references('touchpoints.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_touchpoints_pk', ['survey_id', 'touchpoint_id'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('survey_version', 'integer', (c) => c.notNull())
    .addColumn('touchpoint_id', 'text', (c) => c.references('touchpoints.id').onDelete('set null'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('interaction_id', 'text', (c) =>
      c.references('interactions.id').onDelete('set null'),
    )
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('hidden_json', 'text', (c) => c.notNull())
    .addColumn('segment_json', 'text', (c) => c.notNull())
    /** Canonical `key=value;...` of the segment attributes: the rollups' segment dimension. */
    .addColumn('segment_key', 'text', (c) => c.notNull())
    .addColumn('resume_token_hash', 'text', (c) => c.unique())
    .addColumn('idempotency_key', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    /** UTC day of submission (or start, while partial): `YYYY-MM-DD`. */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('responses_org_idempotency', ['organization_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('responses_org_survey_submitted')
    .on('responses')
    .columns(['organization_id', 'survey_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('responses_org_submitted')
    .on('responses')
    .columns(['organization_id', 'submitted_at'])
    .execute();
  await db.schema.createIndex('responses_customer').on('responses').column('customer_id').execute();

  await db.schema
    .createTable('response_values')
    .addColumn('response_id', 'text', (c) =>
      c.notNull().references('responses.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    /** The question id, or `question.item` for a matrix item. */
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('touchpoint_id', 'text')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('segment_key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_values_pk', ['response_id', 'question_key'])
    .execute();
  await db.schema
    .createIndex('response_values_org_question_day')
    .on('response_values')
    .columns(['organization_id', 'question_key', 'day'])
    .execute();
}
