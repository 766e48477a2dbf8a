/** SQL of webhook subscriptions. */
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TWebhooksTable } from '../storage/schema.js';

export async function insertWebhook(db: TDb, row: TWebhooksTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

/** The subscription, when it belongs to the organization. */
export async function findWebhook(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TWebhooksTable | undefined> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the organization's subscriptions, newest first. */
export async function listWebhookRows(
  db: TDb,
  orgId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const q = db.selectFrom('webhooks').selectAll().where('organization_id', '=', orgId);
  return fetchPage(q, {
    sort: parseSort('-createdAt', { createdAt: 'webhooks.created_at' }),
    idColumn: 'webhooks.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
}

export async function updateWebhookRow(
  db: TDb,
  orgId: string,
  id: string,
  patch: Partial<
    Pick<
      TWebhooksTable,
      'url' | 'description' | 'event_types_json' | 'enabled' | 'disabled_reason' | 'secret'
    >
  > & { updated_at: string },
): Promise<void> {
  await db
    .updateTable('webhooks')
    .set(patch)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the subscription (its deliveries go with it); false when there was none. */
export async function deleteWebhookRow(db: TDb, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhooks')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The organization's enabled subscriptions: the candidates for an event's deliveries. */
export async function findEnabledWebhooks(db: TDb, orgId: string): Promise<TWebhooksTable[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('enabled', '=', 1)
    .execute();
}
