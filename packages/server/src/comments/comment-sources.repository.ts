/** Reads what comments are analysed from: complete responses and their survey versions. */
import type { TDb } from '../storage/database.js';

/** The columns of a response that its comments are analysed and stored with. */
export interface TCommentSource {
  id: string;
  organization_id: string;
  survey_id: string;
  survey_version: number;
  touchpoint_id: string | null;
  customer_id: string | null;
  segment_key: string;
  day: string;
  submitted_at: string | null;
  answers_json: string;
}

function selectSources(db: TDb) {
  return db
    .selectFrom('responses')
    .select([
      'id',
      'organization_id',
      'survey_id',
      'survey_version',
      'touchpoint_id',
      'customer_id',
      'segment_key',
      'day',
      'submitted_at',
      'answers_json',
    ])
    .where('status', '=', 'complete');
}

/** The complete responses of an organization among `ids` (others, and partial ones, are left out). */
export async function findCommentSources(
  db: TDb,
  organizationId: string,
  ids: readonly string[],
): Promise<TCommentSource[]> {
  if (ids.length === 0) return [];
  return selectSources(db)
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
}

/** The next complete responses of an organization after `afterId`, in id order. */
export async function findCommentSourcePage(
  db: TDb,
  organizationId: string,
  afterId: string | null,
  limit: number,
): Promise<TCommentSource[]> {
  let q = selectSources(db).where('organization_id', '=', organizationId);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

export async function countCompleteResponses(db: TDb, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Definitions of the given survey versions, keyed `surveyId:version`. */
export async function findSurveyDefinitions(
  db: TDb,
  versions: readonly { surveyId: string; version: number }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const surveyIds = [...new Set(versions.map((v) => v.surveyId))];
  if (surveyIds.length === 0) return out;
  const rows = await db
    .selectFrom('survey_versions')
    .select(['survey_id', 'version', 'definition_json'])
    .where('survey_id', 'in', surveyIds)
    .execute();
  for (const row of rows) out.set(`${row.survey_id}:${row.version}`, row.definition_json);
  return out;
}
