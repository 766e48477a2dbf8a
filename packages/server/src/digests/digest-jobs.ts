/**
 * The weekly digest's jobs. `digest.weekly` is one installation-wide job a hour: it sends the
 * digest of every person whose chosen day and hour of this week have come (and who saved the
 * setting before then), then the next hour's run does the rest. Each send is claimed in the
 * sent-log first, so a person gets at most one a week however often runs repeat or restart.
 * `digest.preview` sends one person their digest at once, outside the schedule and the log.
 */
import { z } from 'zod';
import type { TScanDeps } from '../alerts/alert-scan.service.js';
import { CubeStore } from '../analytics/cube-store.js';
import { QuestionCatalogs } from '../analytics/question-catalog.js';
import type { TConfig } from '../config.js';
import { publicBaseUrlOf } from '../invitations/invitation-delivery.js';
import { mailDomain, type TMailer } from '../invitations/mailer.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { PermanentJobError, type JobRegistry, type TJobContext } from '../jobs/job-registry.js';
import { hasPendingJob } from '../jobs/jobs.repository.js';
import type { TDb, TStorage } from '../storage/database.js';
import { gatherDigest, type TDigestScopeCache } from './digest-content.js';
import { renderDigestEmail } from './digest-email.js';
import { isDigestDue, nextHourAt, weekKeyOf } from './digest-week.js';
import {
  claimDigestWeek,
  findDigestRecipient,
  findDigestSubscription,
  listEnabledDigestRecipients,
  releaseDigestWeek,
  type TDigestRecipient,
} from './digests.repository.js';

export const DIGEST_JOBS = {
  weekly: 'digest.weekly',
  preview: 'digest.preview',
} as const;
const WEEKLY_PAYLOAD = {};
export const ZDigestPreviewPayload = z.object({ userId: z.string() });

export interface TDigestMailDeps {
  mailer: TMailer;
  config: TConfig;
}

/** Queues the next hourly run unless one is waiting (besides the job that asks). */
export async function ensureWeeklyDigestRun(
  db: TDb,
  now: Date,
  exceptJobId?: string,
): Promise<void> {
  if (await hasPendingJob(db, DIGEST_JOBS.weekly, WEEKLY_PAYLOAD, exceptJobId)) return;
  await enqueueJob(db, {
    kind: DIGEST_JOBS.weekly,
    payload: WEEKLY_PAYLOAD,
    runAt: nextHourAt(now),
    now,
  });
}

/** A run's analytics: the worker holds no cubes, so a run loads what it reads and drops it. */
function analyticsDeps(storage: TStorage): TScanDeps {
  return { storage, cubes: new CubeStore(storage), catalogs: new QuestionCatalogs() };
}

async function sendOne(
  deps: TScanDeps,
  cache: TDigestScopeCache,
  mail: TDigestMailDeps,
  person: TDigestRecipient,
  now: Date,
): Promise<void> {
  const content = await gatherDigest(
    deps,
    {
      orgId: person.organization_id,
      userId: person.user_id,
      name: person.name,
      scope: person.scope === 'teams' ? 'teams' : 'organization',
    },
    now,
    cache,
  );
  const week = weekKeyOf(now);
  const email = renderDigestEmail(content, publicBaseUrlOf(mail.config), { preview: false });
  await mail.mailer.send({
    to: person.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: {},
    messageId: `<digest.weekly.${week}.${person.user_id}@${mailDomain(mail.config.mailFrom)}>`,
  });
}

/**
 * Sends every due digest. One person's failure does not stop the others: their claim is given
 * back and the job fails after the rest, so its retry sends only what is still unsent.
 */
export async function runWeeklyDigests(context: TJobContext, mail: TDigestMailDeps): Promise<void> {
  const { storage, now } = context;
  await ensureWeeklyDigestRun(storage.db, now, context.id);
  const due = (await listEnabledDigestRecipients(storage.db)).filter((s) =>
    isDigestDue(
      { dayOfWeek: s.day_of_week, hourUtc: s.hour_utc, activeSince: s.active_since },
      now,
    ),
  );
  if (due.length === 0) return;
  const deps = analyticsDeps(storage);
  const cache: TDigestScopeCache = new Map();
  const week = weekKeyOf(now);
  const failures: string[] = [];
  for (const person of due) {
    const claim = {
      organization_id: person.organization_id,
      user_id: person.user_id,
      week,
      sent_at: now.toISOString(),
    };
    if (!(await claimDigestWeek(storage.db, claim))) continue;
    try {
      await sendOne(deps, cache, mail, person, now);
    } catch (error) {
      await releaseDigestWeek(storage.db, person.organization_id, person.user_id, week);
      failures.push(`${person.user_id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} weekly digest(s) not sent: ${failures.join('; ')}`);
  }
}

/** Sends one person their digest now, with their setting's scope (the organization if none). */
async function runPreview(
  payload: z.infer<typeof ZDigestPreviewPayload>,
  context: TJobContext,
  mail: TDigestMailDeps,
): Promise<void> {
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('a digest preview needs an organization');
  const db = context.storage.db;
  const person = await findDigestRecipient(db, orgId, payload.userId);
  if (person === undefined) return;
  const setting = await findDigestSubscription(db, orgId, payload.userId);
  const content = await gatherDigest(
    analyticsDeps(context.storage),
    {
      orgId,
      userId: payload.userId,
      name: person.name,
      scope: setting?.scope === 'teams' ? 'teams' : 'organization',
    },
    context.now,
  );
  const email = renderDigestEmail(content, publicBaseUrlOf(mail.config), { preview: true });
  await mail.mailer.send({
    to: person.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: {},
    messageId: `<digest.preview.${context.id}@${mailDomain(mail.config.mailFrom)}>`,
  });
}

export function registerDigestJobs(registry: JobRegistry, mail: TDigestMailDeps): void {
  registry.register(DIGEST_JOBS.weekly, z.object({}), (_payload, context) =>
    runWeeklyDigests(context, mail),
  );
  registry.register(DIGEST_JOBS.preview, ZDigestPreviewPayload, (payload, context) =>
    runPreview(payload, context, mail),
  );
}
