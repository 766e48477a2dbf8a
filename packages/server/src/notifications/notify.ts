import { newId } from '@touchstone/core';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import { NOTIFICATION_JOBS } from './notification-job-kinds.js';
import { resolveRecipientIds, type TRecipientQuery } from './notification-recipients.repository.js';
import {
  DEFAULT_EMAIL_CHOICE,
  emailChoicesOf,
  insertNotifications,
} from './notifications.repository.js';

/** One thing to tell people, as capabilities (cases, rules, ...) hand it to `notify`. */
export interface TNotifyInput {
  organizationId: string;
  recipients: TRecipientQuery;
  /** What happened, e.g. `case.created`, `case.assigned`, `case.sla_breached`, `rule.matched`. */
  kind: string;
  title: string;
  body: string;
  /** A dashboard path, e.g. `/cases/<id>`. */
  link: string | null;
  subject: { type: string; id: string } | null;
  now: Date;
}

/**
 * Records in-app notifications for the recipients, in the caller's transaction, and queues
 * immediate e-mails for those who chose them. Returns how many people were notified.
 */
export async function notify(trx: TDb, input: TNotifyInput): Promise<number> {
  const orgId = input.organizationId;
  const userIds = await resolveRecipientIds(trx, orgId, input.recipients);
  if (userIds.length === 0) return 0;
  const createdAt = input.now.toISOString();
  const rows = userIds.map((userId) => ({
    id: newId(),
    organization_id: orgId,
    user_id: userId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    link: input.link,
    subject_type: input.subject?.type ?? null,
    subject_id: input.subject?.id ?? null,
    created_at: createdAt,
    read_at: null,
    emailed_at: null,
    digest_at: null,
  }));
  await insertNotifications(trx, rows);
  const choices = await emailChoicesOf(trx, orgId, userIds);
  for (const row of rows) {
    if ((choices.get(row.user_id) ?? DEFAULT_EMAIL_CHOICE) !== 'immediate') continue;
    await enqueueJob(trx, {
      kind: NOTIFICATION_JOBS.email,
      organizationId: orgId,
      payload: { notificationId: row.id },
      now: input.now,
    });
  }
  return rows.length;
}
