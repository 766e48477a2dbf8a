/**
 * Reads rollups into the in-memory cube: page by page in primary-key order (keyset), so that a
 * large organization never materialises all its rows at once. On PostgreSQL a cell may have a
 * row in several writer slots (migration 0028): value cells are summed here, cross-product cells
 * by the cube as it adds them.
 */
import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';
import { dialectOf } from '../storage/json-path.js';
import type { TRollupCrossProductsTable, TRollupValuesTable } from '../storage/schema.js';
import { VALUE_SUM_COLUMNS } from '../ingest/rollup-row.js';

const VALUE_PAGE = 20_000;
const CROSS_PAGE = 2_000;

type TSumColumn = (typeof VALUE_SUM_COLUMNS)[number];

/** A value cell of one question key, its slots summed (a sum of integers comes back as text). */
type TValueRow = Pick<TRollupValuesTable, 'survey_id' | 'touchpoint_id' | 'day' | 'segment_key'> &
  Record<TSumColumn, number | string>;

/**
 * PostgreSQL: calls `onPage` with every value cell of one question key, in pages, each cell's
 * writer slots summed (the slot is last in the primary key, so the rows of a cell are adjacent).
 */
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
      .select(['survey_id', 'touchpoint_id', 'day', 'segment_key'])
      .select(VALUE_SUM_COLUMNS.map((c) => sql<number | string>`sum(${sql.ref(c)})`.as(c)))
      .where('organization_id', '=', orgId)
      .where('question_key', '=', questionKey)
      .groupBy(['survey_id', 'touchpoint_id', 'day', 'segment_key']);
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

/**
 * Calls `onPage` with every cross-product rollup row of an organization, in pages. On
 * PostgreSQL a cell may come as several rows, one per writer slot, whose moments add up.
 */
export async function forEachCrossRollupPage(
  db: TDb,
  orgId: string,
  onPage: (rows: TCrossRow[]) => void,
): Promise<void> {
  // The slot column exists on PostgreSQL only; SQLite's key is the cell.
  const slots = dialectOf(db) === 'postgres';
  let after: { cell_id: string; slot: number } | undefined;
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
        sql<number>`${slots ? sql.ref('slot') : sql.lit(0)}`.as('slot'),
      ])
      .where('organization_id', '=', orgId);
    if (after !== undefined) {
      const a = after;
      query = query.where(
        slots
          ? sql<boolean>`(cell_id, slot) > (${a.cell_id}, ${a.slot})`
          : sql<boolean>`cell_id > ${a.cell_id}`,
      );
    }
    query = query.orderBy('cell_id');
    if (slots) query = query.orderBy(sql.ref('slot'));
    const rows = await query.limit(CROSS_PAGE).execute();
    if (rows.length > 0) onPage(rows);
    if (rows.length < CROSS_PAGE) return;
    const last = rows[rows.length - 1];
    after = last && { cell_id: last.cell_id, slot: Number(last.slot) };
  }
}
