/** Builds the deliveries of a message: body, stable id, first queued attempt. */
import { newId } from '@touchstone/core';
import { enqueueJob, enqueueJobs, type TEnqueue } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import type { TWebhookDeliveriesTable } from '../storage/schema.js';
import { insertDeliveriesIfNew } from './webhook-deliveries.repository.js';

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

function attemptJob(organizationId: string, job: TDeliveryJob, runAt: Date, now: Date): TEnqueue {
  return {
    kind: WEBHOOK_DELIVERY_JOB,
    organizationId,
    payload: job,
    runAt,
    now,
    // Only failures to record an attempt are retried by the worker; the receiver's failures are
    // retried on the delivery's own schedule.
    maxAttempts: 5,
  };
}

/** Queues the attempt holding `token` at `runAt` (in the caller's transaction). */
export async function enqueueAttempt(
  db: TDb,
  organizationId: string,
  job: TDeliveryJob,
  runAt: Date,
  now: Date,
): Promise<void> {
  await enqueueJob(db, attemptJob(organizationId, job, runAt, now));
}

/** A delivery to add: a message to one subscription. */
export interface TNewDelivery {
  organizationId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  body: string;
  now: Date;
  manual?: boolean;
}

/**
 * Adds the deliveries and queues the first attempt of each, leaving out a subscription's
 * delivery of an event it already has; the ids of the deliveries added, in order. A statement
 * per few hundred deliveries and as many for their jobs, whatever the number.
 */
export async function addDeliveries(db: TDb, inputs: readonly TNewDelivery[]): Promise<string[]> {
  const rows = inputs.map((input) => {
    const at = input.now.toISOString();
    const token = newId();
    const row: TWebhookDeliveriesTable = {
      id: `msg_${newId()}`,
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
    return { row, token, manual: input.manual === true, now: input.now };
  });
  const inserted = await insertDeliveriesIfNew(
    db,
    rows.map((r) => r.row),
  );
  const added = rows.filter((r) => inserted.has(r.row.id));
  await enqueueJobs(
    db,
    added.map(({ row, token, manual, now }) =>
      attemptJob(
        row.organization_id,
        { deliveryId: row.id, token, ...(manual && { manual: true }) },
        now,
        now,
      ),
    ),
  );
  return added.map((r) => r.row.id);
}

/**
 * Adds a delivery of the message to the subscription and queues its first attempt, unless the
 * subscription already has one for the event; the delivery's id, or null when it existed.
 */
export async function addDelivery(db: TDb, input: TNewDelivery): Promise<string | null> {
  const [id] = await addDeliveries(db, [input]);
  return id ?? null;
}
