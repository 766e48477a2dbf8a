/**
 * The comment analysis as a durable subscriber of domain events: the comments of every
 * completed response, and of every response a bulk load stored, are analysed and stored.
 * Delivery is at least once; a response analysed again writes nothing when nothing changed.
 */
import type { TBatchEventPayload, TResponseEventPayload } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { TStorage } from '../storage/database.js';
import { analyseResponses } from './comment-analysis.service.js';

export const COMMENT_SUBSCRIBER = 'comment-analysis';

/** The responses with comments to analyse, by organization, in order of first mention. */
function responsesByOrganization(
  events: Parameters<TEventSubscriber['handle']>[0],
): Map<string, string[]> {
  const byOrg = new Map<string, Set<string>>();
  const add = (org: string, id: string) => {
    const ids = byOrg.get(org) ?? new Set<string>();
    ids.add(id);
    byOrg.set(org, ids);
  };
  for (const event of events) {
    // Other events (partial responses, interactions, alerts) carry no comment to analyse.
    if (event.type === 'response.completed' || event.type === 'response.updated') {
      const payload = event.payload as unknown as TResponseEventPayload;
      if (payload.status === 'complete') add(event.organizationId, payload.responseId);
    } else if (event.type === 'responses.imported') {
      const payload = event.payload as unknown as TBatchEventPayload;
      for (const id of payload.ids) add(event.organizationId, id);
    }
  }
  return new Map([...byOrg].map(([org, ids]) => [org, [...ids]]));
}

/** Keeps `comment_analyses` and `comment_themes` current with every committed response write. */
export function commentEventSubscriber(storage: TStorage): TEventSubscriber {
  return {
    name: COMMENT_SUBSCRIBER,
    durable: true,
    async handle(events) {
      for (const [organizationId, ids] of responsesByOrganization(events)) {
        await analyseResponses(storage, organizationId, ids);
      }
    },
  };
}
