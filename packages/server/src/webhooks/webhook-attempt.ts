/**
 * The attempts of deliveries, run by their jobs a worker's claim at a time: sign, send (all at
 * once), record every outcome in one transaction, and on failure queue the next attempt on the
 * retry schedule or mark the delivery failed. Only the attempt holding the delivery's current
 * token sends, so a retry made obsolete by a redelivery does nothing.
 */
import { newId } from '@touchstone/core';
import type { TStorage } from '../storage/database.js';
import type {
  TWebhookDeliveriesTable,
  TWebhookDeliveryAttemptsTable,
  TWebhooksTable,
} from '../storage/schema.js';
import { retryDelayAfter } from './retry-schedule.js';
import {
  findDeliveriesWithWebhooks,
  hasSuccessSince,
  insertAttempts,
  updateDeliveryIfToken,
} from './webhook-deliveries.repository.js';
import { enqueueAttempt, type TDeliveryJob } from './webhook-message.js';
import { sendAttempt, type TTargetPolicy, type TWebhookAgents } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signature.js';
import { updateWebhookRow } from './webhooks.repository.js';

const DAY_MS = 24 * 60 * 60_000;

export interface TAttemptDeps {
  policy: TTargetPolicy;
  timeoutMs: number;
  /** Pooled connections; without them each attempt opens its own. */
  agents?: TWebhookAgents;
}

/** An attempt the worker asks for, at the time its claim was made. */
export interface TAttemptRequest {
  job: TDeliveryJob;
  now: Date;
}

type TDeliveryPatch = Parameters<typeof updateDeliveryIfToken>[3];

/** What one attempt leads to, recorded with the others of its batch. */
interface TAttemptRecord {
  delivery: TWebhookDeliveriesTable;
  webhook: TWebhooksTable;
  token: string;
  patch: TDeliveryPatch;
  attempt: TWebhookDeliveryAttemptsTable | null;
  next: { token: string; at: Date } | null;
  now: Date;
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

/** The record of a delivery not sent because its subscription was switched off meanwhile. */
function droppedRecord(
  delivery: TWebhookDeliveriesTable,
  webhook: TWebhooksTable,
  token: string,
  now: Date,
): TAttemptRecord {
  return {
    delivery,
    webhook,
    token,
    patch: {
      status: 'failed',
      attempts: delivery.attempts,
      attempt_token: null,
      last_status_code: delivery.last_status_code,
      last_error: 'not sent: the subscription is disabled',
      last_duration_ms: delivery.last_duration_ms,
      next_attempt_at: null,
      updated_at: now.toISOString(),
    },
    attempt: null,
    next: null,
    now,
  };
}

async function sendOne(
  deps: TAttemptDeps,
  delivery: TWebhookDeliveriesTable,
  webhook: TWebhooksTable,
  token: string,
  now: Date,
): Promise<TAttemptRecord> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = await sendAttempt(
    {
      url: webhook.url,
      headers: webhookHeaders(webhook.secret, delivery.id, timestamp, delivery.body),
      body: delivery.body,
      timeoutMs: deps.timeoutMs,
    },
    deps.policy,
    deps.agents,
  );
  const attempt = delivery.attempts + 1;
  const delay = outcome.ok ? null : retryDelayAfter(attempt);
  const next = delay === null ? null : { token: newId(), at: new Date(now.getTime() + delay) };
  return {
    delivery,
    webhook,
    token,
    patch: {
      status: outcome.ok ? 'succeeded' : next === null ? 'failed' : 'pending',
      attempts: attempt,
      attempt_token: next?.token ?? null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_duration_ms: outcome.durationMs,
      next_attempt_at: next?.at.toISOString() ?? null,
      updated_at: now.toISOString(),
    },
    attempt: {
      delivery_id: delivery.id,
      attempt,
      at: now.toISOString(),
      status_code: outcome.statusCode,
      error: outcome.error,
      duration_ms: outcome.durationMs,
    },
    next,
    now,
  };
}

/**
 * Runs the attempts the jobs name, sending them at the same time, and records what happened
 * on the deliveries in one transaction; throws (so that the jobs run again) only when the
 * record cannot be written.
 */
export async function runDeliveryAttempts(
  storage: TStorage,
  deps: TAttemptDeps,
  requests: readonly TAttemptRequest[],
): Promise<void> {
  const found = await findDeliveriesWithWebhooks(
    storage.db,
    requests.map((r) => r.job.deliveryId),
  );
  const records = await Promise.all(
    requests.map(async ({ job, now }): Promise<TAttemptRecord | null> => {
      const entry = found.get(job.deliveryId);
      if (entry === undefined) return null;
      const { delivery, webhook } = entry;
      if (delivery.attempt_token !== job.token || delivery.status !== 'pending') return null;
      if (webhook.enabled !== 1 && job.manual !== true) {
        // Switched off since the delivery was made: its remaining retries are dropped.
        return droppedRecord(delivery, webhook, job.token, now);
      }
      return sendOne(deps, delivery, webhook, job.token, now);
    }),
  );
  const recorded = records.filter((r): r is TAttemptRecord => r !== null);
  if (recorded.length > 0) {
    await storage.db.transaction().execute(async (trx) => {
      await insertAttempts(
        trx,
        recorded.flatMap((r) => r.attempt ?? []),
      );
      for (const r of recorded) {
        const current = await updateDeliveryIfToken(trx, r.delivery.id, r.token, r.patch);
        // A redelivery queued meanwhile owns the delivery now; this attempt is only logged.
        if (current && r.next !== null) {
          const job = { deliveryId: r.delivery.id, token: r.next.token };
          await enqueueAttempt(trx, r.delivery.organization_id, job, r.next.at, r.now);
        }
      }
    });
  }
  for (const r of recorded) {
    if (r.attempt !== null && r.patch.status === 'failed') {
      await disableIfDead(storage, r.webhook, r.delivery, r.now);
    }
  }
}
