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
