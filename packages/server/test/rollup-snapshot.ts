import type { TStorage } from '../src/storage/database.js';

/**
 * The stored rollups of an organization (non-empty value cells and cross-product cells) as
 * sorted text, so that a test can compare what incremental writes left with a rebuild.
 */
export async function rollupSnapshot(storage: TStorage, orgId: string) {
  const db = storage.db;
  const values = await db
    .selectFrom('rollup_values')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('n', '!=', 0)
    .execute();
  const cross = await db
    .selectFrom('rollup_cross_products')
    .select(['cell_id', 'variables', 'moments_json'])
    .where('organization_id', '=', orgId)
    .where('n', '!=', 0)
    .execute();
  return {
    values: values
      .map((r) => JSON.stringify({ ...r, sum: Number(r.sum), sum_sq: Number(r.sum_sq) }))
      .sort(),
    cross: cross
      .map((r) => `${r.cell_id} ${r.variables} ${JSON.stringify(JSON.parse(r.moments_json))}`)
      .sort(),
  };
}
