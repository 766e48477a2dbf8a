/**
 * One attempt of a delivery, run by its job: sign, send, record, and on failure queue the next
 * attempt on the retry schedule or mark the delivery failed. Only the attempt holding the
 * delivery's current token sends, so a retry made obsolete by a redelivery does nothing.
 */
import { newId } from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import type { TWebhookDeliveriesTable, TWebhooksTable } from '../storage/schema.js';
import { retryDelayAfter } from './retry-schedule.js';
import {
  findDeliveryWithWebhook,
  hasSuccessSince,
  insertAttempt,
  updateDeliveryIfToken,
} from './webhook-deliveries.repository.js';
import { enqueueAttempt, type TDeliveryJob } from './webhook-message.js';
import { sendAttempt, type TAttemptOutcome, type TTargetPolicy } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signature.js';
import { updateWebhookRow } from './webhooks.repository.js';

const DAY_MS = 24 * 60 * 60_000;

export interface TAttemptDeps {
  policy: TTargetPolicy;
  timeoutMs: number;
}

/**
 * A subscription whose delivery failed after a day of retries, with no delivery succeeding in
 * the last day, is switched off: its receiver is gone, and retrying every message for a day
 * more only adds load. An owner switches it on again.
 */
async function disableIfDead(
  storage: TStorage,
  webhook: TWebhooksTable,
  delivery: TWebhookDeliveriesTable,
  now: Date,
): Promise<void> {
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
  if (delivery.created_at > dayAgo) return;
  if (await hasSuccessSince(storage.db, webhook.id, dayAgo)) return;
  await updateWebhookRow(storage.db, webhook.organization_id, webhook.id, {
    enabled: 0,
    disabled_reason: 'every delivery failed for a day',
    updated_at: now.toISOString(),
  });
}

/** Runs the attempt the job names; what happened is recorded on the delivery. */
export async function runDeliveryAttempt(
  storage: TStorage,
  deps: TAttemptDeps,
  job: TDeliveryJob,
  now: Date,
): Promise<TAttemptOutcome | null> {
  const found = await findDeliveryWithWebhook(storage.db, job.deliveryId);
  if (found === undefined) return null;
  const { delivery, webhook } = found;
  if (delivery.attempt_token !== job.token || delivery.status !== 'pending') return null;
  if (webhook.enabled !== 1 && job.manual !== true) {
    // Switched off since the delivery was made: its remaining retries are dropped.
    await updateDeliveryIfToken(storage.db, delivery.id, job.token, {
      status: 'failed',
      attempts: delivery.attempts,
      attempt_token: null,
      last_status_code: delivery.last_status_code,
      last_error: 'not sent: the subscription is disabled',
      last_duration_ms: delivery.last_duration_ms,
      next_attempt_at: null,
      updated_at: now.toISOString(),
    });
    return null;
  }

  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = await sendAttempt(
    {
      url: webhook.url,
      headers: webhookHeaders(webhook.secret, delivery.id, timestamp, delivery.body),
      body: delivery.body,
      timeoutMs: deps.timeoutMs,
    },
    deps.policy,
  );
  const attempt = delivery.attempts + 1;
  const delay = outcome.ok ? null : retryDelayAfter(attempt);
  const nextToken = delay === null ? null : newId();
  const nextAt = delay === null ? null : new Date(now.getTime() + delay);
  const status = outcome.ok ? 'succeeded' : delay === null ? 'failed' : 'pending';
  await storage.db.transaction().execute(async (trx) => {
    await insertAttempt(trx, {
      delivery_id: delivery.id,
      attempt,
      at: now.toISOString(),
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
    });
    const current = await updateDeliveryIfToken(trx, delivery.id, job.token, {
      status,
      attempts: attempt,
      attempt_token: nextToken,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_duration_ms: outcome.durationMs,
      next_attempt_at: nextAt?.toISOString() ?? null,
      updated_at: now.toISOString(),
    });
    // A redelivery queued meanwhile owns the delivery now; this attempt is only logged.
    if (current && nextToken !== null && nextAt !== null) {
      await enqueueAttempt(
        trx,
        delivery.organization_id,
        { deliveryId: delivery.id, token: nextToken },
        nextAt,
        now,
      );
    }
  });
  if (status === 'failed') await disableIfDead(storage, webhook, delivery, now);
  return outcome;
}
