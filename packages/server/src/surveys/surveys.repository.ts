import type { TSurvey, TSurveyDefinition, TSurveyListQuery } from '@touchstone/core';
import { sumCompleteResponsesBySurvey } from '../analytics/response-counts.repository.js';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TSurveysTable, TSurveyVersionsTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';

const SORT_COLUMNS = {
  name: 'surveys.name',
  createdAt: 'surveys.created_at',
  updatedAt: 'surveys.updated_at',
};

/** What a survey row needs besides itself to become the API object. */
interface TSurveyExtras {
  definition: TSurveyDefinition;
  touchpointIds: string[];
  responseCount: number;
}

function toSurvey(row: TSurveysTable, extras: TSurveyExtras): TSurvey {
  // Enum columns are written only from the validated contract.
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    kind: row.kind as TSurvey['kind'],
    status: row.status as TSurvey['status'],
    touchpointIds: extras.touchpointIds,
    brandId: row.brand_id,
    version: row.current_version,
    definition: extras.definition,
    responseCount: extras.responseCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Touchpoint ids, current definitions and response counts of several surveys, one query each. */
async function extrasOf(db: TDb, orgId: string, rows: TSurveysTable[]) {
  const ids = rows.map((r) => r.id);
  const extras = new Map<string, TSurveyExtras>();
  if (ids.length === 0) return extras;
  const [touchpoints, versions, counts] = await Promise.all([
    db
      .selectFrom('survey_touchpoints')
      .select(['survey_id', 'touchpoint_id'])
      .where('organization_id', '=', orgId)
      .where('survey_id', 'in', ids)
      .orderBy('touchpoint_id')
      .execute(),
    db
      .selectFrom('survey_versions')
      .innerJoin('surveys', (j) =>
        j
          .onRef('surveys.id', '=', 'survey_versions.survey_id')
          .onRef('surveys.current_version', '=', 'survey_versions.version'),
      )
      .select(['survey_versions.survey_id', 'survey_versions.definition_json'])
      .where('survey_versions.survey_id', 'in', ids)
      .execute(),
    responseCountsBySurvey(db, orgId, ids),
  ]);
  const definitions = new Map(versions.map((v) => [v.survey_id, v.definition_json]));
  for (const row of rows) {
    extras.set(row.id, {
      definition: parseJsonColumn<TSurveyDefinition>(definitions.get(row.id) ?? '{}'),
      touchpointIds: touchpoints.filter((t) => t.survey_id === row.id).map((t) => t.touchpoint_id),
      responseCount: counts.get(row.id) ?? 0,
    });
  }
  return extras;
}

/**
 * Responses (partial ones included) per survey, as lists show them: the complete ones summed from
 * the rollups' `$response` cells, the partial ones counted through the index of unsubmitted
 * responses. The rollups change in the transaction of every write and erasure, so the sum is
 * the count of the rows (the rollup tests check the cells against a recount). Counting the rows
 * read an index entry per response; the cells are far fewer, a number that grows with days,
 * touchpoints and segments, not with responses.
 */
export async function responseCountsBySurvey(
  db: TDb,
  orgId: string,
  surveyIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (surveyIds.length === 0) return counts;
  const [complete, partial] = await Promise.all([
    sumCompleteResponsesBySurvey(db, orgId, surveyIds),
    // All of the organization's partial responses, few against the complete ones: a filter on
    // the survey here could lead the planner to the survey index, which holds every response.
    db
      .selectFrom('responses')
      .select((eb) => ['survey_id', eb.fn.countAll<number | string>().as('n')])
      .where('organization_seq', '=', organizationSeq(orgId))
      .where('submitted_at', 'is', null)
      .groupBy('survey_id')
      .execute(),
  ]);
  const wanted = new Set(surveyIds);
  for (const row of [...complete, ...partial]) {
    if (!wanted.has(row.survey_id)) continue;
    counts.set(row.survey_id, (counts.get(row.survey_id) ?? 0) + Number(row.n));
  }
  return counts;
}

/**
 * Responses (partial ones included) per survey, counted row by row: what deleting a survey
 * checks. A count over the survey/version index alone.
 * The organization is checked on the surveys (a response belongs to its survey's
 * organization): a condition on the responses' own organization column made SQLite read every
 * counted row from the table, or scan the organization's time index (slow even for a survey
 * with no responses, once the organization holds many).
 */
export async function countResponsesBySurvey(
  db: TDb,
  orgId: string,
  surveyIds: string[],
): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('responses')
    .select((eb) => ['survey_id', eb.fn.countAll<number | string>().as('n')])
    .where('survey_id', 'in', (eb) =>
      eb
        .selectFrom('surveys')
        .select('surveys.id')
        .where('surveys.organization_id', '=', orgId)
        .where('surveys.id', 'in', surveyIds),
    )
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]));
}

