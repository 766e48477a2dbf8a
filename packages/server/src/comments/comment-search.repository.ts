/**
 * The comment explorer's queries: filters, full-text match (FTS5 on SQLite, a `tsvector` on
 * PostgreSQL), newest first with keyset paging on (day, submitted_at, response_id,
 * question_key), which `comment_analyses_org_time` serves, and a count that stops at a cap.
 *
 * On SQLite the query is planned here, because the planner has no statistics of the full-text
 * index: it would walk the time index and test every comment however rare the word. So the
 * matches of the words (and of a theme) are counted first, up to a bound, and:
 * - few matches: read them (by rowid, or through the theme index), filter, sort, take a page;
 * - more: walk the time index, testing each comment against the matches read once into a list;
 * - very many (a common word): walk the time index, asking the full-text index per comment,
 *   which finds a page after a few comments.
 * PostgreSQL plans with its statistics and gets the plain query.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
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
  customerId?: string | undefined;
  labels?: readonly string[] | undefined;
  /** Each an inclusive 0-10 range; a comment matches any (OR); null NPS never matches. */
  npsRanges?: readonly (readonly [number, number])[] | undefined;
  /** FTS5 query on SQLite, websearch text on PostgreSQL (built by `search-query.ts`). */
  match?: { fts5: string; websearch: string } | undefined;
}

/** The position after which a page starts (the last row of the previous page). */
export type TCommentKey = [
  day: string,
  submittedAt: string,
  responseId: string,
  questionKey: string,
];

/** Matches up to which reading them all beats walking the time index (SQLite). */
const READ_MATCHES_BELOW = 2_000;
/** Matches up to which they are read into a list once; above, each comment asks the index. */
const LIST_MATCHES_BELOW = 20_000;

/** How the words and the theme are tested on SQLite (PostgreSQL: always `plain`). */
interface TPlan {
  /** `drive`: read the matches first; `list`: test against them read once; `probe`: ask per row. */
  text: 'drive' | 'list' | 'probe' | 'plain';
  /** `join`: counting only, the theme's rows are the outer loop of a join, read lazily. */
  theme: 'drive' | 'probe' | 'join';
}

type TQuery = SelectQueryBuilder<TDatabaseSchema, 'comment_analyses', Record<string, never>>;

function column(name: string, driven: boolean) {
  // A unary plus keeps SQLite from walking an index on the column: the matches drive instead.
  return driven ? sql`+comment_analyses.${sql.ref(name)}` : sql.ref(`comment_analyses.${name}`);
}

function applyFilter(
  query: TQuery,
  dialect: TDialectName,
  f: TCommentFilter,
  plan: TPlan,
  joined = false,
) {
  const driven = plan.text === 'drive' || plan.theme !== 'probe';
  let q = query.where(sql<SqlBool>`${column('organization_id', driven)} = ${f.organizationId}`);
  if (f.from !== undefined) q = q.where(sql<SqlBool>`${column('day', driven)} >= ${f.from}`);
  if (f.to !== undefined) q = q.where(sql<SqlBool>`${column('day', driven)} <= ${f.to}`);
  if (f.touchpointIds !== undefined && f.touchpointIds.length > 0) {
    q = q.where('comment_analyses.touchpoint_id', 'in', [...f.touchpointIds]);
  }
  if (f.customerId !== undefined) q = q.where('comment_analyses.customer_id', '=', f.customerId);
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
    q = q.where(
      plan.theme === 'join'
        ? sql<SqlBool>`comment_themes.organization_id = ${f.organizationId} AND comment_themes.theme_id = ${f.themeId}`
        : plan.theme === 'drive'
          ? sql<SqlBool>`(comment_analyses.response_id, comment_analyses.question_key) IN (
            SELECT response_id, question_key FROM comment_themes
            WHERE organization_id = ${f.organizationId} AND theme_id = ${f.themeId})`
          : sql<SqlBool>`EXISTS (
            SELECT 1 FROM comment_themes
            WHERE comment_themes.theme_id = ${f.themeId}
              AND comment_themes.response_id = comment_analyses.response_id
              AND comment_themes.question_key = comment_analyses.question_key)`,
    );
  }
  if (f.match !== undefined) {
    const m = f.match;
    switch (plan.text) {
      case 'plain':
        q = q.where(
          sql<SqlBool>`comment_analyses.search @@ websearch_to_tsquery('english', ${m.websearch})`,
        );
        break;
      case 'drive':
      case 'list':
        q = q.where(
          joined
            ? sql<SqlBool>`comment_search MATCH ${m.fts5}`
            : sql<SqlBool>`comment_analyses.rowid IN (
                SELECT rowid FROM comment_search WHERE comment_search MATCH ${m.fts5})`,
        );
        break;
      case 'probe':
        q = q.where(
          sql<SqlBool>`EXISTS (
            SELECT 1 FROM comment_search
            WHERE comment_search MATCH ${m.fts5} AND comment_search.rowid = comment_analyses.rowid)`,
        );
        break;
    }
  }
  return q;
}

