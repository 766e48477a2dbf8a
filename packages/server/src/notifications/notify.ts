import { newId } from '@touchstone/core';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import { ensureDigestSchedule } from './notification-digest.js';
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
  // E-mails turn the link into an address on this server; anything else would send people away.
  if (input.link !== null && !/^\/(?!\/)/.test(input.link)) {
    throw new Error(`a notification link is a dashboard path, not ${input.link}`);
  }
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
  let digest = false;
  for (const row of rows) {
    const choice = choices.get(row.user_id) ?? DEFAULT_EMAIL_CHOICE;
    digest ||= choice === 'digest';
    if (choice !== 'immediate') continue;
    await enqueueJob(trx, {
      kind: NOTIFICATION_JOBS.email,
      organizationId: orgId,
      payload: { notificationId: row.id },
      now: input.now,
    });
  }
  // An organization created since the server started has no digest run yet.
  if (digest) await ensureDigestSchedule(trx, orgId, input.now);
  return rows.length;
}
