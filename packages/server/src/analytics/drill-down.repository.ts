/**
 * The complete responses behind a figure: the same window, surveys, touchpoints and segments as
 * the rollups the figure was summed from, and an answer to one of its (key, survey) pairs; behind
 * a theme, those with a comment of the window assigned to it (read from `comment_themes`, as the
 * theme's volume is).
 */
import { sql, type SqlBool } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { jsonNumber } from '../storage/json-path.js';

/** What a drill-down keeps. */
export interface TDrillDownFilter {
  from: string | null;
  to: string | null;
  touchpointIds: readonly string[] | null;
  /** Key -> the surveys whose answers to it count; null for every complete response. */
  answered: ReadonlyMap<string, readonly string[]> | null;
  surveyIds: readonly string[] | null;
  /** Only responses with a comment assigned to this theme; null for any. */
  themeId: string | null;
}

function matching(db: TDb, orgId: string, filter: TDrillDownFilter) {
  let q = db
    .selectFrom('responses')
    .where('responses.organization_seq', '=', organizationSeq(orgId))
    .where('responses.organization_id', '=', orgId)
    .where('responses.status', '=', 'complete');
  if (filter.from !== null) q = q.where('responses.day', '>=', filter.from);
  if (filter.to !== null) q = q.where('responses.day', '<=', filter.to);
  if (filter.surveyIds) q = q.where('responses.survey_id', 'in', [...filter.surveyIds]);
  if (filter.touchpointIds) q = q.where('responses.touchpoint_id', 'in', [...filter.touchpointIds]);
  if (filter.answered) {
    const answered = [...filter.answered].map(
      ([key, surveys]) =>
        sql<SqlBool>`(${sql.ref('responses.survey_id')} in (${sql.join([...surveys])}) and ${jsonNumber(db, 'responses.values_json', key)} is not null)`,
    );
    q = q.where(sql<SqlBool>`(${sql.join(answered, sql` or `)})`);
  }
  if (filter.themeId !== null) {
    // By theme and day first, as the theme statistics read it (their index leads with both).
    let mentions = db
      .selectFrom('comment_themes')
      .select('comment_themes.response_id')
      .where('comment_themes.organization_id', '=', orgId)
      .where('comment_themes.theme_id', '=', filter.themeId);
    if (filter.from !== null) mentions = mentions.where('comment_themes.day', '>=', filter.from);
    if (filter.to !== null) mentions = mentions.where('comment_themes.day', '<=', filter.to);
    q = q.where('responses.id', 'in', mentions);
  }
  return q;
}

/** Matching responses per segment key (the caller keeps the segments its filter allows). */
export function countDrillDownBySegment(db: TDb, orgId: string, filter: TDrillDownFilter) {
  if (filter.touchpointIds?.length === 0 || filter.answered?.size === 0) {
    return Promise.resolve([]);
  }
  return matching(db, orgId, filter)
    .select(['responses.segment_key', sql<number | string>`COUNT(*)`.as('n')])
    .groupBy('responses.segment_key')
    .execute();
}

/** One page of matching responses, newest first, among the allowed segment keys. */
export function findDrillDownResponses(
  db: TDb,
  orgId: string,
  filter: TDrillDownFilter,
  segmentKeys: readonly string[] | null,
  page: { limit: number; offset: number },
) {
  let q = matching(db, orgId, filter);
  if (segmentKeys !== null) q = q.where('responses.segment_key', 'in', [...segmentKeys]);
  return q
    .select([
      'responses.id',
      'responses.survey_id',
      'responses.touchpoint_id',
      'responses.day',
      'responses.submitted_at',
      'responses.values_json',
    ])
    .orderBy('responses.submitted_at', 'desc')
    .orderBy('responses.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
