/**
 * The experience model as analytics needs it: survey definitions (for scales, reverse flags and
 * dimension tags), touchpoints with their stage, journey and owning team, and segment attributes.
 * Small tables: read per query or cached against a cheap signature.
 */
import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';

/** Every version of every survey of an organization, newest version first per survey. */
export function findSurveyDefinitions(db: TDb, orgId: string) {
  return db
    .selectFrom('survey_versions')
    .innerJoin('surveys', 'surveys.id', 'survey_versions.survey_id')
    .select([
      'survey_versions.survey_id as surveyId',
      'survey_versions.version as version',
      'survey_versions.definition_json as definitionJson',
      'surveys.name as surveyName',
    ])
    .where('survey_versions.organization_id', '=', orgId)
    .where('surveys.organization_id', '=', orgId)
    .orderBy('survey_versions.survey_id')
    .orderBy('survey_versions.version', 'desc')
    .execute();
}

/** Changes whenever a survey or one of its versions is added, renamed or deleted. */
export async function findSurveySignature(db: TDb, orgId: string): Promise<string> {
  const row = await db
    .selectFrom('surveys')
    .select([
      sql<number>`COUNT(*)`.as('surveys'),
      sql<string | null>`MAX(updated_at)`.as('updated'),
      sql<number>`SUM(current_version)`.as('versions'),
    ])
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return `${String(row?.surveys)}|${String(row?.updated)}|${String(row?.versions)}`;
}

/** Touchpoints with the names of their stage, journey and owning team. */
export function findTouchpointsForAnalytics(db: TDb, orgId: string) {
  return db
    .selectFrom('touchpoints')
    .innerJoin('stages', 'stages.id', 'touchpoints.stage_id')
    .innerJoin('journeys', 'journeys.id', 'touchpoints.journey_id')
    .leftJoin('teams', 'teams.id', 'touchpoints.owner_team_id')
    .select([
      'touchpoints.id as id',
      'touchpoints.name as name',
      'touchpoints.stage_id as stageId',
      'stages.name as stageName',
      'stages.position as stagePosition',
      'touchpoints.journey_id as journeyId',
      'journeys.name as journeyName',
      'touchpoints.owner_team_id as teamId',
      'teams.name as teamName',
    ])
    .where('touchpoints.organization_id', '=', orgId)
    .orderBy('journeys.name')
    .orderBy('stages.position')
    .orderBy('touchpoints.name')
    .execute();
}

/** Customer attributes that segment responses (declared enum and boolean keys). */
export function findSegmentAttributes(db: TDb, orgId: string) {
  return db
    .selectFrom('attribute_keys')
    .select(['key', 'label', 'type', 'options_json as optionsJson'])
    .where('organization_id', '=', orgId)
    .where('entity', '=', 'customer')
    .where('type', 'in', ['enum', 'boolean'])
    .orderBy('key')
    .execute();
}

/** Stages of an organization with their journey. */
export function findStagesForAnalytics(db: TDb, orgId: string) {
  return db
    .selectFrom('stages')
    .select(['id', 'name', 'journey_id as journeyId'])
    .where('organization_id', '=', orgId)
    .execute();
}

/** Journeys of an organization. */
export function findJourneysForAnalytics(db: TDb, orgId: string) {
  return db
    .selectFrom('journeys')
    .select(['id', 'name'])
    .where('organization_id', '=', orgId)
    .execute();
}

/**
 * Invitations sent and answered per survey x campaign touchpoint x day sent: the sufficient
 * statistics of a response rate.
 */
export async function findInvitationCells(
  db: TDb,
  orgId: string,
  range: { from: string | null; to: string | null },
) {
  const sentDay = sql<string>`substr(invitations.sent_at, 1, 10)`;
  let query = db
    .selectFrom('invitations')
    .innerJoin('campaigns', 'campaigns.id', 'invitations.campaign_id')
    .select([
      'invitations.survey_id as surveyId',
      sql<string>`COALESCE(campaigns.touchpoint_id, '')`.as('touchpointId'),
      sentDay.as('day'),
      sql<number>`COUNT(*)`.as('sent'),
      sql<number>`SUM(CASE WHEN invitations.response_id IS NOT NULL THEN 1 ELSE 0 END)`.as(
        'responded',
      ),
    ])
    .where('invitations.organization_id', '=', orgId)
    .where('invitations.sent_at', 'is not', null);
  if (range.from !== null) query = query.where(sentDay, '>=', range.from);
  if (range.to !== null) query = query.where(sentDay, '<=', range.to);
  return query
    .groupBy(['invitations.survey_id', sql`COALESCE(campaigns.touchpoint_id, '')`, sentDay])
    .execute();
}
