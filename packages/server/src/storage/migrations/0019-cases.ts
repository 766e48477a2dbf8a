import { sql, type Kysely } from 'kysely';

/**
 * Cases: the work items of the closed loop, with their timeline, their codes and SLA policies.
 *
 * - `cases.number` is the organization's human number (#1, #2, ...), drawn from
 *   `case_counters` in the opening transaction: an upsert that takes the counter row's lock, so
 *   concurrent openings on PostgreSQL get distinct numbers instead of colliding on `MAX + 1`.
 * - SLA bookkeeping on the case row: the due times (pushed on by the paused time when a pending
 *   case resumes), `paused_at` while pending and the total paused so far, per target when
 *   it was breached; `sla_check_at` the due time the one live `cases.sla` job is queued for.
 *   `version` counts writes, for optimistic concurrency.
 * - `case_activities`: the timeline (notes, status changes, messages, SLA events), `data_json`
 *   the kind's details.
 * - `case_codes`: the root-cause and resolution taxonomy; archived codes stay on old cases.
 * - `case_sla_policies`: per organization and priority, the targets in minutes.
 * - `teams.lead_user_id`: the person a breach escalates to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const orgRef = 'organizations.id';
  await db.schema.alterTable('teams').addColumn('lead_user_id', 'text').execute();
  await db.schema
    .createTable('case_counters')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('case_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    /** root_cause | resolution */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_codes_org_kind_label', ['organization_id', 'kind', 'label'])
    .execute();
  await db.schema
    .createTable('case_sla_policies')
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_sla_policies_pk', ['organization_id', 'priority'])
    .execute();
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** new | open | pending | resolved | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    /** low | normal | high | urgent */
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** response | alert | manual */
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('response_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('touchpoint_id', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('root_cause_code_id', 'text', (c) => c.references('case_codes.id'))
    .addColumn('resolution_code_id', 'text', (c) => c.references('case_codes.id'))
    .addColumn('first_response_due_at', 'text', (c) => c.notNull())
    .addColumn('resolution_due_at', 'text', (c) => c.notNull())
    .addColumn('first_responded_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('paused_ms', 'bigint', (c) => c.notNull())
    .addColumn('first_response_breached_at', 'text')
    .addColumn('resolution_breached_at', 'text')
    .addColumn('escalated_at', 'text')
    /** The due time the live `cases.sla` job checks; a job queued for another time is stale. */
    .addColumn('sla_check_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('cases_org_number', ['organization_id', 'number'])
    .execute();
  await sql`CREATE INDEX cases_org_status ON cases (organization_id, status, created_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX cases_org_team ON cases (organization_id, team_id, created_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX cases_org_assignee ON cases (organization_id, assignee_id, created_at, id)`.execute(
    db,
  );
  await sql`CREATE INDEX cases_org_customer ON cases (organization_id, customer_id) WHERE customer_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX cases_org_response ON cases (organization_id, response_id) WHERE response_id IS NOT NULL`.execute(
    db,
  );
  await db.schema
    .createTable('case_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** user | rule | system | customer */
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX case_activities_case ON case_activities (case_id, created_at, id)`.execute(
    db,
  );
}
