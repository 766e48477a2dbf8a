import {
  ZApiKey,
  ZApiKeyCreate,
  ZApiKeyCreated,
  ZApiKeyListQuery,
  ZIdParams,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';

export function registerApiKeyRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { storage } = services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api keys'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/api-keys',
    {
      config: { permission: 'apikeys:read' },
      schema: {
        tags,
        summary: 'List API keys (secrets are never shown again)',
        querystring: ZApiKeyListQuery,
        response: { 200: page(ZApiKey), ...errorResponses },
      },
    },
    (request) => listApiKeys(storage.db, ctx(request).actor.organizationId, request.query),
  );

  r.post(
    '/api/api-keys',
    {
      config: { permission: 'apikeys:write' },
      schema: {
        tags,
        summary: 'Create an API key with a role; the secret is in this response only',
        body: ZApiKeyCreate,
        response: { 201: ZApiKeyCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiKey(ctx(request), request.body)),
  );

  r.get(
    '/api/api-keys/:id',
    {
      config: { permission: 'apikeys:read' },
      schema: {
        tags,
        summary: 'Read an API key',
        params: ZIdParams,
        response: { 200: ZApiKey, ...errorResponses },
      },
    },
    (request) => getApiKey(ctx(request), request.params.id),
  );

  r.delete(
    '/api/api-keys/:id',
    {
      config: { permission: 'apikeys:write' },
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: ZIdParams,
        response: { 200: ZApiKey, ...errorResponses },
      },
    },
    (request) => revokeApiKey(ctx(request), request.params.id),
  );
}
