/** Table types of webhook subscriptions and their deliveries (migration 0017). */

export interface TWebhooksTable {
  id: string;
  organization_id: string;
  url: string;
  description: string;
  /** JSON array of event types; `*` subscribes to all. */
  event_types_json: string;
  /** 0 or 1. */
  enabled: number;
  disabled_reason: string | null;
  /** `whsec_` + base64 of the signing key. */
  secret: string;
  created_at: string;
  updated_at: string;
}

export interface TWebhookDeliveriesTable {
  /** The `webhook-id` header of every attempt. */
  id: string;
  organization_id: string;
  webhook_id: string;
  /** The domain event's id, or a unique `ping:` id for test messages. */
  event_id: string;
  event_type: string;
  body: string;
  status: string;
  attempts: number;
  /** The queued attempt allowed to send; null while none is queued. */
  attempt_token: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TWebhookDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
