import type { TDomainEventView, TEventListQuery } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TSubscriberState } from './event-dispatcher.js';
import { listEvents } from './events.repository.js';

/** The organization's domain events, newest first (for debugging an integration). */
export async function listDomainEvents(
  ctx: TServiceContext,
  query: TEventListQuery,
): Promise<{ items: TDomainEventView[]; nextCursor: string | null }> {
  const { items, nextCursor } = await listEvents(ctx.storage.db, ctx.actor.organizationId, query);
  return {
    items: items.map((e) => ({
      id: e.id,
      seq: e.seq,
      type: e.type,
      subjectId: e.subjectId,
      payload: e.payload,
      at: e.at,
    })),
    nextCursor,
  };
}

/** This process's subscribers: cursor and backlog (the backlog counts every organization's). */
export function listEventSubscribers(ctx: TServiceContext): Promise<TSubscriberState[]> {
  return ctx.services.events.states();
}
