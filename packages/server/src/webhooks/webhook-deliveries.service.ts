/** The delivery log of a subscription, manual redelivery, and the test message (ping). */
import {
  newId,
  notFound,
  WEBHOOK_PING_TYPE,
  type TDeliveryStatus,
  type TWebhookDelivery,
  type TWebhookDeliveryListQuery,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import type { TWebhookDeliveriesTable } from '../storage/schema.js';
import {
  findDelivery,
  listAttemptRows,
  listDeliveryRows,
  requeueDelivery,
} from './webhook-deliveries.repository.js';
import { addDelivery, enqueueAttempt, messageBody } from './webhook-message.js';
import { getWebhookRow } from './webhooks.service.js';

async function toDeliveries(
  db: TDb,
  rows: readonly TWebhookDeliveriesTable[],
): Promise<TWebhookDelivery[]> {
  const attempts = await listAttemptRows(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id.startsWith('ping:') ? null : row.event_id,
    eventType: row.event_type,
    status: row.status as TDeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attemptLog: attempts
      .filter((a) => a.delivery_id === row.id)
      .map((a) => ({
        attempt: a.attempt,
        at: a.at,
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
  }));
}

async function getDelivery(
  ctx: TServiceContext,
  webhookId: string,
  id: string,
): Promise<TWebhookDelivery> {
  const row = await findDelivery(ctx.storage.db, ctx.actor.organizationId, webhookId, id);
  if (row === undefined) throw notFound('delivery', id);
  const [delivery] = await toDeliveries(ctx.storage.db, [row]);
  if (delivery === undefined) throw notFound('delivery', id);
  return delivery;
}

/** The subscription's deliveries, newest first, with their attempts. */
export async function listDeliveries(
  ctx: TServiceContext,
  webhookId: string,
  query: TWebhookDeliveryListQuery,
): Promise<{ items: TWebhookDelivery[]; nextCursor: string | null }> {
  await getWebhookRow(ctx, webhookId);
  const { rows, nextCursor } = await listDeliveryRows(
    ctx.storage.db,
    ctx.actor.organizationId,
    webhookId,
    query,
  );
  return { items: await toDeliveries(ctx.storage.db, rows), nextCursor };
}

/** Queues a fresh attempt now, with the same `webhook-id`; a retry queued before is dropped. */
export async function redeliver(
  ctx: TServiceContext,
  webhookId: string,
  deliveryId: string,
): Promise<TWebhookDelivery> {
  await getWebhookRow(ctx, webhookId);
  const orgId = ctx.actor.organizationId;
  const now = new Date();
  await ctx.storage.db.transaction().execute(async (trx) => {
    const row = await findDelivery(trx, orgId, webhookId, deliveryId);
    if (row === undefined) throw notFound('delivery', deliveryId);
    const token = newId();
    await requeueDelivery(trx, row.id, token, now.toISOString());
    await enqueueAttempt(trx, orgId, { deliveryId: row.id, token, manual: true }, now, now);
    await recordAudit(trx, ctx.actor, {
      action: 'redeliver',
      entity: 'webhook',
      entityId: webhookId,
      details: { deliveryId },
    });
  });
  return getDelivery(ctx, webhookId, deliveryId);
}

/** Sends a `webhook.ping` test message to the subscription (enabled or not). */
export async function pingWebhook(
  ctx: TServiceContext,
  webhookId: string,
): Promise<TWebhookDelivery> {
  await getWebhookRow(ctx, webhookId);
  const now = new Date();
  const pingId = `ping:${newId()}`;
  const id = await ctx.storage.db.transaction().execute((trx) =>
    addDelivery(trx, {
      organizationId: ctx.actor.organizationId,
      webhookId,
      eventId: pingId,
      eventType: WEBHOOK_PING_TYPE,
      body: messageBody(WEBHOOK_PING_TYPE, now.toISOString(), { id: webhookId }),
      now,
      manual: true,
    }),
  );
  if (id === null) throw new Error('a ping delivery could not be added');
  return getDelivery(ctx, webhookId, id);
}
