import { sql, type Kysely } from 'kysely';

/**
 * Rules: definitions, their runs and the tags they put on responses.
 *
 * - `rules`: conditions and actions are JSON documents (the contract in core validates them);
 *   `enabled_at` is when the rule was last switched on: it acts on what arrives since, so a
 *   bulk load of history does not open a case for every old detractor.
 * - `rule_runs`: one row per rule and matched response or alert. `(rule_id, subject_id)` is
 *   unique and the row is inserted in the transaction of the actions' writes, so an event the
 *   dispatcher hands over twice acts once. Runs go with their rule.
 * - `response_tags`: tags by response; a tag added twice is one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('enabled_at', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('conditions_json', 'text', (c) => c.notNull())
    .addColumn('actions_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX rules_org_created ON rules (organization_id, created_at)`.execute(db);
  await db.schema
    .createTable('rule_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull().references('rules.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('outcomes_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rule_runs_rule_subject', ['rule_id', 'subject_id'])
    .execute();
  await sql`CREATE INDEX rule_runs_rule_created ON rule_runs (rule_id, created_at, id)`.execute(db);
  await db.schema
    .createTable('response_tags')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_tags_pk', ['response_id', 'tag'])
    .execute();
  await sql`CREATE INDEX response_tags_org_tag ON response_tags (organization_id, tag)`.execute(db);
}
