import { ZDomainEvent, ZEventListQuery, ZEventSubscriberState, page } from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { listDomainEvents, listEventSubscribers } from './events.service.js';

/** The outbox's domain events and the subscribers' progress, for admins debugging integrations. */
export function registerEventRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/events',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: "The organization's domain events, newest first",
        querystring: ZEventListQuery,
        response: { 200: page(ZDomainEvent), ...errorResponses },
      },
    },
    (request) => listDomainEvents(contextOf(services, request), request.query),
  );
  r.get(
    '/api/events/subscribers',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: "This server process's event subscribers: cursor and backlog",
        response: { 200: z.object({ items: z.array(ZEventSubscriberState) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listEventSubscribers(contextOf(services, request)) }),
  );
}
