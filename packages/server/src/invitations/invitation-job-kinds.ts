import { z } from 'zod';

/** The job kinds of e-mail invitations, and their payloads. */
export const INVITATION_JOBS = {
  /** Sends a scheduled campaign: makes its invitations at the scheduled time. */
  campaignSend: 'campaign.send',
  /** Delivers one invitation e-mail. */
  invitationSend: 'invitation.send',
  /** Delivers one reminder e-mail. */
  invitationRemind: 'invitation.remind',
  /** Finds a campaign's invitations due for a reminder and schedules its own next run. */
  campaignReminders: 'campaign.reminders',
} as const;

export const ZCampaignSendPayload = z.object({ campaignId: z.uuid(), scheduledAt: z.string() });
export const ZInvitationPayload = z.object({ invitationId: z.uuid() });
export const ZCampaignRemindersPayload = z.object({ campaignId: z.uuid() });
