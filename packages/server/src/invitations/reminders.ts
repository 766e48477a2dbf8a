import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import { findRemindingCampaigns } from './campaigns.repository.js';
import { scheduleReminderSweep } from './campaign-send.js';
import { INVITATION_JOBS } from './invitation-job-kinds.js';
import {
  findDueReminderIds,
  findPendingReminders,
  updateInvitationIf,
} from './invitations.repository.js';

const DAY_MS = 86_400_000;
/** A sweep that finds nothing due yet looks again no sooner than this. */
const MIN_SWEEP_GAP_MS = 60 * 60_000;

/**
 * Queues one reminder for each invitation sent at least the campaign's reminder days before `now`
 * that has no response, no reminder yet, and whose customer has not opted out since. Each
 * invitation is marked before its job is queued, in one transaction, so it is reminded once.
 * Returns how many reminders were queued.
 */
export async function enqueueDueReminders(
  db: TDb,
  options: { now: Date; campaignId?: string },
): Promise<number> {
  const nowIso = options.now.toISOString();
  let queued = 0;
  for (const campaign of await findRemindingCampaigns(db, options.campaignId)) {
    const cutoff = new Date(options.now.getTime() - campaign.reminder_days * DAY_MS).toISOString();
    const ids = await findDueReminderIds(db, campaign.id, cutoff);
    await db.transaction().execute(async (trx) => {
      for (const invitationId of ids) {
        const marked = await updateInvitationIf(trx, invitationId, ['sent'], {
          reminder_queued_at: nowIso,
          updated_at: nowIso,
        });
        if (!marked) continue;
        await enqueueJob(trx, {
          kind: INVITATION_JOBS.invitationRemind,
          payload: { invitationId },
          organizationId: campaign.organization_id,
          now: options.now,
        });
        queued += 1;
      }
    });
  }
  return queued;
}

/**
 * One run of a campaign's reminder sweep: queues the due reminders, then schedules the next run at
 * the moment the earliest remaining invitation becomes due (none: the sweep ends).
 */
export async function sweepCampaignReminders(
  db: TDb,
  campaign: { id: string; organization_id: string; reminder_days: number },
  now: Date,
  currentJobId?: string,
): Promise<number> {
  const queued = await enqueueDueReminders(db, { now, campaignId: campaign.id });
  const pending = await findPendingReminders(db, campaign.id);
  if (pending === null || campaign.reminder_days === 0) return queued;
  const waitMs = campaign.reminder_days * DAY_MS;
  // Invitations still queued are sent soon, so they fall due about `waitMs` from now at the latest.
  const dueAt =
    pending.earliestSentAt !== null
      ? Date.parse(pending.earliestSentAt) + waitMs
      : now.getTime() + waitMs;
  const next = new Date(Math.max(dueAt, now.getTime() + MIN_SWEEP_GAP_MS));
  await scheduleReminderSweep(db, campaign, next, now, currentJobId);
  return queued;
}
