/**
 * Webhooks as a durable subscriber of domain events: each event becomes one delivery per enabled
 * subscription of its organization that names its type (or `*`), with its first attempt queued
 * in the same transaction. An event handed over again finds its deliveries and adds nothing.
 */
import type { TDomainEvent } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { addDelivery, messageBody } from './webhook-message.js';
import { findEnabledWebhooks } from './webhooks.repository.js';

export const WEBHOOK_SUBSCRIBER = 'webhooks';

/** The message of an event: its payload with the subject's id as `id`. */
export function eventMessageBody(event: TDomainEvent): string {
  return messageBody(event.type, event.at, { ...event.payload, id: event.subjectId });
}

function byOrganization(events: readonly TDomainEvent[]): Map<string, TDomainEvent[]> {
  const groups = new Map<string, TDomainEvent[]>();
  for (const event of events) {
    const group = groups.get(event.organizationId) ?? [];
    group.push(event);
    groups.set(event.organizationId, group);
  }
  return groups;
}

/** Turns committed events into webhook deliveries. */
export function webhookEventSubscriber(storage: TStorage): TEventSubscriber {
  return {
    name: WEBHOOK_SUBSCRIBER,
    durable: true,
    async handle(events) {
      for (const [organizationId, group] of byOrganization(events)) {
        const webhooks = await findEnabledWebhooks(storage.db, organizationId);
        if (webhooks.length === 0) continue;
        const subscribed = webhooks.map((w) => ({
          id: w.id,
          types: new Set(parseJsonColumn<string[]>(w.event_types_json)),
        }));
        const now = new Date();
        await storage.db.transaction().execute(async (trx) => {
          for (const event of group) {
            const body = eventMessageBody(event);
            for (const webhook of subscribed) {
              if (!webhook.types.has('*') && !webhook.types.has(event.type)) continue;
              await addDelivery(trx, {
                organizationId,
                webhookId: webhook.id,
                eventId: event.id,
                eventType: event.type,
                body,
                now,
              });
            }
          }
        });
      }
    },
  };
}