async function countUpTo(db: TDb, inner: RawQuery, cap: number): Promise<number> {
  const result = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM (${inner} LIMIT ${cap}) AS matching`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

type RawQuery = ReturnType<typeof sql>;

/** How to run the search on this database (see the file's comment). */
async function planSearch(db: TDb, dialect: TDialectName, f: TCommentFilter): Promise<TPlan> {
  if (dialect === 'postgres') return { text: 'plain', theme: 'probe' };
  const words =
    f.match === undefined
      ? Number.POSITIVE_INFINITY
      : await countUpTo(
          db,
          sql`SELECT rowid FROM comment_search WHERE comment_search MATCH ${f.match.fts5}`,
          LIST_MATCHES_BELOW,
        );
  const theme =
    f.themeId === undefined
      ? Number.POSITIVE_INFINITY
      : await countUpTo(
          db,
          sql`SELECT 1 FROM comment_themes
              WHERE organization_id = ${f.organizationId} AND theme_id = ${f.themeId}`,
          READ_MATCHES_BELOW,
        );
  if (theme < READ_MATCHES_BELOW && theme <= words) return { text: 'probe', theme: 'drive' };
  if (words < READ_MATCHES_BELOW) return { text: 'drive', theme: 'probe' };
  return { text: words < LIST_MATCHES_BELOW ? 'list' : 'probe', theme: 'probe' };
}

const COLUMNS = [
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
] as const;

/**
 * One page of matching comments, newest first, after `after` when given, and how many match
 * (counted no further than `cap`).
 */
export async function findCommentPage(
  db: TDb,
  dialect: TDialectName,
  filter: TCommentFilter,
  after: TCommentKey | null,
  limit: number,
  cap: number,
): Promise<{ rows: TCommentAnalysesTable[]; count: number }> {
  const plan = await planSearch(db, dialect, filter);
  const base = () => applyFilter(db.selectFrom('comment_analyses'), dialect, filter, plan);
  let q = base();
  if (after !== null) {
    const [day, submittedAt, responseId, questionKey] = after;
    q = q.where(
      sql<SqlBool>`(comment_analyses.day, comment_analyses.submitted_at, comment_analyses.response_id, comment_analyses.question_key) < (${day}, ${submittedAt}, ${responseId}, ${questionKey})`,
    );
  }
  const rows = await q
    .select([...COLUMNS])
    .orderBy('comment_analyses.day', 'desc')
    .orderBy('comment_analyses.submitted_at', 'desc')
    .orderBy('comment_analyses.response_id', 'desc')
    .orderBy('comment_analyses.question_key', 'desc')
    .limit(limit)
    .execute();
  // Counting stops at the cap: reading the matches of the words (or of the theme) as the outer
  // loop of a join finds it soonest, since the other filters pass a share of them; testing
  // comment after comment along the time index does not.
  let countPlan = plan;
  let from = db.selectFrom('comment_analyses') as TQuery;
  if (plan.text !== 'plain' && plan.theme !== 'drive' && filter.match !== undefined) {
    countPlan = { text: 'drive', theme: 'probe' };
    from = db
      .selectFrom(sql`comment_search`.as('comment_search'))
      .innerJoin('comment_analyses', (join) =>
        join.on(sql<SqlBool>`comment_analyses.rowid = comment_search.rowid`),
      );
  } else if (dialect === 'sqlite' && plan.theme === 'probe' && filter.themeId !== undefined) {
    countPlan = { text: plan.text, theme: 'join' };
    from = db
      .selectFrom('comment_themes')
      .innerJoin('comment_analyses', (join) =>
        join
          .onRef('comment_analyses.response_id', '=', 'comment_themes.response_id')
          .onRef('comment_analyses.question_key', '=', 'comment_themes.question_key'),
      );
  }
  const joined = countPlan.text === 'drive' && countPlan !== plan;
  const inner = applyFilter(from, dialect, filter, countPlan, joined).select(sql`1`.as('one'));
  const counted = await db
    .selectFrom(inner.limit(cap).as('matching'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return { rows, count: Number(counted?.n ?? 0) };
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
