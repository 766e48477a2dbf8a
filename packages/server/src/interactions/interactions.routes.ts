import {
  ZIdParams,
  ZInteraction,
  ZInteractionCreate,
  ZInteractionListQuery,
  ZInteractionUpdate,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  createInteraction,
  deleteInteraction,
  getInteraction,
  listInteractions,
  updateInteraction,
} from './interactions.service.js';

/** Interactions: what happened to a customer at a touchpoint (transactions carry an amount). */
export function registerInteractionRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['interactions'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/interactions',
    {
      config: { permission: 'interactions:read' },
      schema: {
        tags,
        summary: 'List interactions, newest first; filter by customer, touchpoint, type, time',
        querystring: ZInteractionListQuery,
        response: { 200: page(ZInteraction), ...errorResponses },
      },
    },
    (request) => listInteractions(ctx(request), request.query),
  );

  r.post(
    '/api/interactions',
    {
      config: { permission: 'interactions:write' },
      schema: {
        tags,
        summary: 'Record an interaction',
        body: ZInteractionCreate,
        response: { 201: ZInteraction, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createInteraction(ctx(request), request.body)),
  );

  r.get(
    '/api/interactions/:id',
    {
      config: { permission: 'interactions:read' },
      schema: {
        tags,
        summary: 'Read an interaction',
        params: ZIdParams,
        response: { 200: ZInteraction, ...errorResponses },
      },
    },
    (request) => getInteraction(ctx(request), request.params.id),
  );

  r.patch(
    '/api/interactions/:id',
    {
      config: { permission: 'interactions:write' },
      schema: {
        tags,
        summary: 'Change an interaction; attributes are merged and null removes a key',
        params: ZIdParams,
        body: ZInteractionUpdate,
        response: { 200: ZInteraction, ...errorResponses },
      },
    },
    (request) => updateInteraction(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/interactions/:id',
    {
      config: { permission: 'interactions:write' },
      schema: {
        tags,
        summary: 'Delete an interaction',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteInteraction(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
