import { AppError } from '@touchstone/core';
import { PermanentJobError, type JobRegistry } from '../jobs/job-registry.js';
import { findCampaignRow, updateCampaignRow } from './campaigns.repository.js';
import { materializeCampaign } from './campaign-send.js';
import { deliverInvitation, type TDeliveryDeps } from './invitation-delivery.js';
import {
  INVITATION_JOBS,
  ZCampaignRemindersPayload,
  ZCampaignSendPayload,
  ZInvitationPayload,
} from './invitation-job-kinds.js';
import { sweepCampaignReminders } from './reminders.js';

/** Registers the handlers of every invitation job kind. */
export function registerInvitationJobs(registry: JobRegistry, deps: TDeliveryDeps): void {
  registry.register(INVITATION_JOBS.invitationSend, ZInvitationPayload, (payload, context) =>
    deliverInvitation('invitation', payload.invitationId, context, deps),
  );
  registry.register(INVITATION_JOBS.invitationRemind, ZInvitationPayload, (payload, context) =>
    deliverInvitation('reminder', payload.invitationId, context, deps),
  );

  registry.register(
    INVITATION_JOBS.campaignSend,
    ZCampaignSendPayload,
    async (payload, context) => {
      const orgId = context.organizationId ?? '';
      const db = context.storage.db;
      try {
        await db.transaction().execute(async (trx) => {
          const campaign = await findCampaignRow(trx, orgId, payload.campaignId, { lock: true });
          // Rescheduled or sent by hand since this job was queued: nothing to do.
          if (campaign?.status !== 'scheduled' || campaign.scheduled_at !== payload.scheduledAt) {
            return;
          }
          await materializeCampaign(trx, campaign, {
            now: context.now,
            defaultMinDays: deps.config.invitationMinDays,
          });
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The survey was closed or a segment attribute removed: back to draft, and say why.
        await updateCampaignRow(db, orgId, payload.campaignId, {
          status: 'draft',
          updated_at: context.now.toISOString(),
        });
        throw new PermanentJobError(`the scheduled campaign was not sent: ${error.message}`);
      }
    },
  );

  registry.register(
    INVITATION_JOBS.campaignReminders,
    ZCampaignRemindersPayload,
    async (payload, context) => {
      const campaign = await findCampaignRow(
        context.storage.db,
        context.organizationId ?? '',
        payload.campaignId,
      );
      if (!campaign) return;
      await sweepCampaignReminders(context.storage.db, campaign, context.now, context.id);
    },
  );
}
