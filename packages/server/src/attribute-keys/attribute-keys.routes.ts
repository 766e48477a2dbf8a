import {
  ZAttributeKey,
  ZAttributeKeyCreate,
  ZAttributeKeyListQuery,
  ZAttributeKeyUpdate,
  ZIdParams,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  createAttributeKey,
  deleteAttributeKey,
  getAttributeKey,
  listAttributeKeys,
  updateAttributeKey,
} from './attribute-keys.service.js';

/** Declared, typed attribute keys of customers and interactions. */
export function registerAttributeKeyRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['attribute keys'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/attribute-keys',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List the declared attribute keys (all on one page)',
        querystring: ZAttributeKeyListQuery,
        response: { 200: page(ZAttributeKey), ...errorResponses },
      },
    },
    (request) => listAttributeKeys(ctx(request), request.query),
  );

  r.post(
    '/api/attribute-keys',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Declare an attribute key for customers or interactions',
        body: ZAttributeKeyCreate,
        response: { 201: ZAttributeKey, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAttributeKey(ctx(request), request.body)),
  );

  r.get(
    '/api/attribute-keys/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read an attribute key',
        params: ZIdParams,
        response: { 200: ZAttributeKey, ...errorResponses },
      },
    },
    (request) => getAttributeKey(ctx(request), request.params.id),
  );

  r.patch(
    '/api/attribute-keys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Change the label or the options of an attribute key',
        params: ZIdParams,
        body: ZAttributeKeyUpdate,
        response: { 200: ZAttributeKey, ...errorResponses },
      },
    },
    (request) => updateAttributeKey(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/attribute-keys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Remove an attribute key that no row carries any more',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteAttributeKey(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
