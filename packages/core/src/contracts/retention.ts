/**
 * Contracts of the retention policy: how long an organization keeps responses before the daily
 * sweep anonymises them (the customer, free text and hidden fields go, scores stay) or deletes
 * them. The rollups keep their history either way.
 */
import { z } from 'zod';
import { ZTimestamp } from './common.js';

export const RETENTION_MODES = ['anonymise', 'delete'] as const;
export const ZRetentionMode = z.enum(RETENTION_MODES);
export type TRetentionMode = z.infer<typeof ZRetentionMode>;

/** What one sweep did for an organization. */
export const ZRetentionRun = z.object({
  /** Responses submitted (or, unfinished, started) before this instant were swept. */
  cutoff: ZTimestamp,
  responses: z.number().int().min(0),
  comments: z.number().int().min(0),
});
export type TRetentionRun = z.infer<typeof ZRetentionRun>;

export const ZRetentionPolicy = z.object({
  /** Months responses are kept; null: kept until deleted by hand. */
  months: z.number().int().nullable(),
  mode: ZRetentionMode,
  lastRunAt: ZTimestamp.nullable(),
  lastRun: ZRetentionRun.nullable(),
});
export type TRetentionPolicy = z.infer<typeof ZRetentionPolicy>;

/** Sets the policy; `months: null` switches retention off. At most 50 years. */
export const ZRetentionPolicyUpdate = z.strictObject({
  months: z.number().int().min(1).max(600).nullable(),
  mode: ZRetentionMode.default('anonymise'),
});
export type TRetentionPolicyUpdate = z.infer<typeof ZRetentionPolicyUpdate>;
