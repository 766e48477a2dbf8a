/**
 * The comment explorer's queries: filters, full-text match (FTS5 on SQLite, a `tsvector` on
 * PostgreSQL), newest first with keyset paging on (submitted_at, response_id, question_key),
 * which `comment_analyses_org_time` serves, and a count that stops at a cap.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { TDb, TDialectName } from '../storage/database.js';
import type { TCommentAnalysesTable, TDatabaseSchema } from '../storage/schema.js';

/** What the explorer filters on, already validated. */
export interface TCommentFilter {
  organizationId: string;
  from?: string | undefined;
  to?: string | undefined;
  touchpointIds?: readonly string[] | undefined;
  /** Each inner list the accepted `key=value` parts of one attribute (OR), all lists AND-ed. */
  segments?: readonly (readonly string[])[] | undefined;
  themeId?: string | undefined;
  labels?: readonly string[] | undefined;
  /** Each an inclusive 0-10 range; a comment matches any (OR); null NPS never matches. */
  npsRanges?: readonly (readonly [number, number])[] | undefined;
  /** FTS5 query on SQLite, websearch text on PostgreSQL (built by `search-query.ts`). */
  match?: { fts5: string; websearch: string } | undefined;
}

/** The position after which a page starts (the last row of the previous page). */
export type TCommentKey = [submittedAt: string, responseId: string, questionKey: string];

type TQuery = SelectQueryBuilder<TDatabaseSchema, 'comment_analyses', Record<string, never>>;

function applyFilter(query: TQuery, dialect: TDialectName, f: TCommentFilter): TQuery {
  let q = query.where('comment_analyses.organization_id', '=', f.organizationId);
  if (f.from !== undefined) q = q.where('comment_analyses.day', '>=', f.from);
  if (f.to !== undefined) q = q.where('comment_analyses.day', '<=', f.to);
  if (f.touchpointIds !== undefined && f.touchpointIds.length > 0) {
    q = q.where('comment_analyses.touchpoint_id', 'in', [...f.touchpointIds]);
  }
  if (f.labels !== undefined && f.labels.length > 0) {
    q = q.where('comment_analyses.label', 'in', [...f.labels]);
  }
  for (const parts of f.segments ?? []) {
    // `key=value` as a whole part of `k1=v1;k2=v2`: found between the separators.
    const within = sql`(';' || comment_analyses.segment_key || ';')`;
    q = q.where((eb) =>
      eb.or(
        parts.map((part) =>
          dialect === 'sqlite'
            ? sql<SqlBool>`instr(${within}, ${`;${part};`}) > 0`
            : sql<SqlBool>`strpos(${within}, ${`;${part};`}) > 0`,
        ),
      ),
    );
  }
  if (f.npsRanges !== undefined && f.npsRanges.length > 0) {
    const ranges = f.npsRanges;
    q = q.where((eb) =>
      eb.or(
        ranges.map(([low, high]) =>
          eb.and([eb('comment_analyses.nps', '>=', low), eb('comment_analyses.nps', '<=', high)]),
        ),
      ),
    );
  }
  if (f.themeId !== undefined) {
    const themeId = f.themeId;
    q = q.where((eb: ExpressionBuilder<TDatabaseSchema, 'comment_analyses'>) =>
      eb.exists(
        eb
          .selectFrom('comment_themes')
          .select(sql`1`.as('one'))
          .where('comment_themes.theme_id', '=', themeId)
          .whereRef('comment_themes.response_id', '=', 'comment_analyses.response_id')
          .whereRef('comment_themes.question_key', '=', 'comment_analyses.question_key'),
      ),
    );
  }
  if (f.match !== undefined) {
    q =
      dialect === 'sqlite'
        ? q.where(
            sql<SqlBool>`comment_analyses.rowid IN (SELECT rowid FROM comment_search WHERE comment_search MATCH ${f.match.fts5})`,
          )
        : q.where(
            sql<SqlBool>`comment_analyses.search @@ websearch_to_tsquery('english', ${f.match.websearch})`,
          );
  }
  return q;
}

/** One page of matching comments, newest first, after `after` when given. */
export async function findCommentPage(
  db: TDb,
  dialect: TDialectName,
  filter: TCommentFilter,
  after: TCommentKey | null,
  limit: number,
): Promise<TCommentAnalysesTable[]> {
  let q = applyFilter(db.selectFrom('comment_analyses'), dialect, filter);
  if (after !== null) {
    const [submittedAt, responseId, questionKey] = after;
    q = q.where(
      sql<SqlBool>`(comment_analyses.submitted_at, comment_analyses.response_id, comment_analyses.question_key) < (${submittedAt}, ${responseId}, ${questionKey})`,
    );
  }
  return q
    .select([
      'comment_analyses.response_id',
      'comment_analyses.question_key',
      'comment_analyses.organization_id',
      'comment_analyses.survey_id',
      'comment_analyses.touchpoint_id',
      'comment_analyses.customer_id',
      'comment_analyses.segment_key',
      'comment_analyses.day',
      'comment_analyses.submitted_at',
      'comment_analyses.nps',
      'comment_analyses.text',
      'comment_analyses.score',
      'comment_analyses.label',
      'comment_analyses.language',
      'comment_analyses.english',
      'comment_analyses.truncated',
      'comment_analyses.themes_json',
      'comment_analyses.analyzed_at',
    ])
    .orderBy('comment_analyses.submitted_at', 'desc')
    .orderBy('comment_analyses.response_id', 'desc')
    .orderBy('comment_analyses.question_key', 'desc')
    .limit(limit)
    .execute();
}

/** How many comments match, counting no further than `cap`. */
export async function countMatchingComments(
  db: TDb,
  dialect: TDialectName,
  filter: TCommentFilter,
  cap: number,
): Promise<number> {
  const inner = applyFilter(db.selectFrom('comment_analyses') as TQuery, dialect, filter)
    .select(sql`1`.as('one'))
    .limit(cap);
  const row = await db
    .selectFrom(inner.as('matching'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Names of the given themes of an organization. */
export async function findThemeNames(
  db: TDb,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('themes')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
