/**
 * The baseline importer: what a straightforward loader does. Each row is parsed and validated,
 * its customer looked up, and inserted in its own transaction (one commit, one sync per row).
 */
import { newId, ZInteractionImportRow } from '@touchstone/core';
import { organizationSeq } from '../packages/server/src/organizations/organizations.repository.js';
import type { TStorage } from '../packages/server/src/storage/database.js';

/** Loads NDJSON lines one row per transaction; returns the rows stored. */
export async function naiveLoadInteractions(
  storage: TStorage,
  orgId: string,
  lines: string[],
): Promise<number> {
  const touchpoints = new Map(
    (
      await storage.db
        .selectFrom('touchpoints')
        .select(['key', 'id'])
        .where('organization_id', '=', orgId)
        .execute()
    ).map((t) => [t.key, t.id]),
  );
  let stored = 0;
  for (const line of lines) {
    const row = ZInteractionImportRow.parse(JSON.parse(line));
    const touchpointId = touchpoints.get(row.touchpoint);
    if (touchpointId === undefined) throw new Error(`unknown touchpoint ${row.touchpoint}`);
    await storage.db.transaction().execute(async (trx) => {
      const customer = await trx
        .selectFrom('customers')
        .select('id')
        .where('organization_id', '=', orgId)
        .where('external_id', '=', row.customerExternalId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('interactions')
        .values({
          id: newId(),
          organization_id: orgId,
          organization_seq: organizationSeq(orgId),
          external_id: row.externalId,
          customer_id: customer.id,
          touchpoint_id: touchpointId,
          occurred_at: new Date(row.occurredAt).toISOString(),
          type: row.type,
          amount: row.amount,
          currency: row.currency,
          attributes_json: JSON.stringify(row.attributes),
          created_at: new Date().toISOString(),
        })
        .execute();
    });
    stored += 1;
  }
  return stored;
}
