/**
 * Contracts that let the dashboard open every analytics page on figures: the latest period with
 * enough data (the default window), and the numeric questions by their text (so pages name
 * questions, drivers and dimensions in words and can ask for a question where a metric needs one).
 */
import { z } from 'zod';
import { ZAnalyticsFilters, ZDay, ZPeriodField } from './analytics.js';
import { ZId } from './common.js';

/** `GET /api/analytics/default-period`. */
export const ZDefaultPeriodQuery = z.object({
  interval: ZPeriodField.default('month'),
  /** A period has enough data when NPS, CSAT and CES each have this n (or no answers at all). */
  minN: z.coerce.number().int().min(1).max(1_000_000).default(10),
});
export type TDefaultPeriodQuery = z.infer<typeof ZDefaultPeriodQuery>;

/** The latest period with enough data; null fields when the organization has no responses. */
export const ZDefaultPeriodResponse = z.object({
  interval: ZPeriodField,
  /** The period's label (`2026-10`, `2026-W40`, `2026-Q3`, a day). */
  period: z.string().nullable(),
  from: ZDay.nullable(),
  to: ZDay.nullable(),
  /** The last day with a complete response. */
  latestDay: ZDay.nullable(),
  /** The largest n of NPS, CSAT and CES in the period. */
  n: z.number().int().min(0),
  /** True when the period passes the test; false when only the latest period with data was found. */
  enough: z.boolean(),
});
export type TDefaultPeriodResponse = z.infer<typeof ZDefaultPeriodResponse>;

/** Question types an analysis treats as outcomes (never offered as drivers of each other). */
export const OUTCOME_QUESTION_TYPES = ['nps', 'csat', 'ces'] as const;

/** One numeric question key as people read it. */
export const ZAnalyticsQuestion = z.object({
  key: z.string(),
  /** The question's text (a matrix item: question text and item text). */
  label: z.string(),
  type: z.string(),
  /** True for NPS, CSAT and CES questions. */
  outcome: z.boolean(),
  dimension: z.string().nullable(),
  scale: z.object({ min: z.number(), max: z.number() }).nullable(),
  surveyIds: z.array(z.string()),
});
export type TAnalyticsQuestion = z.infer<typeof ZAnalyticsQuestion>;

/** `GET /api/analytics/questions`. */
export const ZAnalyticsQuestionsResponse = z.object({ items: z.array(ZAnalyticsQuestion) });
export type TAnalyticsQuestionsResponse = z.infer<typeof ZAnalyticsQuestionsResponse>;

/**
 * `GET /api/analytics/responses`: the complete responses behind a figure, read with the figure's
 * own filters, so `total` equals the figure's n.
 */
export const ZDrillDownQuery = ZAnalyticsFilters.pick({
  from: true,
  to: true,
  touchpointId: true,
  stageId: true,
  journeyId: true,
  surveyId: true,
  attr: true,
}).extend({
  /** The figure's metric: responses that answered one of its questions (count: every one). */
  metric: z.enum(['nps', 'csat', 'ces', 'rating', 'count']).default('count'),
  /** The question of a rating, or one question of the metric. */
  question: z.string().max(130).optional(),
  /**
   * A theme's id (as `GET /api/themes` lists it): only responses with a comment of the period
   * assigned to it, so `total` is the number of responses behind the theme's volume.
   */
  theme: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TDrillDownQuery = z.infer<typeof ZDrillDownQuery>;

export const ZDrillDownResponse = z.object({
  /** Responses that match: the figure's n. */
  total: z.number().int().min(0),
  /** The question keys read, with their text. */
  questions: z.array(z.object({ key: z.string(), label: z.string() })),
  /** The theme filtered by, with its name; null without one. */
  theme: z.object({ id: z.string(), name: z.string() }).nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      surveyId: z.string(),
      surveyName: z.string(),
      touchpointId: z.string().nullable(),
      touchpointName: z.string().nullable(),
      day: ZDay,
      submittedAt: z.string().nullable(),
      /** The answers to the figure's questions. */
      values: z.record(z.string(), z.number()),
    }),
  ),
});
export type TDrillDownResponse = z.infer<typeof ZDrillDownResponse>;
