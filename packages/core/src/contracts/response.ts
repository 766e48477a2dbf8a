import { z } from 'zod';
import { ZAttributes, ZId, ZKey, ZListQuery, ZTimestamp, sortParam } from './common.js';
import { ZExternalId } from './customer.js';
import { ZAnswers, ZLanguage } from './survey-definition.js';

/** How a response reached us. */
export const RESPONSE_CHANNELS = ['link', 'qr', 'widget', 'email', 'api', 'import'] as const;
export const ZResponseChannel = z.enum(RESPONSE_CHANNELS);

export const ZResponseStatus = z.enum(['partial', 'complete']);

export const ZResponse = z.object({
  id: ZId,
  surveyId: ZId,
  surveyVersion: z.number().int(),
  touchpointId: ZId.nullable(),
  customerId: ZId.nullable(),
  interactionId: ZId.nullable(),
  channel: ZResponseChannel,
  language: z.string(),
  status: ZResponseStatus,
  answers: ZAnswers,
  hidden: z.record(z.string(), z.string()),
  /** The customer's segment attributes when they answered (analyses group by these). */
  segment: ZAttributes,
  startedAt: ZTimestamp,
  submittedAt: ZTimestamp.nullable(),
});
export type TResponse = z.infer<typeof ZResponse>;

/**
 * A submission through the API (integrations, call centres): validated against the survey
 * version, with an idempotency key so that a retried request is stored once.
 */
export const ZResponseSubmit = z.strictObject({
  answers: ZAnswers,
  hidden: z.record(z.string().max(64), z.string().max(1000)).default({}),
  language: ZLanguage.optional(),
  /** The touchpoint by id or key (one of them, or a `touchpoint` hidden field). */
  touchpointId: ZId.optional(),
  touchpointKey: ZKey.optional(),
  customerExternalId: ZExternalId.optional(),
  interactionId: ZId.optional(),
  channel: ZResponseChannel.default('api'),
  /** When the customer answered, for late delivery; default now. */
  submittedAt: ZTimestamp.optional(),
  idempotencyKey: z.string().min(8).max(200).optional(),
});
export type TResponseSubmit = z.infer<typeof ZResponseSubmit>;

export const ZResponseBatchSubmit = z.strictObject({
  responses: z.array(ZResponseSubmit).min(1).max(1000),
});

export const ZResponseListQuery = ZListQuery.extend({
  sort: sortParam(['-submittedAt', 'submittedAt']),
  surveyId: ZId.optional(),
  touchpointId: ZId.optional(),
  customerId: ZId.optional(),
  status: ZResponseStatus.optional(),
  channel: ZResponseChannel.optional(),
  language: z.string().max(20).optional(),
  from: ZTimestamp.optional(),
  to: ZTimestamp.optional(),
});
export type TResponseListQuery = z.infer<typeof ZResponseListQuery>;
