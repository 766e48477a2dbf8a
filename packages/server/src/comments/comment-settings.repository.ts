/** The organization's comment settings and the progress of its analysis runs. */
import type { TDb } from '../storage/database.js';
import type { TCommentAnalysisRunsTable, TCommentSettingsTable } from '../storage/schema.js';

export async function findCommentSettings(
  db: TDb,
  organizationId: string,
): Promise<TCommentSettingsTable | undefined> {
  return db
    .selectFrom('comment_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** Creates the row when missing, then changes the given columns. */
export async function upsertCommentSettings(
  db: TDb,
  organizationId: string,
  changes: Partial<Pick<TCommentSettingsTable, 'mask_personal_data' | 'built_in_themes_added'>>,
  now: string,
): Promise<void> {
  await db
    .insertInto('comment_settings')
    .values({
      organization_id: organizationId,
      mask_personal_data: changes.mask_personal_data ?? 0,
      built_in_themes_added: changes.built_in_themes_added ?? 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...changes, updated_at: now }))
    .execute();
}

export async function findAnalysisRun(
  db: TDb,
  organizationId: string,
): Promise<TCommentAnalysisRunsTable | undefined> {
  return db
    .selectFrom('comment_analysis_runs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** Starts (or restarts) the organization's run. */
export async function startAnalysisRun(
  db: TDb,
  organizationId: string,
  total: number,
  now: string,
): Promise<void> {
  const row = {
    analysed: 0,
    total,
    running: 1,
    started_at: now,
    finished_at: null,
    error: null,
  };
  await db
    .insertInto('comment_analysis_runs')
    .values({ organization_id: organizationId, ...row })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(row))
    .execute();
}

export async function updateAnalysisRun(
  db: TDb,
  organizationId: string,
  changes: Partial<Omit<TCommentAnalysisRunsTable, 'organization_id'>>,
): Promise<void> {
  await db
    .updateTable('comment_analysis_runs')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .execute();
}
