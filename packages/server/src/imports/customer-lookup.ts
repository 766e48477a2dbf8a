import type { TDb, TStorage } from '../storage/database.js';

/** Past this many cached customers the cache starts over, so memory stays bounded. */
const MAX_CACHED = 200_000;

/**
 * Customer ids by external id, kept across the batches of one import: interactions of the same
 * customers recur, and a map lookup is far cheaper than an index probe.
 */
export class CustomerIdCache {
  private readonly ids = new Map<string, string>();

  get(externalId: string): string | undefined {
    return this.ids.get(externalId);
  }

  /** The distinct external ids that are not cached. */
  missing(externalIds: readonly string[]): string[] {
    const out = new Set<string>();
    for (const e of externalIds) if (!this.ids.has(e)) out.add(e);
    return [...out];
  }

  addAll(found: ReadonlyMap<string, string>): void {
    if (this.ids.size + found.size > MAX_CACHED) this.ids.clear();
    for (const [externalId, id] of found) this.ids.set(externalId, id);
  }

  forget(externalId: string): void {
    this.ids.delete(externalId);
  }
}

/**
 * A prepared SQLite lookup of many external ids at once: the ids travel as one JSON array
 * parameter, so one statement serves batches of any size.
 */
export function sqliteCustomerLookup(
  sqlite: NonNullable<TStorage['sqlite']>,
  orgId: string,
): (externalIds: readonly string[]) => Map<string, string> {
  const statement = sqlite
    .prepare(
      // Written as IN (subquery): as a join, SQLite scanned the organization's customers per id.
      `SELECT external_id, id FROM customers
       WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);
  return (externalIds) => {
    const rows = statement.all(orgId, JSON.stringify(externalIds)) as [string, string][];
    return new Map(rows);
  };
}

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
