import {
  ZJourney,
  ZJourneyCreate,
  ZJourneyListQuery,
  ZJourneyUpdate,
  ZIdParams,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../http/route-deps.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import {
  createJourney,
  deleteJourney,
  getJourney,
  listJourneys,
  updateJourney,
} from './journeys.service.js';

/** Journeys and their ordered stages (stages are read and written with the journey). */
export function registerJourneyRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['journeys'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/journeys',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List journeys with their stages',
        querystring: ZJourneyListQuery,
        response: { 200: page(ZJourney), ...errorResponses },
      },
    },
    (request) => listJourneys(ctx(request), request.query),
  );

  r.post(
    '/api/journeys',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a journey with its stages, in order',
        body: ZJourneyCreate,
        response: { 201: ZJourney, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createJourney(ctx(request), request.body)),
  );

  r.get(
    '/api/journeys/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a journey',
        params: ZIdParams,
        response: { 200: ZJourney, ...errorResponses },
      },
    },
    (request) => getJourney(ctx(request), request.params.id),
  );

  r.patch(
    '/api/journeys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary:
          'Change a journey; `stages` replaces the ordered list (ids kept, new added, left out removed)',
        params: ZIdParams,
        body: ZJourneyUpdate,
        response: { 200: ZJourney, ...errorResponses },
      },
    },
    (request) => updateJourney(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/journeys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a journey and its stages; refused while it has touchpoints (archive it)',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteJourney(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
