import { sql } from 'kysely';
import type { TStorage } from '../src/storage/database.js';

const VALUE_KEY = ['question_key', 'survey_id', 'touchpoint_id', 'day', 'segment_key'] as const;
const VALUE_SUMS = ['n', 'sum', 'sum_sq', ...Array.from({ length: 11 }, (_, i) => `h${i}`)];

/**
 * The stored rollups of an organization (non-empty value cells and cross-product cells) as
 * sorted text, so that a test can compare what incremental writes left with a rebuild. A cell
 * stored in several writer slots (PostgreSQL) is summed into one, as the cube reads it.
 */
export async function rollupSnapshot(storage: TStorage, orgId: string) {
  const db = storage.db;
  const values = await sql<Record<string, string | number>>`
    SELECT ${sql.join(VALUE_KEY.map((c) => sql.ref(c)))},
      ${sql.join(VALUE_SUMS.map((c) => sql`sum(${sql.ref(c)}) AS ${sql.ref(c)}`))}
    FROM rollup_values WHERE organization_id = ${orgId}
    GROUP BY ${sql.join(VALUE_KEY.map((c) => sql.ref(c)))}`.execute(db);
  const cross = await db
    .selectFrom('rollup_cross_products')
    .select(['cell_id', 'variables', 'moments_json'])
    .where('organization_id', '=', orgId)
    .execute();
  const cells = new Map<string, { variables: string; moments: number[] }>();
  for (const r of cross) {
    const moments = JSON.parse(r.moments_json) as number[];
    const cell = cells.get(r.cell_id);
    if (cell === undefined) cells.set(r.cell_id, { variables: r.variables, moments });
    else cell.moments = cell.moments.map((m, i) => m + (moments[i] ?? 0));
  }
  return {
    values: values.rows
      .filter((r) => Number(r['n']) !== 0)
      .map((r) =>
        JSON.stringify({
          organization_id: orgId,
          ...Object.fromEntries(VALUE_KEY.map((c) => [c, r[c]])),
          ...Object.fromEntries(VALUE_SUMS.map((c) => [c, Number(r[c])])),
        }),
      )
      .sort(),
    cross: [...cells]
      .filter(([, cell]) => cell.moments[0] !== 0)
      .map(([cellId, cell]) => `${cellId} ${cell.variables} ${JSON.stringify(cell.moments)}`)
      .sort(),
  };
}
