/**
 * Contracts of alerts: the localised changes the change scan found (`/api/alerts`), their
 * evidence (the series around the change, the themes whose share changed with it, example
 * comments) and their status, which people move from open to acknowledged to resolved.
 */
import { z } from 'zod';
import { ZInterval } from './analytics.js';
import { ZId, ZTimestamp } from './common.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const ZAlertStatus = z.enum(ALERT_STATUSES);
export type TAlertStatus = z.infer<typeof ZAlertStatus>;

/** The status moves an alert allows: anything else is a 409. */
export const ALERT_TRANSITIONS: Record<TAlertStatus, readonly TAlertStatus[]> = {
  open: ['acknowledged', 'resolved'],
  acknowledged: ['open', 'resolved'],
  resolved: ['open'],
};

const ZCount = z.number().int().min(0);
const ZSegment = z.record(z.string(), z.string());
const ZTouchpointRef = z.object({ id: z.string(), name: z.string() }).nullable();

/** One side of a change: responses, value (mean, or NPS in points) and its 95% interval. */
export const ZAlertSide = z.object({ n: ZCount, value: z.number(), interval: ZInterval });
export type TAlertSide = z.infer<typeof ZAlertSide>;

/** A series related to an alert, compared before and after the alert's date. */
export const ZAlertRelated = z.object({
  touchpoint: ZTouchpointRef,
  segment: ZSegment,
  /** "Lounge bar x traveller_type = business". */
  label: z.string(),
  before: z.number(),
  after: z.number(),
  nBefore: ZCount,
  nAfter: ZCount,
  pValue: z.number(),
});
export type TAlertRelated = z.infer<typeof ZAlertRelated>;

/** An alert as lists show it. */
export const ZAlert = z.object({
  id: ZId,
  status: ZAlertStatus,
  /** nps, csat, ces or rating. */
  metric: z.string(),
  questionKey: z.string(),
  /** The question's text in its survey (null when no survey asks it any more). */
  questionLabel: z.string().nullable(),
  touchpoint: ZTouchpointRef,
  segment: ZSegment,
  /** Touchpoint and segment in words: "Lounge bar x traveller_type = business x route = international". */
  label: z.string(),
  /** First day of the first week after the change (weeks start on Monday), YYYY-MM-DD. */
  changeDate: z.string(),
  direction: z.enum(['up', 'down']),
  before: ZAlertSide,
  after: ZAlertSide,
  /** Cohen's d for means, NPS points for NPS. */
  effectSize: z.number(),
  effectUnit: z.enum(['cohens-d', 'nps-points']),
  pValue: z.number(),
  /** Holm-adjusted across every series of the scan that found it. */
  adjustedPValue: z.number(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: ZTimestamp.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: ZTimestamp.nullable(),
});
export type TAlert = z.infer<typeof ZAlert>;

/** A theme whose share among the alert's comments changed with it. */
export const ZAlertTheme = z.object({
  themeId: z.string(),
  name: z.string(),
  commentsBefore: ZCount,
  mentionsBefore: ZCount,
  commentsAfter: ZCount,
  mentionsAfter: ZCount,
  /** Shares of comments mentioning the theme, 0..1. */
  shareBefore: z.number(),
  shareAfter: z.number(),
  /** shareAfter - shareBefore with its 95% (Wald) interval. */
  difference: z.number(),
  interval: ZInterval,
  /** Two-proportion z test, two-sided. */
  pValue: z.number(),
});
export type TAlertTheme = z.infer<typeof ZAlertTheme>;

/** A comment written after the change that mentions one of the top themes. */
export const ZAlertComment = z.object({
  responseId: z.string(),
  day: z.string(),
  text: z.string(),
  /** Sentiment, -1..1. */
  sentiment: z.number(),
  themes: z.array(z.string()),
});
export type TAlertComment = z.infer<typeof ZAlertComment>;

/** Another measure of the alert's series that changed with it. */
export const ZAlertMeasureChange = z.object({
  metric: z.string(),
  questionKey: z.string(),
  questionLabel: z.string().nullable(),
  changeDate: z.string(),
  before: ZAlertSide,
  after: ZAlertSide,
  effectSize: z.number(),
  effectUnit: z.enum(['cohens-d', 'nps-points']),
  adjustedPValue: z.number(),
});
export type TAlertMeasureChange = z.infer<typeof ZAlertMeasureChange>;

/** `GET /api/alerts/{id}`: the alert with its evidence. */
export const ZAlertDetail = ZAlert.extend({
  /** Other measures (rating items, CSAT, ...) of the same touchpoint x segment that changed too. */
  alsoChanged: z.array(ZAlertMeasureChange),
  /** Broader series whose change this one explains (folded in). */
  sharedBy: z.array(ZAlertRelated),
  /** Siblings (one condition changed) that do not share the change. */
  notAffected: z.array(ZAlertRelated),
  /** Themes by how much their share changed, largest first. */
  themes: z.array(ZAlertTheme),
  examples: z.array(ZAlertComment),
});
export type TAlertDetail = z.infer<typeof ZAlertDetail>;

/** `GET /api/alerts`: newest change first, then largest. */
export const ZAlertListQuery = z.object({
  status: ZAlertStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TAlertListQuery = z.infer<typeof ZAlertListQuery>;
export const ZAlertList = z.object({ items: z.array(ZAlert) });
export type TAlertList = z.infer<typeof ZAlertList>;

/** `PATCH /api/alerts/{id}`. */
export const ZAlertStatusUpdate = z.object({ status: ZAlertStatus });
export type TAlertStatusUpdate = z.infer<typeof ZAlertStatusUpdate>;

/** `POST /api/alerts/scan`: what the scan did. */
export const ZAlertScanResult = z.object({
  /** Series with enough data to test (the size of the multiple-comparison family). */
  testedSeries: ZCount,
  /** Localised findings of this scan. */
  findings: ZCount,
  created: ZCount,
  updated: ZCount,
  alertIds: z.array(ZId),
  scannedAt: ZTimestamp,
});
export type TAlertScanResult = z.infer<typeof ZAlertScanResult>;

/** One week of an alert's series: its value with a 95% interval, null when too few answers. */
export const ZAlertWeek = z.object({
  weekStart: z.string(),
  n: ZCount,
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

/** `GET /api/alerts/{id}/series`: the weekly series of the alert's scope. */
export const ZAlertSeries = z.object({
  alertId: ZId,
  changeDate: z.string(),
  /** mean or NPS (points). */
  kind: z.enum(['mean', 'nps']),
  weeks: z.array(ZAlertWeek),
});
export type TAlertSeries = z.infer<typeof ZAlertSeries>;
