/** Builds the deliveries of a message: body, stable id, first queued attempt. */
import { newId } from '@touchstone/core';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import type { TWebhookDeliveriesTable } from '../storage/schema.js';
import { insertDeliveryIfNew } from './webhook-deliveries.repository.js';

export const WEBHOOK_DELIVERY_JOB = 'webhooks.deliver';

/** The job payload of one attempt: the delivery and the token that allows it to send. */
export interface TDeliveryJob {
  deliveryId: string;
  token: string;
  /** Asked for by a person (redelivery, ping): sent even while the subscription is disabled. */
  manual?: boolean;
}

/** The body of a message, per Standard Webhooks: type, timestamp and the data. */
export function messageBody(
  type: string,
  timestamp: string,
  data: Record<string, unknown>,
): string {
  return JSON.stringify({ type, timestamp, data });
}

/** Queues the attempt holding `token` at `runAt` (in the caller's transaction). */
export async function enqueueAttempt(
  db: TDb,
  organizationId: string,
  job: TDeliveryJob,
  runAt: Date,
  now: Date,
): Promise<void> {
  await enqueueJob(db, {
    kind: WEBHOOK_DELIVERY_JOB,
    organizationId,
    payload: job,
    runAt,
    now,
    // Only failures to record an attempt are retried by the worker; the receiver's failures are
    // retried on the delivery's own schedule.
    maxAttempts: 5,
  });
}

/**
 * Adds a delivery of the message to the subscription and queues its first attempt, unless the
 * subscription already has one for the event; the delivery's id, or null when it existed.
 */
export async function addDelivery(
  db: TDb,
  input: {
    organizationId: string;
    webhookId: string;
    eventId: string;
    eventType: string;
    body: string;
    now: Date;
    manual?: boolean;
  },
): Promise<string | null> {
  const id = `msg_${newId()}`;
  const token = newId();
  const at = input.now.toISOString();
  const row: TWebhookDeliveriesTable = {
    id,
    organization_id: input.organizationId,
    webhook_id: input.webhookId,
    event_id: input.eventId,
    event_type: input.eventType,
    body: input.body,
    status: 'pending',
    attempts: 0,
    attempt_token: token,
    last_status_code: null,
    last_error: null,
    last_duration_ms: null,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  };
  if (!(await insertDeliveryIfNew(db, row))) return null;
  const job = { deliveryId: id, token, ...(input.manual === true && { manual: true }) };
  await enqueueAttempt(db, input.organizationId, job, input.now, input.now);
  return id;
}
