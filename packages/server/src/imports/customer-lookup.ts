import type { TDb } from '../storage/database.js';

/**
 * The customers of a batch on PostgreSQL, key-share locked until the batch commits so that an
 * erasure cannot remove them between this lookup and the insert.
 */
export async function lookupCustomerIdsPg(
  trx: TDb,
  orgId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(externalIds)];
  const found = new Map<string, string>();
  if (distinct.length === 0) return found;
  const rows = await trx
    .selectFrom('customers')
    .select(['id', 'external_id'])
    .where('organization_id', '=', orgId)
    .where('external_id', 'in', distinct)
    .forKeyShare()
    .execute();
  for (const row of rows) found.set(row.external_id, row.id);
  return found;
}
