/** SQL of retention: policies, and the responses a sweep takes in batches. */
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import type { TRetentionPoliciesTable } from '../storage/schema.js';

export async function findRetentionPolicy(
  db: TDb,
  organizationId: string,
): Promise<TRetentionPoliciesTable | undefined> {
  return db
    .selectFrom('retention_policies')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function listRetentionPolicies(db: TDb): Promise<TRetentionPoliciesTable[]> {
  return db.selectFrom('retention_policies').selectAll().orderBy('organization_id').execute();
}

export async function upsertRetentionPolicy(
  db: TDb,
  row: Pick<TRetentionPoliciesTable, 'organization_id' | 'months' | 'mode' | 'updated_at'>,
): Promise<void> {
  await db
    .insertInto('retention_policies')
    .values({ ...row, last_run_at: null, last_result_json: null })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        months: row.months,
        mode: row.mode,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteRetentionPolicy(db: TDb, organizationId: string): Promise<void> {
  await db.deleteFrom('retention_policies').where('organization_id', '=', organizationId).execute();
}

export async function recordRetentionRun(
  db: TDb,
  organizationId: string,
  at: string,
  resultJson: string,
): Promise<void> {
  await db
    .updateTable('retention_policies')
    .set({ last_run_at: at, last_result_json: resultJson })
    .where('organization_id', '=', organizationId)
    .execute();
}

/** A response a sweep takes, with what stripping it needs. */
export interface TExpiredResponse {
  id: string;
  survey_id: string;
  survey_version: number;
  answers_json: string;
  submitted_at: string | null;
}

/**
 * The next batch of complete responses submitted before the cutoff and not yet stripped, in
 * submission order after `after` (the last of the previous batch): the time index
 * `(organization_seq, submitted_at)` finds them without reading the kept ones.
 */
export async function findExpiredSubmitted(
  db: TDb,
  organizationId: string,
  cutoff: string,
  after: { submittedAt: string; id: string } | null,
  limit: number,
  includeAnonymised: boolean,
): Promise<TExpiredResponse[]> {
  let query = db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'answers_json', 'submitted_at'])
    .where('organization_seq', '=', organizationSeq(organizationId))
    .where('submitted_at', '<', cutoff);
  if (!includeAnonymised) query = query.where('anonymised_at', 'is', null);
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('submitted_at', '>', after.submittedAt),
        eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('submitted_at').orderBy('id').limit(limit).execute();
}

/** Unfinished responses started before the cutoff (never submitted), not yet stripped. */
export async function findExpiredUnsubmitted(
  db: TDb,
  organizationId: string,
  cutoff: string,
  limit: number,
  includeAnonymised: boolean,
): Promise<TExpiredResponse[]> {
  let query = db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'answers_json', 'submitted_at'])
    .where('organization_id', '=', organizationId)
    .where('submitted_at', 'is', null)
    .where('started_at', '<', cutoff);
  if (!includeAnonymised) query = query.where('anonymised_at', 'is', null);
  return query.orderBy('started_at').orderBy('id').limit(limit).execute();
}
