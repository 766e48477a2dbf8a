import { z } from 'zod';
import { ZDescription, ZId, ZListQuery, ZTimestamp, page } from './common.js';
import { EVENT_TYPES } from './event.js';

/** What a subscription may name: a domain event type, or `*` for every type. */
export const WEBHOOK_EVENT_TYPES = [...EVENT_TYPES, '*'] as const;
export const ZWebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type TWebhookEventType = z.infer<typeof ZWebhookEventType>;

/** The type of the test message `POST /api/webhooks/{id}/ping` sends. */
export const WEBHOOK_PING_TYPE = 'webhook.ping';

/** An http or https URL: other schemes are refused by name. */
export const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => URL.canParse(text), 'not a valid URL')
  .refine((text) => {
    const protocol = URL.canParse(text) ? new URL(text).protocol : '';
    return protocol === 'http:' || protocol === 'https:';
  }, 'only http and https URLs are allowed');

/** A webhook subscription as the API returns it; its secret is never listed. */
export const ZWebhook = z.object({
  id: ZId,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(ZWebhookEventType),
  enabled: z.boolean(),
  /** Why the subscription was switched off, when the server did it (deliveries failing). */
  disabledReason: z.string().nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TWebhook = z.infer<typeof ZWebhook>;

/** Returned at creation and by rotate-secret only: the signing secret in full. */
export const ZWebhookWithSecret = ZWebhook.extend({
  /** `whsec_` + base64 of the key bytes (Standard Webhooks). */
  secret: z.string(),
});
export type TWebhookWithSecret = z.infer<typeof ZWebhookWithSecret>;

const ZEventTypeList = z
  .array(ZWebhookEventType)
  .min(1, 'name at least one event type, or * for all')
  .max(EVENT_TYPES.length + 1)
  .refine((types) => new Set(types).size === types.length, 'an event type is named twice');

export const ZWebhookCreate = z.strictObject({
  url: ZWebhookUrl,
  description: ZDescription.default(''),
  eventTypes: ZEventTypeList,
  enabled: z.boolean().default(true),
});
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z.strictObject({
  url: ZWebhookUrl.optional(),
  description: ZDescription.optional(),
  eventTypes: ZEventTypeList.optional(),
  enabled: z.boolean().optional(),
});
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhookListQuery = ZListQuery;
export const ZWebhookList = page(ZWebhook);

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const ZDeliveryStatus = z.enum(DELIVERY_STATUSES);
export type TDeliveryStatus = z.infer<typeof ZDeliveryStatus>;

/** One attempt to deliver a message. */
export const ZDeliveryAttempt = z.object({
  attempt: z.number().int(),
  at: ZTimestamp,
  /** The receiver's HTTP status; null when no response came (timeout, refused, network). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

/** One message to one subscription, with its attempts (oldest first). */
export const ZWebhookDelivery = z.object({
  /** The `webhook-id` header: the same on every attempt, so receivers can drop duplicates. */
  id: z.string(),
  webhookId: ZId,
  eventId: z.string().nullable(),
  eventType: z.string(),
  status: ZDeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  /** When the next attempt is due; null once succeeded or failed. */
  nextAttemptAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  attemptLog: z.array(ZDeliveryAttempt),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

/** Newest first; `status` narrows to one status. */
export const ZWebhookDeliveryListQuery = ZListQuery.extend({ status: ZDeliveryStatus.optional() });
export type TWebhookDeliveryListQuery = z.infer<typeof ZWebhookDeliveryListQuery>;
export const ZWebhookDeliveryList = page(ZWebhookDelivery);

/** Path parameters of one delivery of one subscription. */
export const ZWebhookDeliveryParams = z.object({ id: ZId, deliveryId: z.string().min(1).max(100) });
