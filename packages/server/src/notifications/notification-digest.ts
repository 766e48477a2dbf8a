/**
 * The daily digest: one job per organization, at a fixed hour, that e-mails each person who chose
 * the digest their unread notifications of the last day and queues the next day's run. The
 * schedule row names the one job allowed to run, so however many processes ensure it, one
 * digest goes out a day.
 */
import { newId } from '@touchstone/core';
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/enqueue-job.js';
import { PermanentJobError, type TJobContext } from '../jobs/job-registry.js';
import { findJob, insertJob } from '../jobs/jobs.repository.js';
import { mailDomain } from '../invitations/mailer.js';
import type { TDb, TStorage } from '../storage/database.js';
import {
  findDigestSchedule,
  insertDigestScheduleIfAbsent,
  listOrganizationIds,
  moveDigestSchedule,
} from './digest-schedule.repository.js';
import { renderDigestEmail } from './notification-email.js';
import { NOTIFICATION_JOBS } from './notification-job-kinds.js';
import { listDigestNotifications, markDigested } from './notification-mail.repository.js';
import type { TNotificationMailDeps } from './notification-delivery.js';
import type { TMailableNotification } from './notification-mail.repository.js';
import { publicBaseUrlOf } from '../invitations/invitation-delivery.js';

/** The hour (UTC) of the daily digest: before the working day in Europe. */
export const DIGEST_HOUR_UTC = 7;
const DAY_MS = 86_400_000;
/** Job states that will still run. */
const PENDING = new Set(['queued', 'running', 'failed']);

/** The next digest time strictly after `now`. */
export function nextDigestAt(now: Date): Date {
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC),
  );
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

async function insertDigestJob(db: TDb, orgId: string, id: string, runAt: Date, now: Date) {
  const at = now.toISOString();
  await insertJob(db, {
    id,
    organization_id: orgId,
    kind: NOTIFICATION_JOBS.digest,
    payload_json: '{}',
    status: 'queued',
    attempts: 0,
    max_attempts: DEFAULT_MAX_ATTEMPTS,
    run_at: runAt.toISOString(),
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: at,
    updated_at: at,
  });
}

/**
 * Makes sure the organization has its pending digest job. Pass the caller's transaction: the
 * schedule and its job commit together. With `repair`, a schedule whose job ended (gave up,
 * or was removed) gets a new one.
 */
export async function ensureDigestSchedule(
  db: TDb,
  orgId: string,
  now: Date,
  options: { repair?: boolean } = {},
): Promise<void> {
  const schedule = await findDigestSchedule(db, orgId);
  const runAt = nextDigestAt(now);
  const jobId = newId();
  const next = { job_id: jobId, run_at: runAt.toISOString(), updated_at: now.toISOString() };
  if (schedule === undefined) {
    // Two processes may get here at once: the primary key lets one insert, the other does nothing.
    if (await insertDigestScheduleIfAbsent(db, { organization_id: orgId, ...next })) {
      await insertDigestJob(db, orgId, jobId, runAt, now);
    }
    return;
  }
  if (options.repair !== true) return;
  const job = await findJob(db, schedule.job_id);
  if (job !== undefined && PENDING.has(job.status)) return;
  if (await moveDigestSchedule(db, orgId, schedule.job_id, next)) {
    await insertDigestJob(db, orgId, jobId, runAt, now);
  }
}

/** At server start: every organization gets its pending digest job, and a lost one is replaced. */
export async function ensureDigestSchedules(storage: TStorage, now: Date): Promise<void> {
  for (const orgId of await listOrganizationIds(storage.db)) {
    await storage.db
      .transaction()
      .execute((trx) => ensureDigestSchedule(trx, orgId, now, { repair: true }));
  }
}

function byPerson(rows: TMailableNotification[]): TMailableNotification[][] {
  const groups = new Map<string, TMailableNotification[]>();
  for (const row of rows) {
    const list = groups.get(row.user_id) ?? [];
    list.push(row);
    groups.set(row.user_id, list);
  }
  return [...groups.values()];
}

/**
 * Runs an organization's digest: one e-mail per person, each marked as soon as it is sent (a
 * retry after a failure sends only to the rest), then hands the schedule to the next day's job.
 * A job that no longer holds the schedule (replaced by a repair) does nothing.
 */
export async function runDigest(context: TJobContext, deps: TNotificationMailDeps): Promise<void> {
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('a digest job needs an organization');
  const db = context.storage.db;
  const schedule = await findDigestSchedule(db, orgId);
  if (schedule?.job_id !== context.id) return;
  const now = context.now;
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const baseUrl = publicBaseUrlOf(deps.config);
  const domain = mailDomain(deps.config.mailFrom);
  for (const items of byPerson(await listDigestNotifications(db, orgId, since))) {
    const first = items[0];
    if (first === undefined) continue;
    const email = renderDigestEmail(
      first.name,
      items.map((n) => ({ title: n.title, body: n.body, link: n.link, createdAt: n.created_at })),
      baseUrl,
    );
    await deps.mailer.send({
      to: first.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: {},
      messageId: `<digest.${context.id}.${first.user_id}@${domain}>`,
    });
    await markDigested(
      db,
      items.map((n) => n.id),
      now.toISOString(),
    );
  }
  const runAt = nextDigestAt(now);
  const jobId = newId();
  await db.transaction().execute(async (trx) => {
    const next = { job_id: jobId, run_at: runAt.toISOString(), updated_at: now.toISOString() };
    if (await moveDigestSchedule(trx, orgId, context.id, next)) {
      await insertDigestJob(trx, orgId, jobId, runAt, now);
    }
  });
}
