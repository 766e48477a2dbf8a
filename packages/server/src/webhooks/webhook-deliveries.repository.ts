/** SQL of webhook deliveries and their attempts. */
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type {
  TWebhookDeliveriesTable,
  TWebhookDeliveryAttemptsTable,
  TWebhooksTable,
} from '../storage/schema.js';

/** Inserts the delivery unless the subscription already has one for the event; true if new. */
export async function insertDeliveryIfNew(db: TDb, row: TWebhookDeliveriesTable): Promise<boolean> {
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

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

/** A delivery with the subscription it goes to (for an attempt). */
export async function findDeliveryWithWebhook(
  db: TDb,
  id: string,
): Promise<{ delivery: TWebhookDeliveriesTable; webhook: TWebhooksTable } | undefined> {
  const delivery = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (delivery === undefined) return undefined;
  const webhook = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', delivery.webhook_id)
    .executeTakeFirst();
  return webhook === undefined ? undefined : { delivery, webhook };
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

export async function insertAttempt(db: TDb, row: TWebhookDeliveryAttemptsTable): Promise<void> {
  await db.insertInto('webhook_delivery_attempts').values(row).execute();
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
