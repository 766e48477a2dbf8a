import { sql, type Kysely } from 'kysely';

/**
 * Imports as resources: one row per import (customers, interactions or a survey's responses)
 * with its status and counts, written when it starts, as its batches are stored and when it
 * ends, so that a request that stops midway (the client went away, the body passed the limit,
 * the process died) leaves a row saying what was stored. `client_key` is the client's import
 * id, unique in its organization: the same file sent again with it resumes after `through_row`.
 * `runner` names the process running it (`host:pid`), so that one that died is told apart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text')
    .addColumn('client_key', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('through_row', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source_digest', 'text')
    .addColumn('source_digest_bytes', 'integer')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('imports_org_client_key')
    .on('imports')
    .columns(['organization_id', 'client_key'])
    .unique()
    .where(sql.ref('client_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('imports_org_started')
    .on('imports')
    .columns(['organization_id', 'started_at', 'id'])
    .execute();
  await db.schema
    .createIndex('imports_running')
    .on('imports')
    .column('status')
    .where(sql.ref('status'), '=', 'running')
    .execute();
}
