import {
  ZIdParams,
  ZKey,
  ZTouchpoint,
  ZTouchpointCreate,
  ZTouchpointListQuery,
  ZTouchpointUpdate,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../http/route-deps.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import {
  createTouchpoint,
  deleteTouchpoint,
  getTouchpoint,
  getTouchpointByKey,
  listTouchpoints,
  updateTouchpoint,
} from './touchpoints.service.js';

/** Touchpoints: the points of contact in a journey's stages. */
export function registerTouchpointRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['touchpoints'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/touchpoints',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List touchpoints',
        querystring: ZTouchpointListQuery,
        response: { 200: page(ZTouchpoint), ...errorResponses },
      },
    },
    (request) => listTouchpoints(ctx(request), request.query),
  );

  r.post(
    '/api/touchpoints',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a touchpoint in a stage',
        body: ZTouchpointCreate,
        response: { 201: ZTouchpoint, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTouchpoint(ctx(request), request.body)),
  );

  r.get(
    '/api/touchpoints/by-key/:key',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a touchpoint by its key',
        params: z.object({ key: ZKey }),
        response: { 200: ZTouchpoint, ...errorResponses },
      },
    },
    (request) => getTouchpointByKey(ctx(request), request.params.key),
  );

  r.get(
    '/api/touchpoints/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a touchpoint',
        params: ZIdParams,
        response: { 200: ZTouchpoint, ...errorResponses },
      },
    },
    (request) => getTouchpoint(ctx(request), request.params.id),
  );

  r.patch(
    '/api/touchpoints/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Change a touchpoint (or archive it with archived: true)',
        params: ZIdParams,
        body: ZTouchpointUpdate,
        response: { 200: ZTouchpoint, ...errorResponses },
      },
    },
    (request) => updateTouchpoint(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/touchpoints/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a touchpoint; refused once it has interactions (archive it)',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTouchpoint(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
