/** SQL of closing the loop: case e-mails, follow-ups, settings, and the answers they compare. */
import type { TDb } from '../storage/database.js';
import type {
  TCaseFollowUpsTable,
  TCaseMessagesTable,
  TClosedLoopSettingsTable,
} from '../storage/schema.js';

export async function insertCaseMessage(db: TDb, row: TCaseMessagesTable): Promise<void> {
  await db.insertInto('case_messages').values(row).execute();
}

export async function findCaseMessage(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TCaseMessagesTable | undefined> {
  return db
    .selectFrom('case_messages')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Changes a message only while it is queued: a retried job does not send twice. */
export async function updateQueuedCaseMessage(
  db: TDb,
  id: string,
  changes: Partial<Pick<TCaseMessagesTable, 'status' | 'last_error' | 'sent_at' | 'updated_at'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('case_messages')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listCaseMessages(
  db: TDb,
  orgId: string,
  caseId: string,
): Promise<TCaseMessagesTable[]> {
  return db
    .selectFrom('case_messages')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertFollowUp(db: TDb, row: TCaseFollowUpsTable): Promise<void> {
  await db.insertInto('case_follow_ups').values(row).execute();
}

/** A follow-up with its invitation's delivery state. */
export type TFollowUpRow = TCaseFollowUpsTable & { delivery_status: string | null };

export async function listFollowUpsOfCase(
  db: TDb,
  orgId: string,
  caseId: string,
): Promise<TFollowUpRow[]> {
  return db
    .selectFrom('case_follow_ups')
    .leftJoin('invitations', 'invitations.id', 'case_follow_ups.invitation_id')
    .selectAll('case_follow_ups')
    .select('invitations.status as delivery_status')
    .where('case_follow_ups.organization_id', '=', orgId)
    .where('case_follow_ups.case_id', '=', caseId)
    .orderBy('case_follow_ups.sent_at')
    .orderBy('case_follow_ups.id')
    .execute();
}

/**
 * The customer's latest unanswered follow-up of the survey sent at or before the instant: the
 * one a response of theirs to that survey answers.
 */
export async function findPendingFollowUp(
  db: TDb,
  orgId: string,
  customerId: string,
  surveyId: string,
  at: string,
): Promise<(TCaseFollowUpsTable & { invitation_response_id: string | null }) | undefined> {
  return db
    .selectFrom('case_follow_ups')
    .leftJoin('invitations', 'invitations.id', 'case_follow_ups.invitation_id')
    .selectAll('case_follow_ups')
    .select('invitations.response_id as invitation_response_id')
    .where('case_follow_ups.organization_id', '=', orgId)
    .where('case_follow_ups.customer_id', '=', customerId)
    .where('case_follow_ups.survey_id', '=', surveyId)
    .where('case_follow_ups.status', '=', 'sent')
    .where('case_follow_ups.sent_at', '<=', at)
    .orderBy('case_follow_ups.sent_at', 'desc')
    .orderBy('case_follow_ups.id', 'desc')
    .executeTakeFirst();
}

/** Records the answer of a follow-up still unanswered; false when another writer did first. */
export async function recordFollowUpAnswer(
  db: TDb,
  id: string,
  changes: Pick<
    TCaseFollowUpsTable,
    'response_id' | 'score' | 'category' | 'recovered' | 'answered_at' | 'updated_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('case_follow_ups')
    .set({ ...changes, status: 'answered' })
    .where('id', '=', id)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What a response says for comparing scores: its survey version, answers and customer. */
export async function findResponseScores(db: TDb, orgId: string, responseId: string) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'survey_id',
      'survey_version',
      'customer_id',
      'values_json',
      'status',
      'submitted_at',
    ])
    .where('organization_id', '=', orgId)
    .where('id', '=', responseId)
    .executeTakeFirst();
}

/** The customer's complete responses submitted before the instant, newest first. */
export async function findCustomerResponsesBefore(
  db: TDb,
  orgId: string,
  customerId: string,
  before: string,
  limit: number,
) {
  return db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'values_json', 'submitted_at'])
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'complete')
    .where('submitted_at', '<', before)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The definition (JSON text) of one version of a survey. */
export async function findDefinitionJson(
  db: TDb,
  surveyId: string,
  version: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('survey_versions')
    .select('definition_json')
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.definition_json;
}

export async function findClosedLoopSettings(
  db: TDb,
  orgId: string,
): Promise<TClosedLoopSettingsTable | undefined> {
  return db
    .selectFrom('closed_loop_settings')
    .selectAll()
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
}

export async function saveClosedLoopSettings(
  db: TDb,
  row: TClosedLoopSettingsTable,
): Promise<void> {
  await db
    .insertInto('closed_loop_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        follow_up_survey_id: row.follow_up_survey_id,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** The brand a case's e-mails wear: its touchpoint's journey's brand, else the organization's first. */
export async function findCaseBrandLook(db: TDb, orgId: string, touchpointId: string | null) {
  if (touchpointId !== null) {
    const viaJourney = await db
      .selectFrom('touchpoints')
      .innerJoin('journeys', 'journeys.id', 'touchpoints.journey_id')
      .innerJoin('brands', 'brands.id', 'journeys.brand_id')
      .select(['brands.name', 'brands.style_guide_json'])
      .where('touchpoints.organization_id', '=', orgId)
      .where('touchpoints.id', '=', touchpointId)
      .executeTakeFirst();
    if (viaJourney) return viaJourney;
  }
  return db
    .selectFrom('brands')
    .select(['name', 'style_guide_json'])
    .where('organization_id', '=', orgId)
    .where('archived_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/** The teams a user belongs to (not archived), by name. */
export async function findUserTeams(db: TDb, orgId: string, userId: string) {
  return db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_members.organization_id', '=', orgId)
    .where('team_members.user_id', '=', userId)
    .where('teams.archived_at', 'is', null)
    .orderBy('teams.name')
    .execute();
}

/** The touchpoints the teams own (not archived). */
export async function findTouchpointsOwnedBy(db: TDb, orgId: string, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('touchpoints')
    .select(['id', 'name', 'owner_team_id'])
    .where('organization_id', '=', orgId)
    .where('owner_team_id', 'in', teamIds)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** How many cases of the teams still need work. */
export async function countOpenCasesOfTeams(
  db: TDb,
  orgId: string,
  teamIds: string[],
): Promise<number> {
  if (teamIds.length === 0) return 0;
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .where('team_id', 'in', teamIds)
    .where('status', 'in', ['new', 'open', 'pending'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
