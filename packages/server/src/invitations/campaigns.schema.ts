import { ZId, ZLanguage, ZListQuery, ZName, ZTimestamp, sortParam } from '@touchstone/core';
import { z } from 'zod';

/** `key:value` on a declared customer attribute, as in `GET /api/customers?attr=`. */
const ZAttrFilter = z
  .string()
  .max(1100)
  .regex(/^[a-z0-9][a-z0-9_-]*:.*$/, 'attr filters are written key:value');

/**
 * Who a campaign invites: named customers; a segment (customers whose attributes equal every
 * filter; no filter: every customer); or the customers of named interactions, each invitation
 * then tied to its interaction (and, without a campaign touchpoint, to the interaction's touchpoint).
 */
export const ZCampaignAudience = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('customers'),
    customerIds: z.array(ZId).min(1).max(10_000),
  }),
  z.strictObject({ type: z.literal('segment'), attr: z.array(ZAttrFilter).max(20).default([]) }),
  z.strictObject({
    type: z.literal('interactions'),
    interactionIds: z.array(ZId).min(1).max(10_000),
  }),
]);
export type TCampaignAudience = z.infer<typeof ZCampaignAudience>;

/** The e-mail text in one language; the survey's title and brand do the rest. */
export const ZCampaignMessage = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  intro: z.string().max(5000).default(''),
  /** The button's label; default "Start the survey". */
  buttonLabel: z.string().trim().min(1).max(100).optional(),
});
export type TCampaignMessage = z.infer<typeof ZCampaignMessage>;

const ZMessages = z
  .record(ZLanguage, ZCampaignMessage)
  .refine((m) => Object.keys(m).length > 0, 'give the message in at least one language');

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent'] as const;
export const SKIP_REASONS = ['no_email', 'no_consent', 'opted_out', 'frequency'] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];
export const INVITATION_STATUSES = ['skipped', 'queued', 'sent', 'failed'] as const;
export type TInvitationStatus = (typeof INVITATION_STATUSES)[number];

const count = z.number().int();

/** What became of a campaign's audience so far. */
export const ZCampaignCounts = z.object({
  /** Invitations made (eligible customers), whatever their delivery state. */
  eligible: count,
  skipped: z.object({
    noEmail: count,
    noConsent: count,
    optedOut: count,
    frequency: count,
  }),
  queued: count,
  sent: count,
  failed: count,
  responded: count,
  reminded: count,
  /** Recipients who unsubscribed through this campaign's e-mails. */
  unsubscribed: count,
});
export type TCampaignCounts = z.infer<typeof ZCampaignCounts>;

export const ZCampaign = z.object({
  id: ZId,
  name: z.string(),
  surveyId: ZId,
  /** draft; scheduled (sends at scheduledAt); sending (e-mails queued); sent (none left queued). */
  status: z.enum(CAMPAIGN_STATUSES),
  audience: ZCampaignAudience,
  touchpointId: ZId.nullable(),
  messages: z.record(z.string(), ZCampaignMessage),
  reminderDays: z.number().int(),
  scheduledAt: ZTimestamp.nullable(),
  sentAt: ZTimestamp.nullable(),
  counts: ZCampaignCounts,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TCampaign = z.infer<typeof ZCampaign>;

export const ZCampaignCreate = z.strictObject({
  name: ZName,
  surveyId: ZId,
  audience: ZCampaignAudience,
  touchpointId: ZId.nullable().default(null),
  messages: ZMessages,
  /** Remind non-respondents after this many days; 0: never; default from the server config. */
  reminderDays: z.number().int().min(0).max(60).optional(),
  /** Send at this instant when `POST /send` names no time. */
  scheduledAt: ZTimestamp.nullable().default(null),
});
export type TCampaignCreate = z.infer<typeof ZCampaignCreate>;

export const ZCampaignSend = z.strictObject({
  /** Later: the campaign is scheduled; omitted or past: it is sent now. */
  scheduledAt: ZTimestamp.optional(),
});
export type TCampaignSend = z.infer<typeof ZCampaignSend>;

export const ZCampaignListQuery = ZListQuery.extend({
  sort: sortParam(['-createdAt', 'createdAt', 'name']),
  surveyId: ZId.optional(),
});
export type TCampaignListQuery = z.infer<typeof ZCampaignListQuery>;

export const ZInvitation = z.object({
  id: ZId,
  campaignId: ZId,
  customerId: ZId,
  interactionId: ZId.nullable(),
  language: z.string(),
  status: z.enum(INVITATION_STATUSES),
  skipReason: z.enum(SKIP_REASONS).nullable(),
  lastError: z.string().nullable(),
  invitedAt: ZTimestamp,
  sentAt: ZTimestamp.nullable(),
  remindedAt: ZTimestamp.nullable(),
  respondedAt: ZTimestamp.nullable(),
  responseId: ZId.nullable(),
  optedOutAt: ZTimestamp.nullable(),
});
export type TInvitation = z.infer<typeof ZInvitation>;

export const ZInvitationListQuery = ZListQuery.extend({
  sort: sortParam(['invitedAt', '-invitedAt']),
  status: z.enum(INVITATION_STATUSES).optional(),
  skipReason: z.enum(SKIP_REASONS).optional(),
  responded: z.stringbool().optional(),
});
export type TInvitationListQuery = z.infer<typeof ZInvitationListQuery>;

/** The organization's contact-frequency rule. */
export const ZInvitationSettings = z.strictObject({
  /** No invitation to a customer who was invited to any survey in this many days; 0: no limit. */
  minDaysBetweenInvitations: z.number().int().min(0).max(3650),
});
export type TInvitationSettings = z.infer<typeof ZInvitationSettings>;
