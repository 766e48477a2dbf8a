/**
 * Reads rollups into the in-memory cube: page by page in primary-key order (keyset), so that a
 * large organization never materialises all its rows at once.
 */
import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';
import type { TRollupCrossProductsTable, TRollupValuesTable } from '../storage/schema.js';

const VALUE_PAGE = 20_000;
const CROSS_PAGE = 2_000;

type TValueRow = Omit<TRollupValuesTable, 'organization_id' | 'question_key'>;

/** Calls `onPage` with every value rollup row of one question key, in pages. */
export async function forEachValueRollupPage(
  db: TDb,
  orgId: string,
  questionKey: string,
  onPage: (rows: TValueRow[]) => void,
): Promise<void> {
  let after: TValueRow | undefined;
  for (;;) {
    let query = db
      .selectFrom('rollup_values')
      .select([
        'survey_id',
        'touchpoint_id',
        'day',
        'segment_key',
        'n',
        'sum',
        'sum_sq',
        'h0',
        'h1',
        'h2',
        'h3',
        'h4',
        'h5',
        'h6',
        'h7',
        'h8',
        'h9',
        'h10',
      ])
      .where('organization_id', '=', orgId)
      .where('question_key', '=', questionKey);
    if (after !== undefined) {
      const a = after;
      query = query.where(
        sql<boolean>`(survey_id, touchpoint_id, day, segment_key) > (${a.survey_id}, ${a.touchpoint_id}, ${a.day}, ${a.segment_key})`,
      );
    }
    const rows = await query
      .orderBy('survey_id')
      .orderBy('touchpoint_id')
      .orderBy('day')
      .orderBy('segment_key')
      .limit(VALUE_PAGE)
      .execute();
    if (rows.length > 0) onPage(rows);
    if (rows.length < VALUE_PAGE) return;
    after = rows[rows.length - 1];
  }
}

/**
 * The value rollup rows of one survey and touchpoint in a question key, as
 * `forEachValueRollupGroup` reads them: each cell a row `[day, segment_key, n, sum, sum_sq,
 * h0, ..., h10]`, in primary-key order.
 */
export interface TValueRollupGroup {
  surveyId: string;
  touchpointId: string;
  cells: [day: string, segmentKey: string, ...statistics: number[]][];
}

type TKeyRow = { survey_id: string; touchpoint_id: string; day: string; segment_key: string };

/**
 * SQLite: every value rollup row of one question key, a page of `pageRows` rows at a time in
 * primary-key order, each page's rows of a survey and touchpoint packed by SQLite as one JSON
 * text. Loading a cube read each row as 18 values, and handing a value from SQLite to
 * JavaScript costs more than SQLite's whole scan; a group is three values and one `JSON.parse`.
 * Grouped by a prefix of the primary key, the rows stream from the key in order, with no sort.
 * Each page is the range after the previous page's last key up to its own last key, found first
 * by a seek in the key.
 */
export async function forEachValueRollupGroup(
  db: TDb,
  orgId: string,
  questionKey: string,
  onGroup: (group: TValueRollupGroup) => void,
  pageRows = VALUE_PAGE,
): Promise<void> {
  const key = sql`(survey_id, touchpoint_id, day, segment_key)`;
  const inKey = sql`organization_id = ${orgId} AND question_key = ${questionKey}`;
  const tuple = (r: TKeyRow) =>
    sql`(${r.survey_id}, ${r.touchpoint_id}, ${r.day}, ${r.segment_key})`;
  let after: TKeyRow | undefined;
  for (;;) {
    const from = after === undefined ? sql`` : sql`AND ${key} > ${tuple(after)}`;
    const { rows: ends } = await sql<TKeyRow>`
      SELECT survey_id, touchpoint_id, day, segment_key FROM rollup_values
      WHERE ${inKey} ${from}
      ORDER BY survey_id, touchpoint_id, day, segment_key
      LIMIT 1 OFFSET ${pageRows - 1}`.execute(db);
    const last = ends[0];
    const to = last === undefined ? sql`` : sql`AND ${key} <= ${tuple(last)}`;
    const { rows } = await sql<{ survey_id: string; touchpoint_id: string; cells: string }>`
      SELECT survey_id, touchpoint_id, json_group_array(json_array(day, segment_key,
        n, sum, sum_sq, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)) AS cells
      FROM rollup_values
      WHERE ${inKey} ${from} ${to}
      GROUP BY survey_id, touchpoint_id`.execute(db);
    for (const r of rows) {
      onGroup({
        surveyId: r.survey_id,
        touchpointId: r.touchpoint_id,
        cells: JSON.parse(r.cells) as TValueRollupGroup['cells'],
      });
    }
    if (last === undefined) return;
    after = last;
  }
}

type TCrossRow = Omit<TRollupCrossProductsTable, 'organization_id' | 'n'>;

/** Calls `onPage` with every cross-product rollup row of an organization, in pages. */
export async function forEachCrossRollupPage(
  db: TDb,
  orgId: string,
  onPage: (rows: TCrossRow[]) => void,
): Promise<void> {
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('rollup_cross_products')
      .select([
        'cell_id',
        'survey_id',
        'touchpoint_id',
        'month',
        'segment_key',
        'variables',
        'moments_json',
      ])
      .where('organization_id', '=', orgId);
    if (after !== undefined) query = query.where('cell_id', '>', after);
    const rows = await query.orderBy('cell_id').limit(CROSS_PAGE).execute();
    if (rows.length > 0) onPage(rows);
    if (rows.length < CROSS_PAGE) return;
    after = rows[rows.length - 1]?.cell_id;
  }
}
