import type { TDb } from '../storage/database.js';
import { dialectOf } from '../storage/json-path.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TCampaignsTable } from '../storage/schema.js';
import type { TCampaignCounts, TCampaignListQuery } from './campaigns.schema.js';

const SORT_COLUMNS = { createdAt: 'campaigns.created_at', name: 'campaigns.name' };

export async function insertCampaign(db: TDb, row: TCampaignsTable): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

export async function findCampaignRow(
  db: TDb,
  orgId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<TCampaignsTable | undefined> {
  const q = db
    .selectFrom('campaigns')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id);
  // Two sends of one campaign at once would both invite the same customers: on PostgreSQL the
  // second waits for the first (SQLite transactions are serialized anyway).
  const locked = options.lock === true && dialectOf(db) === 'postgres' ? q.forUpdate() : q;
  return locked.executeTakeFirst();
}

export async function listCampaignRows(db: TDb, orgId: string, query: TCampaignListQuery) {
  let q = db.selectFrom('campaigns').selectAll().where('organization_id', '=', orgId);
  if (query.surveyId !== undefined) q = q.where('survey_id', '=', query.surveyId);
  const sort = parseSort(query.sort, SORT_COLUMNS);
  return fetchPage(q, {
    sort,
    idColumn: 'campaigns.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sort.column === SORT_COLUMNS.name ? row.name : row.created_at, row.id],
  });
}

export async function updateCampaignRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Pick<TCampaignsTable, 'status' | 'scheduled_at' | 'sent_at' | 'updated_at'>>,
): Promise<void> {
  await db
    .updateTable('campaigns')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Campaigns that remind non-respondents and have sent something, in any organization. */
export async function findRemindingCampaigns(db: TDb, campaignId?: string) {
  let q = db
    .selectFrom('campaigns')
    .select(['id', 'organization_id', 'reminder_days'])
    .where('reminder_days', '>', 0)
    .where('sent_at', 'is not', null);
  if (campaignId !== undefined) q = q.where('id', '=', campaignId);
  return q.execute();
}

export function emptyCounts(): TCampaignCounts {
  return {
    eligible: 0,
    skipped: { noEmail: 0, noConsent: 0, optedOut: 0, frequency: 0 },
    queued: 0,
    sent: 0,
    failed: 0,
    responded: 0,
    reminded: 0,
    unsubscribed: 0,
  };
}

const SKIP_FIELDS = {
  no_email: 'noEmail',
  no_consent: 'noConsent',
  opted_out: 'optedOut',
  frequency: 'frequency',
} as const;

/** Invitation counts per campaign: one grouped query over the campaigns' invitations. */
export async function countInvitations(
  db: TDb,
  campaignIds: string[],
): Promise<Map<string, TCampaignCounts>> {
  const byCampaign = new Map<string, TCampaignCounts>(campaignIds.map((id) => [id, emptyCounts()]));
  if (campaignIds.length === 0) return byCampaign;
  const rows = await db
    .selectFrom('invitations')
    .select((eb) => [
      'campaign_id',
      'status',
      'skip_reason',
      eb.fn.countAll().as('n'),
      eb.fn.count('responded_at').as('responded'),
      eb.fn.count('reminded_at').as('reminded'),
      eb.fn.count('opted_out_at').as('unsubscribed'),
    ])
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'status', 'skip_reason'])
    .execute();
  for (const row of rows) {
    const counts = byCampaign.get(row.campaign_id);
    if (!counts) continue;
    const n = Number(row.n);
    counts.responded += Number(row.responded);
    counts.reminded += Number(row.reminded);
    counts.unsubscribed += Number(row.unsubscribed);
    if (row.status === 'skipped') {
      const field = SKIP_FIELDS[row.skip_reason as keyof typeof SKIP_FIELDS];
      if (field !== undefined) counts.skipped[field] += n;
      continue;
    }
    counts.eligible += n;
    if (row.status === 'queued') counts.queued += n;
    else if (row.status === 'sent') counts.sent += n;
    else if (row.status === 'failed') counts.failed += n;
  }
  return byCampaign;
}

/** The survey a campaign invites to, in the organization (slug and status for links and checks). */
export async function findCampaignSurvey(db: TDb, orgId: string, surveyId: string) {
  return db
    .selectFrom('surveys')
    .select(['id', 'name', 'slug', 'status', 'brand_id', 'current_version'])
    .where('organization_id', '=', orgId)
    .where('id', '=', surveyId)
    .executeTakeFirst();
}

/** The definition of the survey's current version (JSON text). */
export async function findCurrentDefinitionJson(db: TDb, surveyId: string, version: number) {
  const row = await db
    .selectFrom('survey_versions')
    .select('definition_json')
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.definition_json;
}

/** The brand's name and style guide (JSON text), when the survey has a brand. */
export async function findBrandLook(db: TDb, orgId: string, brandId: string) {
  return db
    .selectFrom('brands')
    .select(['name', 'style_guide_json'])
    .where('organization_id', '=', orgId)
    .where('id', '=', brandId)
    .executeTakeFirst();
}

export async function touchpointExists(db: TDb, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('touchpoints')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findMinDaysBetween(db: TDb, orgId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('invitation_settings')
    .select('min_days_between')
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row?.min_days_between;
}

export async function saveMinDaysBetween(
  db: TDb,
  orgId: string,
  days: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('invitation_settings')
    .values({ organization_id: orgId, min_days_between: days, updated_at: now })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({ min_days_between: days, updated_at: now }),
    )
    .execute();
}
