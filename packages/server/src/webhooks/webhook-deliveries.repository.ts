/** SQL of webhook deliveries and their attempts. */
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type {
  TWebhookDeliveriesTable,
  TWebhookDeliveryAttemptsTable,
  TWebhooksTable,
} from '../storage/schema.js';

/** A delivery of the organization's subscription. */
export async function findDelivery(
  db: TDb,
  orgId: string,
  webhookId: string,
  id: string,
): Promise<TWebhookDeliveriesTable | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('webhook_id', '=', webhookId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Rows per INSERT: well under either database's limit of bound parameters. */
const INSERT_CHUNK = 500;

/**
 * Inserts the deliveries, leaving out those whose subscription already has one for the event;
 * the ids of those inserted.
 */
export async function insertDeliveriesIfNew(
  db: TDb,
  rows: readonly TWebhookDeliveriesTable[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const returned = await db
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .returning('id')
      .execute();
    for (const r of returned) inserted.add(r.id);
  }
  return inserted;
}

/** The deliveries (those that exist) with the subscriptions they go to, for their attempts. */
export async function findDeliveriesWithWebhooks(
  db: TDb,
  ids: readonly string[],
): Promise<Map<string, { delivery: TWebhookDeliveriesTable; webhook: TWebhooksTable }>> {
  const found = new Map<string, { delivery: TWebhookDeliveriesTable; webhook: TWebhooksTable }>();
  if (ids.length === 0) return found;
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const webhookIds = [...new Set(deliveries.map((d) => d.webhook_id))];
  if (webhookIds.length === 0) return found;
  const webhooks = new Map(
    (await db.selectFrom('webhooks').selectAll().where('id', 'in', webhookIds).execute()).map(
      (w) => [w.id, w],
    ),
  );
  for (const delivery of deliveries) {
    const webhook = webhooks.get(delivery.webhook_id);
    if (webhook !== undefined) found.set(delivery.id, { delivery, webhook });
  }
  return found;
}

/** Newest first, optionally of one status. */
export async function listDeliveryRows(
  db: TDb,
  orgId: string,
  webhookId: string,
  query: { limit: number; cursor?: string | undefined; status?: string | undefined },
) {
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('webhook_id', '=', webhookId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  return fetchPage(q, {
    sort: parseSort('-createdAt', { createdAt: 'webhook_deliveries.created_at' }),
    idColumn: 'webhook_deliveries.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
}

/** The attempts of the deliveries, oldest first. */
export async function listAttemptRows(
  db: TDb,
  deliveryIds: readonly string[],
): Promise<TWebhookDeliveryAttemptsTable[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', [...deliveryIds])
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
}

/** Adds attempts to the delivery log. */
export async function insertAttempts(
  db: TDb,
  rows: readonly TWebhookDeliveryAttemptsTable[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('webhook_delivery_attempts')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/**
 * Records the outcome of the attempt holding `token`; false when another attempt was queued
 * meanwhile (a redelivery), whose outcome then counts instead.
 */
export async function updateDeliveryIfToken(
  db: TDb,
  id: string,
  token: string,
  patch: Pick<
    TWebhookDeliveriesTable,
    | 'status'
    | 'attempts'
    | 'attempt_token'
    | 'last_status_code'
    | 'last_error'
    | 'last_duration_ms'
    | 'next_attempt_at'
    | 'updated_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set(patch)
    .where('id', '=', id)
    .where('attempt_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Queues a fresh attempt now: pending again, with a new token. */
export async function requeueDelivery(
  db: TDb,
  id: string,
  token: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempt_token: token, next_attempt_at: at, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** True when a delivery of the subscription succeeded at or after `since`. */
export async function hasSuccessSince(db: TDb, webhookId: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'succeeded')
    .where('updated_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
