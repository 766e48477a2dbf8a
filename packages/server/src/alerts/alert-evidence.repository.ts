/**
 * SQL of an alert's comment evidence, read from the comment analyses (migration 0014) when the
 * alert is read: comments and theme mentions of the alert's touchpoint x segment before and
 * after the change date, and example comments after it.
 */
import { sql, type SqlBool } from 'kysely';
import type { TDb, TDialectName } from '../storage/database.js';

/** The comments an alert's evidence reads: its organization, touchpoint and segment values. */
export interface TEvidenceScope {
  organizationId: string;
  touchpointId: string | null;
  /** `key=value` parts of the segment key (escaped as segment keys escape them). */
  segmentParts: readonly string[];
}

function contains(
  dialect: TDialectName,
  column: 'comment_analyses' | 'comment_themes',
  part: string,
) {
  // `key=value` as a whole part of `k1=v1;k2=v2`: found between the separators.
  const within =
    column === 'comment_analyses'
      ? sql`(';' || comment_analyses.segment_key || ';')`
      : sql`(';' || comment_themes.segment_key || ';')`;
  return dialect === 'sqlite'
    ? sql<SqlBool>`instr(${within}, ${`;${part};`}) > 0`
    : sql<SqlBool>`strpos(${within}, ${`;${part};`}) > 0`;
}

/** Comments before and after `day` in the scope. */
export async function countScopeComments(
  db: TDb,
  dialect: TDialectName,
  scope: TEvidenceScope,
  day: string,
): Promise<{ before: number; after: number }> {
  let q = db
    .selectFrom('comment_analyses')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      sql<number>`CASE WHEN comment_analyses.day >= ${day} THEN 1 ELSE 0 END`.as('after'),
    ])
    .where('comment_analyses.organization_id', '=', scope.organizationId);
  if (scope.touchpointId !== null) {
    q = q.where('comment_analyses.touchpoint_id', '=', scope.touchpointId);
  }
  for (const part of scope.segmentParts) q = q.where(contains(dialect, 'comment_analyses', part));
  const rows = await q.groupBy(sql`2`).execute();
  const counts = { before: 0, after: 0 };
  for (const r of rows) counts[Number(r.after) === 1 ? 'after' : 'before'] += Number(r.n);
  return counts;
}

/** Mentions of each theme before and after `day` in the scope, with the theme's name. */
export async function countScopeThemeMentions(
  db: TDb,
  dialect: TDialectName,
  scope: TEvidenceScope,
  day: string,
): Promise<{ themeId: string; name: string; before: number; after: number }[]> {
  let q = db
    .selectFrom('comment_themes')
    .innerJoin('themes', 'themes.id', 'comment_themes.theme_id')
    .select((eb) => [
      'comment_themes.theme_id as themeId',
      'themes.name as name',
      eb.fn.countAll<number | string>().as('n'),
      sql<number>`CASE WHEN comment_themes.day >= ${day} THEN 1 ELSE 0 END`.as('after'),
    ])
    .where('comment_themes.organization_id', '=', scope.organizationId);
  if (scope.touchpointId !== null) {
    q = q.where('comment_themes.touchpoint_id', '=', scope.touchpointId);
  }
  for (const part of scope.segmentParts) q = q.where(contains(dialect, 'comment_themes', part));
  const rows = await q.groupBy(['comment_themes.theme_id', 'themes.name', sql`4`]).execute();
  const byTheme = new Map<
    string,
    { themeId: string; name: string; before: number; after: number }
  >();
  for (const r of rows) {
    const entry = byTheme.get(r.themeId) ?? {
      themeId: r.themeId,
      name: r.name,
      before: 0,
      after: 0,
    };
    entry[Number(r.after) === 1 ? 'after' : 'before'] += Number(r.n);
    byTheme.set(r.themeId, entry);
  }
  return [...byTheme.values()];
}

/** The newest comments from `day` on in the scope that mention one of the themes. */
export function findScopeExamples(
  db: TDb,
  dialect: TDialectName,
  scope: TEvidenceScope,
  day: string,
  themeIds: readonly string[],
  limit: number,
) {
  if (themeIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('comment_analyses')
    .select([
      'comment_analyses.response_id as responseId',
      'comment_analyses.day as day',
      'comment_analyses.text as text',
      'comment_analyses.score as score',
      'comment_analyses.themes_json as themesJson',
    ])
    .where('comment_analyses.organization_id', '=', scope.organizationId)
    .where('comment_analyses.day', '>=', day)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('comment_themes')
          .select(sql`1`.as('one'))
          .whereRef('comment_themes.organization_id', '=', 'comment_analyses.organization_id')
          .whereRef('comment_themes.response_id', '=', 'comment_analyses.response_id')
          .whereRef('comment_themes.question_key', '=', 'comment_analyses.question_key')
          .where('comment_themes.theme_id', 'in', [...themeIds]),
      ),
    );
  if (scope.touchpointId !== null) {
    q = q.where('comment_analyses.touchpoint_id', '=', scope.touchpointId);
  }
  for (const part of scope.segmentParts) q = q.where(contains(dialect, 'comment_analyses', part));
  return q
    .orderBy('comment_analyses.submitted_at', 'desc')
    .orderBy('comment_analyses.response_id', 'desc')
    .limit(limit)
    .execute();
}
