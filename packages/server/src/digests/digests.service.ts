/**
 * The signed-in person's weekly digest: their setting, saving it, and a preview sent at once.
 * Every person has one setting per organization; an API key is no person and has none.
 */
import {
  AppError,
  type TDigestPreview,
  type TDigestSubscription,
  type TDigestSubscriptionUpdate,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDigestSubscriptionsTable } from '../storage/schema.js';
import { DIGEST_JOBS, ensureWeeklyDigestRun } from './digest-jobs.js';
import { dayNameOf, dayNumberOf, nextSendAt, weekKeyOf } from './digest-week.js';
import {
  findDigestRecipient,
  findDigestSubscription,
  findLastDigestSend,
  upsertDigestSubscription,
} from './digests.repository.js';

/** A person without a setting: off, and Monday 07:00 UTC for the whole organization once on. */
const DEFAULT_SETTING: TDigestSubscriptionUpdate = {
  enabled: false,
  dayOfWeek: 'monday',
  hourUtc: 7,
  scope: 'organization',
};

function personOf(ctx: TServiceContext): { orgId: string; userId: string } {
  const userId = ctx.actor.userId;
  if (userId === null) {
    throw new AppError(
      'bad_request',
      'digests are sent to people: sign in as one (an API key has none)',
    );
  }
  return { orgId: ctx.actor.organizationId, userId };
}

function settingOf(row: TDigestSubscriptionsTable | undefined): TDigestSubscriptionUpdate {
  if (row === undefined) return DEFAULT_SETTING;
  return {
    enabled: row.enabled === 1,
    dayOfWeek: dayNameOf(row.day_of_week),
    hourUtc: row.hour_utc,
    scope: row.scope === 'teams' ? 'teams' : 'organization',
  };
}

async function describe(ctx: TServiceContext, now: Date): Promise<TDigestSubscription> {
  const { orgId, userId } = personOf(ctx);
  const db = ctx.storage.db;
  const [row, last] = await Promise.all([
    findDigestSubscription(db, orgId, userId),
    findLastDigestSend(db, orgId, userId),
  ]);
  const setting = settingOf(row);
  const next =
    row === undefined || !setting.enabled
      ? null
      : nextSendAt(
          { dayOfWeek: row.day_of_week, hourUtc: row.hour_utc, activeSince: row.active_since },
          now,
          last?.week === weekKeyOf(now),
        ).toISOString();
  return { ...setting, nextSendAt: next, lastSentAt: last?.sent_at ?? null };
}

export function getDigestSubscription(ctx: TServiceContext): Promise<TDigestSubscription> {
  return describe(ctx, new Date());
}

/**
 * Saves the setting. A save counts from now: a send time of this week already past waits for
 * next week (unless not yet sent and still ahead). Switching on makes sure the hourly run is queued.
 */
export async function setDigestSubscription(
  ctx: TServiceContext,
  input: TDigestSubscriptionUpdate,
): Promise<TDigestSubscription> {
  const { orgId, userId } = personOf(ctx);
  const now = new Date();
  const at = now.toISOString();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await upsertDigestSubscription(trx, {
      organization_id: orgId,
      user_id: userId,
      enabled: input.enabled ? 1 : 0,
      day_of_week: dayNumberOf(input.dayOfWeek),
      hour_utc: input.hourUtc,
      scope: input.scope,
      active_since: at,
      updated_at: at,
    });
    if (input.enabled) await ensureWeeklyDigestRun(trx, now);
  });
  return describe(ctx, now);
}

/** Queues the person's digest to be sent at once, with their current scope. */
export async function previewDigest(ctx: TServiceContext): Promise<TDigestPreview> {
  const { orgId, userId } = personOf(ctx);
  // Queued without a way to send, it would wait unseen through every retry.
  if (ctx.services.config.smtpUrl === null) {
    throw new AppError('conflict', 'e-mail delivery is not configured on this server (SMTP_URL)');
  }
  const person = await findDigestRecipient(ctx.storage.db, orgId, userId);
  if (person === undefined)
    throw new AppError('not_found', 'you are not a member of this organization');
  await enqueueJob(ctx.storage.db, {
    kind: DIGEST_JOBS.preview,
    payload: { userId },
    organizationId: orgId,
  });
  return { queued: true, to: person.email };
}
