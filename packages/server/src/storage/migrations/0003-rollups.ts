import type { Kysely } from 'kysely';

/**
 * Rollups of sufficient statistics, maintained in the same transaction as the responses they sum,
 * so that dashboards read a few aggregates instead of every answer:
 * - `rollup_values`: per organization x question key x survey x touchpoint x day x segment, the
 *   count, sum and sum of squares of the raw values and a histogram of integer scores 0..10.
 *   The pseudo key `$response` counts complete responses (n only).
 * - `rollup_cross_products`: per organization x survey x touchpoint x month x segment x answer
 *   pattern (the set of numeric keys a response answered), the moment matrix of [1, x1..xk]
 *   (upper triangle as a JSON array: n, the sums, the sums of products), for key drivers.
 * - `rollup_versions`: a counter per organization bumped by every rollup write, so that in-memory
 *   caches in any process can tell cheaply whether they are stale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('rollup_values')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    /** '' for responses without a touchpoint: primary keys cannot hold NULL. */
    .addColumn('touchpoint_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('segment_key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('sum_sq', 'double precision', (c) => c.notNull())
    .addColumn('h0', 'integer', (c) => c.notNull())
    .addColumn('h1', 'integer', (c) => c.notNull())
    .addColumn('h2', 'integer', (c) => c.notNull())
    .addColumn('h3', 'integer', (c) => c.notNull())
    .addColumn('h4', 'integer', (c) => c.notNull())
    .addColumn('h5', 'integer', (c) => c.notNull())
    .addColumn('h6', 'integer', (c) => c.notNull())
    .addColumn('h7', 'integer', (c) => c.notNull())
    .addColumn('h8', 'integer', (c) => c.notNull())
    .addColumn('h9', 'integer', (c) => c.notNull())
    .addColumn('h10', 'integer', (c) => c.notNull())
    // Question first: the cube loads one question key of one organization as a range scan.
    .addPrimaryKeyConstraint('rollup_values_pk', [
      'organization_id',
      'question_key',
      'survey_id',
      'touchpoint_id',
      'day',
      'segment_key',
    ])
    .execute();

  await db.schema
    .createTable('rollup_cross_products')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    /** Hash of the dimensions and the pattern: a short key where the pattern could be long. */
    .addColumn('cell_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('touchpoint_id', 'text', (c) => c.notNull())
    /** `YYYY-MM`. */
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('segment_key', 'text', (c) => c.notNull())
    /** The answered numeric keys, sorted, joined with ','. */
    .addColumn('variables', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    /** JSON array: the upper triangle, row by row, of the moment matrix of [1, x1..xk]. */
    .addColumn('moments_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_cross_products_pk', ['organization_id', 'cell_id'])
    .execute();
  await db.schema
    .createIndex('rollup_cross_products_org_survey')
    .on('rollup_cross_products')
    .columns(['organization_id', 'survey_id', 'month'])
    .execute();

  await db.schema
    .createTable('rollup_versions')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  // The SQL fallback (channel or language filters) scans answers by key and day, then joins the
  // response by its primary key; responses need an index to be counted by day.
  await db.schema
    .createIndex('responses_org_day')
    .on('responses')
    .columns(['organization_id', 'day'])
    .execute();
}
