import { z } from 'zod';
import { ZTimestamp } from './common.js';

/** The days a weekly digest may go out on, Monday first (ISO weeks). */
export const DIGEST_DAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export const ZDigestDay = z.enum(DIGEST_DAYS);
export type TDigestDay = z.infer<typeof ZDigestDay>;

/** What a digest covers: the whole organization, or the touchpoints the person's teams own. */
export const DIGEST_SCOPES = ['organization', 'teams'] as const;
export const ZDigestScope = z.enum(DIGEST_SCOPES);
export type TDigestScope = z.infer<typeof ZDigestScope>;

const settings = {
  enabled: z.boolean(),
  dayOfWeek: ZDigestDay,
  /** 0-23: the hour (UTC) of the chosen day from which it is sent. */
  hourUtc: z.number().int().min(0).max(23),
  scope: ZDigestScope,
};

/** `PUT /api/digest-subscription`: the whole setting. */
export const ZDigestSubscriptionUpdate = z.strictObject(settings);
export type TDigestSubscriptionUpdate = z.infer<typeof ZDigestSubscriptionUpdate>;

/** The signed-in person's weekly e-mail digest of the scorecard and open alerts. */
export const ZDigestSubscription = z.object({
  ...settings,
  /** When the next digest goes out; null while off. */
  nextSendAt: ZTimestamp.nullable(),
  /** When the last weekly digest went out; null if none has. */
  lastSentAt: ZTimestamp.nullable(),
});
export type TDigestSubscription = z.infer<typeof ZDigestSubscription>;

/** `POST /api/digest-subscription/preview`: the digest is queued to the person's address now. */
export const ZDigestPreview = z.object({ queued: z.literal(true), to: z.string() });
export type TDigestPreview = z.infer<typeof ZDigestPreview>;
