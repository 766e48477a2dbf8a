/**
 * What rules read besides their own tables: the responses of a batch or of a dry run's window,
 * their survey versions, touchpoints, customers and revenue, stored comment analyses, alerts,
 * and the ids a rule may refer to (checked when it is stored). Each read is one query.
 */
import { sql } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';

/** The columns of a response that rules read. */
export interface TRuleResponseRow {
  id: string;
  organization_id: string;
  survey_id: string;
  survey_version: number;
  touchpoint_id: string | null;
  customer_id: string | null;
  channel: string;
  answers_json: string;
  submitted_at: string | null;
}

const RESPONSE_COLUMNS = [
  'id',
  'organization_id',
  'survey_id',
  'survey_version',
  'touchpoint_id',
  'customer_id',
  'channel',
  'answers_json',
  'submitted_at',
] as const;

/** The complete responses of an organization among `ids`. */
export async function findRuleResponses(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<TRuleResponseRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('responses')
    .select(RESPONSE_COLUMNS)
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .where('status', '=', 'complete')
    .execute();
}

/** The complete responses submitted at or after `from`, newest first (the time index). */
export async function findResponsesSince(
  db: TDb,
  orgId: string,
  from: string,
): Promise<TRuleResponseRow[]> {
  return db
    .selectFrom('responses')
    .select(RESPONSE_COLUMNS)
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('submitted_at', '>=', from)
    .where('status', '=', 'complete')
    .orderBy('submitted_at', 'desc')
    .execute();
}

/** Definitions of survey versions of the organization, keyed `surveyId:version`. */
export async function findVersionDefinitions(
  db: TDb,
  orgId: string,
  versions: readonly { surveyId: string; version: number }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const surveyIds = [...new Set(versions.map((v) => v.surveyId))];
  if (surveyIds.length === 0) return out;
  const rows = await db
    .selectFrom('survey_versions')
    .select(['survey_id', 'version', 'definition_json'])
    .where('organization_id', '=', orgId)
    .where('survey_id', 'in', surveyIds)
    .execute();
  for (const row of rows) out.set(`${row.survey_id}:${row.version}`, row.definition_json);
  return out;
}

/** Every definition of every survey of the organization (the question keys a rule may name). */
export async function findAllDefinitions(db: TDb, orgId: string) {
  return db
    .selectFrom('survey_versions')
    .select(['survey_id', 'version', 'definition_json'])
    .where('organization_id', '=', orgId)
    .execute();
}

/** Stage, name and owning team of touchpoints. */
export async function findTouchpointFacts(db: TDb, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('touchpoints')
    .select(['id', 'stage_id', 'name', 'owner_team_id'])
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
}

export async function findSurveyNames(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('surveys')
    .select(['id', 'name'])
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findCustomerFacts(db: TDb, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'attributes_json'])
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Each customer's revenue: the sum of the amounts of their interactions. */
export async function sumCustomerRevenue(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('interactions')
    .select(['customer_id', sql<number | string | null>`SUM(amount)`.as('total')])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('customer_id', 'in', [...ids])
    .groupBy('customer_id')
    .execute();
  for (const row of rows) out.set(row.customer_id, Number(row.total ?? 0));
  return out;
}

/** Stored analyses of the comments of responses submitted at or after `from`. */
export async function findStoredAnalysesSince(db: TDb, orgId: string, from: string) {
  return db
    .selectFrom('comment_analyses')
    .select([
      'response_id',
      'question_key',
      'score',
      'label',
      'language',
      'english',
      'truncated',
      'themes_json',
    ])
    .where('organization_id', '=', orgId)
    .where('day', '>=', from.slice(0, 10))
    .where('submitted_at', '>=', from)
    .execute();
}

const ALERT_COLUMNS = [
  'id',
  'metric',
  'direction',
  'effect_size',
  'touchpoint_id',
  'created_at',
] as const;

export async function findAlertFacts(db: TDb, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('alerts')
    .select(ALERT_COLUMNS)
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
}

/** The alerts raised at or after `from`, newest first. */
export async function findAlertsSince(db: TDb, orgId: string, from: string) {
  return db
    .selectFrom('alerts')
    .select(ALERT_COLUMNS)
    .where('organization_id', '=', orgId)
    .where('created_at', '>=', from)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findThemeNames(db: TDb, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('themes')
    .select(['id', 'name'])
    .where('organization_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type TRefTable = 'themes' | 'teams' | 'surveys' | 'touchpoints' | 'stages';

/** Which of `ids` are rows of the table in the organization. */
export async function findExistingIds(
  db: TDb,
  table: TRefTable,
  orgId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of `ids` are members of the organization. */
export async function findMemberIds(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', orgId)
    .where('user_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The keys of the organization's customer attributes. */
export async function findCustomerAttributeKeys(db: TDb, orgId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('attribute_keys')
    .select('key')
    .where('organization_id', '=', orgId)
    .where('entity', '=', 'customer')
    .execute();
  return new Set(rows.map((r) => r.key));
}

export async function responseExists(db: TDb, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('responses')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
