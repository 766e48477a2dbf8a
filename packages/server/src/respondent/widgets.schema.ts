import { ZId, ZName, ZTimestamp } from '@touchstone/core';
import { z } from 'zod';

const ZUrlPattern = z
  .string()
  .min(1)
  .max(500)
  .describe('`*` matches anything; starting with / it is matched against the path, else the URL');

/** When the widget offers a survey: a page view, time on a page, or a custom event. */
export const ZWidgetTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pageView'), urlPattern: ZUrlPattern.optional() }),
  z.strictObject({
    type: z.literal('timeOnPage'),
    seconds: z.number().int().min(1).max(3600),
    urlPattern: ZUrlPattern.optional(),
  }),
  z.strictObject({
    type: z.literal('event'),
    /** The name given to `touchstone.track(name)` on the page. */
    event: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits and _ . : -'),
  }),
]);
export type TWidgetTrigger = z.infer<typeof ZWidgetTrigger>;

/** A survey a widget may show, with its triggers and display rules. */
export const ZWidgetSurveyRule = z.strictObject({
  surveyId: ZId,
  triggers: z.array(ZWidgetTrigger).min(1).max(10),
  /** Share of trigger occasions that show the survey. */
  samplingPercent: z.number().min(0).max(100).default(100),
  /** At most once in this many days per visitor (browser storage); 0: no limit. */
  oncePerDays: z.number().int().min(0).max(3650).default(30),
});
export type TWidgetSurveyRule = z.infer<typeof ZWidgetSurveyRule>;

export const ZWidget = z.object({
  id: ZId,
  name: z.string(),
  /** The `data-key` of the script tag; public by design, it only names the configuration. */
  publicKey: z.string(),
  enabled: z.boolean(),
  surveys: z.array(ZWidgetSurveyRule),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TWidget = z.infer<typeof ZWidget>;

export const ZWidgetCreate = z.strictObject({
  name: ZName,
  enabled: z.boolean().default(true),
  surveys: z.array(ZWidgetSurveyRule).max(20).default([]),
});
export type TWidgetCreate = z.infer<typeof ZWidgetCreate>;

export const ZWidgetUpdate = z.strictObject({
  name: ZName.optional(),
  enabled: z.boolean().optional(),
  /** Replaces the list as a whole. */
  surveys: z.array(ZWidgetSurveyRule).max(20).optional(),
});
export type TWidgetUpdate = z.infer<typeof ZWidgetUpdate>;

/** What the script on a customer's site loads: live surveys with their triggers and rules. */
export const ZWidgetPublicConfig = z.object({
  surveys: z.array(
    z.object({
      slug: z.string(),
      triggers: z.array(ZWidgetTrigger),
      samplingPercent: z.number(),
      oncePerDays: z.number().int(),
    }),
  ),
});
export type TWidgetPublicConfig = z.infer<typeof ZWidgetPublicConfig>;

export const ZPublicKeyParams = z.object({ publicKey: z.string().min(8).max(100) });