/** True when some response (partial or complete) answers this version: it is then immutable. */
export async function versionHasResponses(db: TDb, surveyId: string, version: number) {
  const row = await db
    .selectFrom('responses')
    .select('id')
    .where('survey_id', '=', surveyId)
    .where('survey_version', '=', version)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findSurveyRow(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TSurveysTable | undefined> {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findSurvey(db: TDb, orgId: string, id: string): Promise<TSurvey | undefined> {
  const row = await findSurveyRow(db, orgId, id);
  if (!row) return undefined;
  const extras = await extrasOf(db, orgId, [row]);
  const extra = extras.get(row.id);
  return extra && toSurvey(row, extra);
}

/** The survey that owns a public slug, in any organization (slugs are unique installation-wide). */
export async function findSurveyRowBySlug(
  db: TDb,
  slug: string,
): Promise<TSurveysTable | undefined> {
  return db.selectFrom('surveys').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listSurveys(
  db: TDb,
  orgId: string,
  query: TSurveyListQuery,
): Promise<{ items: TSurvey[]; nextCursor: string | null }> {
  let q = db.selectFrom('surveys').selectAll().where('organization_id', '=', orgId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
  if (query.q !== undefined && query.q !== '') q = q.where(containsText('surveys.name', query.q));
  const touchpointId = query.touchpointId;
  if (touchpointId !== undefined) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('survey_touchpoints')
          .select('survey_touchpoints.survey_id')
          .whereRef('survey_touchpoints.survey_id', '=', 'surveys.id')
          .where('survey_touchpoints.touchpoint_id', '=', touchpointId),
      ),
    );
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'surveys.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [
      sort.column === SORT_COLUMNS.name
        ? row.name
        : sort.column === SORT_COLUMNS.updatedAt
          ? row.updated_at
          : row.created_at,
      row.id,
    ],
  });
  const extras = await extrasOf(db, orgId, rows);
  const items = rows.flatMap((row) => {
    const extra = extras.get(row.id);
    return extra ? [toSurvey(row, extra)] : [];
  });
  return { items, nextCursor };
}

export async function insertSurvey(db: TDb, row: TSurveysTable): Promise<void> {
  await db.insertInto('surveys').values(row).execute();
}

export async function updateSurveyRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Omit<TSurveysTable, 'id' | 'organization_id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('surveys')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function deleteSurveyRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('surveys')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function insertSurveyVersion(db: TDb, row: TSurveyVersionsTable): Promise<void> {
  await db.insertInto('survey_versions').values(row).execute();
}

/** Replaces a version's definition; only for a version that no response answers yet. */
export async function replaceSurveyVersionDefinition(
  db: TDb,
  surveyId: string,
  version: number,
  definitionJson: string,
): Promise<void> {
  await db
    .updateTable('survey_versions')
    .set({ definition_json: definitionJson })
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .execute();
}

export async function listSurveyVersionRows(db: TDb, orgId: string, surveyId: string) {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .orderBy('version')
    .execute();
}

export async function findSurveyVersionRow(
  db: TDb,
  surveyId: string,
  version: number,
): Promise<TSurveyVersionsTable | undefined> {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Replaces the survey's touchpoints. */
export async function setSurveyTouchpoints(
  db: TDb,
  orgId: string,
  surveyId: string,
  touchpointIds: string[],
): Promise<void> {
  await db.deleteFrom('survey_touchpoints').where('survey_id', '=', surveyId).execute();
  if (touchpointIds.length === 0) return;
  await db
    .insertInto('survey_touchpoints')
    .values(
      touchpointIds.map((id) => ({
        survey_id: surveyId,
        touchpoint_id: id,
        organization_id: orgId,
      })),
    )
    .execute();
}

export async function surveyTouchpointIds(db: TDb, surveyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('survey_touchpoints')
    .select('touchpoint_id')
    .where('survey_id', '=', surveyId)
    .orderBy('touchpoint_id')
    .execute();
  return rows.map((r) => r.touchpoint_id);
}

/** The subset of the given touchpoints that belong to the organization. */
export async function findTouchpointIdsInOrg(db: TDb, orgId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('touchpoints')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** True when a slug is taken by any survey of the installation (other than `exceptId`). */
export async function slugTaken(db: TDb, slug: string, exceptId?: string): Promise<boolean> {
  const row = await db
    .selectFrom('surveys')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined && row.id !== exceptId;
}
