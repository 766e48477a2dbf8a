/**
 * Webhooks as a durable subscriber of domain events: each event becomes one delivery per enabled
 * subscription of its organization that names its type (or `*`), with its first attempt queued
 * in the same transaction. An event handed over again finds its deliveries and adds nothing.
 */
import type { TDomainEvent } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { addDeliveries, messageBody, type TNewDelivery } from './webhook-message.js';
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

/**
 * Turns committed events into webhook deliveries; `onQueued` is told after their attempts were
 * queued (the server wakes its job worker).
 */
export function webhookEventSubscriber(storage: TStorage, onQueued?: () => void): TEventSubscriber {
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
        const deliveries: TNewDelivery[] = [];
        for (const event of group) {
          const wanted = subscribed.filter((w) => w.types.has('*') || w.types.has(event.type));
          if (wanted.length === 0) continue;
          const body = eventMessageBody(event);
          for (const webhook of wanted) {
            deliveries.push({
              organizationId,
              webhookId: webhook.id,
              eventId: event.id,
              eventType: event.type,
              body,
              now,
            });
          }
        }
        if (deliveries.length === 0) continue;
        const added = await storage.db
          .transaction()
          .execute((trx) => addDeliveries(trx, deliveries));
        if (added.length > 0) onQueued?.();
      }
    },
  };
}
