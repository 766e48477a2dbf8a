/**
 * The sums behind theme statistics, read from `comment_themes` (one row per comment and theme)
 * and `comment_analyses` (every comment): volumes, sentiment sums and respondents by NPS group.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TDb, TDialectName } from '../storage/database.js';

export interface TStatsFilter {
  organizationId: string;
  from: string;
  to: string;
  touchpointIds?: readonly string[] | undefined;
  segments?: readonly (readonly string[])[] | undefined;
}

/** Comments and distinct respondents by NPS group (respondents without an NPS answer in none). */
export interface TNpsGroupSums {
  volume: number;
  /** Distinct responses behind the volume. */
  responses: number;
  scoreSum: number;
  promoters: number;
  passives: number;
  detractors: number;
}

function conditions(
  table: 'comment_themes' | 'comment_analyses',
  dialect: TDialectName,
  f: TStatsFilter,
): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`${col('organization_id')} = ${f.organizationId}`,
    sql<SqlBool>`${col('day')} >= ${f.from}`,
    sql<SqlBool>`${col('day')} <= ${f.to}`,
  ];
  if (f.touchpointIds !== undefined && f.touchpointIds.length > 0) {
    parts.push(
      sql<SqlBool>`${col('touchpoint_id')} IN (${sql.join(f.touchpointIds.map((id) => sql`${id}`))})`,
    );
  }
  for (const options of f.segments ?? []) {
    const within = sql`(';' || ${col('segment_key')} || ';')`;
    const found = options.map((part) =>
      dialect === 'sqlite'
        ? sql`instr(${within}, ${`;${part};`}) > 0`
        : sql`strpos(${within}, ${`;${part};`}) > 0`,
    );
    parts.push(sql<SqlBool>`(${sql.join(found, sql` OR `)})`);
  }
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

/**
 * Sums over comments grouped first by response: a response's comments share its NPS answer, so
 * its group counts its respondent once (one sort, where `count(DISTINCT ...)` per group took
 * three).
 */
const SUMS = sql`
  coalesce(sum(n), 0) AS volume,
  count(*) AS responses,
  coalesce(sum(s), 0) AS score_sum,
  coalesce(sum(CASE WHEN nps >= 9 THEN 1 ELSE 0 END), 0) AS promoters,
  coalesce(sum(CASE WHEN nps >= 7 AND nps <= 8 THEN 1 ELSE 0 END), 0) AS passives,
  coalesce(sum(CASE WHEN nps <= 6 THEN 1 ELSE 0 END), 0) AS detractors`;

interface TSumsRow {
  volume: number | string;
  responses: number | string;
  score_sum: number | string;
  promoters: number | string;
  passives: number | string;
  detractors: number | string;
}

function toSums(row: TSumsRow | undefined): TNpsGroupSums {
  return {
    volume: Number(row?.volume ?? 0),
    responses: Number(row?.responses ?? 0),
    scoreSum: Number(row?.score_sum ?? 0),
    promoters: Number(row?.promoters ?? 0),
    passives: Number(row?.passives ?? 0),
    detractors: Number(row?.detractors ?? 0),
  };
}

/** Sums per theme over the comments of the period that mention it. */
export async function sumThemes(
  db: TDb,
  dialect: TDialectName,
  filter: TStatsFilter,
): Promise<Map<string, TNpsGroupSums>> {
  const result = await sql<TSumsRow & { theme_id: string }>`
    SELECT theme_id, ${SUMS}
    FROM (
      SELECT theme_id, response_id, count(*) AS n, sum(score) AS s, max(nps) AS nps
      FROM comment_themes
      WHERE ${conditions('comment_themes', dialect, filter)}
      GROUP BY theme_id, response_id
    ) AS by_response
    GROUP BY theme_id`.execute(db);
  return new Map(result.rows.map((r) => [r.theme_id, toSums(r)]));
}

/** Sums over every comment of the period. */
export async function sumComments(
  db: TDb,
  dialect: TDialectName,
  filter: TStatsFilter,
): Promise<TNpsGroupSums> {
  const result = await sql<TSumsRow>`
    SELECT ${SUMS}
    FROM (
      SELECT response_id, count(*) AS n, sum(score) AS s, max(nps) AS nps
      FROM comment_analyses
      WHERE ${conditions('comment_analyses', dialect, filter)}
      GROUP BY response_id
    ) AS by_response`.execute(db);
  return toSums(result.rows[0]);
}

/** Comments per month (`YYYY-MM`) of the period, in total and per theme. */
export async function countByMonth(
  db: TDb,
  dialect: TDialectName,
  filter: TStatsFilter,
): Promise<{ totals: Map<string, number>; themes: Map<string, Map<string, number>> }> {
  const totals = await sql<{ month: string; n: number | string }>`
    SELECT substr(day, 1, 7) AS month, count(*) AS n
    FROM comment_analyses
    WHERE ${conditions('comment_analyses', dialect, filter)}
    GROUP BY substr(day, 1, 7)`.execute(db);
  const byTheme = await sql<{ theme_id: string; month: string; n: number | string }>`
    SELECT theme_id, substr(day, 1, 7) AS month, count(*) AS n
    FROM comment_themes
    WHERE ${conditions('comment_themes', dialect, filter)}
    GROUP BY theme_id, substr(day, 1, 7)`.execute(db);
  const themes = new Map<string, Map<string, number>>();
  for (const r of byTheme.rows) {
    const months = themes.get(r.theme_id) ?? new Map<string, number>();
    months.set(r.month, Number(r.n));
    themes.set(r.theme_id, months);
  }
  return { totals: new Map(totals.rows.map((r) => [r.month, Number(r.n)])), themes };
}
