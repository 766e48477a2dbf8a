import { z } from 'zod';
import { ZDay, ZInterval } from './analytics.js';
import { ZId, ZListQuery, ZTimestamp, page } from './common.js';

/** The built-in e-mail templates a case message may start from. */
export const CASE_MESSAGE_TEMPLATES = ['apology', 'more_information', 'resolved'] as const;
export const ZCaseMessageTemplate = z.enum(CASE_MESSAGE_TEMPLATES);
export type TCaseMessageTemplate = z.infer<typeof ZCaseMessageTemplate>;

/**
 * An e-mail to a case's customer: plain text (subject and body), or a template whose text is
 * used where subject or body is left out.
 */
export const ZCaseMessageCreate = z
  .strictObject({
    subject: z.string().trim().min(1).max(200).optional(),
    body: z.string().trim().min(1).max(10_000).optional(),
    template: ZCaseMessageTemplate.optional(),
  })
  .refine((m) => m.template !== undefined || (m.subject !== undefined && m.body !== undefined), {
    message: 'give a subject and a body, or a template',
    path: ['body'],
  });
export type TCaseMessageCreate = z.infer<typeof ZCaseMessageCreate>;

export const CASE_MESSAGE_STATUSES = ['queued', 'sent', 'failed'] as const;

export const ZCaseMessage = z.object({
  id: ZId,
  caseId: ZId,
  customerId: ZId,
  template: ZCaseMessageTemplate.nullable(),
  subject: z.string(),
  body: z.string(),
  /** queued (the job will send it), sent (the SMTP server took it), failed (gave up). */
  status: z.enum(CASE_MESSAGE_STATUSES),
  lastError: z.string().nullable(),
  sentBy: z.string().nullable(),
  sentAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TCaseMessage = z.infer<typeof ZCaseMessage>;

/** Sends a follow-up survey; without `surveyId`, the organization's default follow-up survey. */
export const ZFollowUpCreate = z.strictObject({ surveyId: ZId.optional() });
export type TFollowUpCreate = z.infer<typeof ZFollowUpCreate>;

export const ZFollowUpMetric = z.enum(['nps', 'csat']);
export type TFollowUpMetric = z.infer<typeof ZFollowUpMetric>;

/** A follow-up survey sent to a customer, and once answered its outcome. */
export const ZFollowUp = z.object({
  id: ZId,
  caseId: ZId.nullable(),
  customerId: ZId,
  surveyId: ZId,
  invitationId: ZId.nullable(),
  /** The invitation's delivery state (queued, sent, failed, skipped), null once it is gone. */
  deliveryStatus: z.string().nullable(),
  status: z.enum(['sent', 'answered']),
  /** The scale both answers are on, null when neither says NPS or CSAT. */
  metric: ZFollowUpMetric.nullable(),
  originalResponseId: ZId.nullable(),
  originalScore: z.number().nullable(),
  /** promoter, passive, detractor (NPS); satisfied, neutral, dissatisfied (CSAT). */
  originalCategory: z.string().nullable(),
  responseId: ZId.nullable(),
  score: z.number().nullable(),
  category: z.string().nullable(),
  /** The original answer was a detractor's and the follow-up is passive or promoter. */
  recovered: z.boolean().nullable(),
  sentAt: ZTimestamp,
  answeredAt: ZTimestamp.nullable(),
});
export type TFollowUp = z.infer<typeof ZFollowUp>;

/** What the case view shows of closing the loop. */
export const ZCaseClosedLoop = z.object({
  caseId: ZId,
  /** Why the customer cannot be written to now (no_customer, no_email, no_consent, opted_out). */
  contactBlockedBy: z.string().nullable(),
  defaultFollowUpSurveyId: ZId.nullable(),
  messages: z.array(ZCaseMessage),
  followUps: z.array(ZFollowUp),
});
export type TCaseClosedLoop = z.infer<typeof ZCaseClosedLoop>;

export const ZClosedLoopSettings = z.strictObject({
  /** The survey `POST /api/cases/{id}/follow-up` sends when the request names none. */
  followUpSurveyId: ZId.nullable(),
});
export type TClosedLoopSettings = z.infer<typeof ZClosedLoopSettings>;

export const ZClosedLoopReportQuery = z.object({
  /** Cases opened on or after this day (UTC); default 90 days before `to`. */
  from: ZDay.optional(),
  /** Cases opened on or before this day (UTC); default today. */
  to: ZDay.optional(),
  team: ZId.optional(),
  touchpoint: ZId.optional(),
});
export type TClosedLoopReportQuery = z.infer<typeof ZClosedLoopReportQuery>;

/** A share with its Wilson 95% interval; null figures when nothing was counted. */
export const ZReportShare = z.object({
  count: z.number().int(),
  n: z.number().int(),
  share: z.number().nullable(),
  interval: ZInterval.nullable(),
});
export type TReportShare = z.infer<typeof ZReportShare>;

/** Durations in minutes. */
export const ZDurationSummary = z.object({
  n: z.number().int(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type TDurationSummary = z.infer<typeof ZDurationSummary>;

export const ZReportBreakdownRow = z.object({
  /** The code, touchpoint or team; null for cases without one. */
  id: z.string().nullable(),
  label: z.string(),
  cases: z.number().int(),
  open: z.number().int(),
  resolved: z.number().int(),
  followedUpDetractors: z.number().int(),
  recovered: z.number().int(),
});
export type TReportBreakdownRow = z.infer<typeof ZReportBreakdownRow>;

export const ZClosedLoopReport = z.object({
  from: ZDay,
  to: ZDay,
  cases: z.object({
    total: z.number().int(),
    open: z.number().int(),
    resolved: z.number().int(),
  }),
  /** Recovered among followed-up detractors who answered. */
  recoveryRate: ZReportShare,
  /** Answered among follow-ups sent. */
  followUpResponseRate: ZReportShare,
  timeToFirstResponse: ZDurationSummary,
  timeToResolution: ZDurationSummary,
  /** Share of cases that met each target, among those whose target is decided (met or missed). */
  slaCompliance: z.object({ firstResponse: ZReportShare, resolution: ZReportShare }),
  byRootCause: z.array(ZReportBreakdownRow),
  byTouchpoint: z.array(ZReportBreakdownRow),
  byTeam: z.array(ZReportBreakdownRow),
  /**
   * Customers of the period's cases with an NPS answer before the case and one after it: the
   * mean of each and the change.
   */
  laterNps: z.object({
    customers: z.number().int(),
    meanBefore: z.number().nullable(),
    meanAfter: z.number().nullable(),
    change: z.number().nullable(),
  }),
  /**
   * The customers' spending around their first case of the period: revenue (the amounts of their
   * interactions) per 30 days over the `windowDays` before the case, and over the days since it
   * (up to `windowDays`; customers whose case is younger than `minDaysAfter` are left out).
   */
  valueChange: z.object({
    customers: z.number().int(),
    windowDays: z.number().int(),
    minDaysAfter: z.number().int(),
    meanBefore: z.number().nullable(),
    meanAfter: z.number().nullable(),
    change: z.number().nullable(),
  }),
});
export type TClosedLoopReport = z.infer<typeof ZClosedLoopReport>;

export const CUSTOMER_TIMELINE_KINDS = [
  'response',
  'interaction',
  'case',
  'case_activity',
  'follow_up',
] as const;
export const ZCustomerTimelineKind = z.enum(CUSTOMER_TIMELINE_KINDS);
export type TCustomerTimelineKind = z.infer<typeof ZCustomerTimelineKind>;

export const ZCustomerTimelineQuery = ZListQuery.extend({
  kind: ZCustomerTimelineKind.optional(),
});
export type TCustomerTimelineQuery = z.infer<typeof ZCustomerTimelineQuery>;

/** One thing that happened with a customer, newest first. */
export const ZCustomerTimelineEntry = z.object({
  kind: ZCustomerTimelineKind,
  /** The response, interaction, case, activity or follow-up. */
  id: z.string(),
  at: ZTimestamp,
  title: z.string(),
  detail: z.string(),
  /** The case the entry belongs to (cases, their activities and follow-ups). */
  caseId: z.string().nullable(),
  /** A score when the entry has one (an NPS answer, a follow-up answer). */
  score: z.number().nullable(),
  /** Sentiment of the response's comments (-1 to 1), responses only. */
  sentiment: z.number().nullable(),
});
export type TCustomerTimelineEntry = z.infer<typeof ZCustomerTimelineEntry>;

export const ZCustomerTimeline = page(ZCustomerTimelineEntry);
export type TCustomerTimeline = z.infer<typeof ZCustomerTimeline>;

/** Where a signed-in person's work is: what the dashboard's start page is chosen from. */
export const ZMyWork = z.object({
  role: z.string(),
  landing: z.enum(['cases', 'my-touchpoints', 'overview']),
  teams: z.array(z.object({ id: ZId, name: z.string() })),
  ownedTouchpoints: z.array(z.object({ id: ZId, name: z.string(), teamId: ZId })),
  openCases: z.number().int(),
});
export type TMyWork = z.infer<typeof ZMyWork>;
