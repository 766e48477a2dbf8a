import { ZIdParams } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  createWidget,
  deleteWidget,
  getPublicWidgetConfig,
  getWidget,
  listWidgets,
  updateWidget,
} from './widgets.service.js';
import {
  ZPublicKeyParams,
  ZWidget,
  ZWidgetCreate,
  ZWidgetPublicConfig,
  ZWidgetUpdate,
} from './widgets.schema.js';

/** Web widgets: configuration for administrators, and the public configuration the script loads. */
export function registerWidgetRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { storage } = services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['widgets'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/widgets',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List the web widgets with their surveys, triggers and display rules',
        response: { 200: z.object({ items: z.array(ZWidget) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listWidgets(ctx(request)) }),
  );

  r.post(
    '/api/widgets',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a web widget; its publicKey goes in the script tag',
        body: ZWidgetCreate,
        response: { 201: ZWidget, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWidget(ctx(request), request.body)),
  );

  r.get(
    '/api/widgets/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a web widget',
        params: ZIdParams,
        response: { 200: ZWidget, ...errorResponses },
      },
    },
    (request) => getWidget(ctx(request), request.params.id),
  );

  r.patch(
    '/api/widgets/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Change a web widget (surveys are replaced as a whole)',
        params: ZIdParams,
        body: ZWidgetUpdate,
        response: { 200: ZWidget, ...errorResponses },
      },
    },
    (request) => updateWidget(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/widgets/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a web widget (its script tag then shows nothing)',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWidget(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/public/widget/:publicKey/config',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          "The live surveys a widget shows, with triggers and display rules (for the script on a customer's site)",
        security: [],
        params: ZPublicKeyParams,
        response: { 200: ZWidgetPublicConfig, 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const config = await getPublicWidgetConfig(storage, request.params.publicKey);
      // Short: a change to the configuration reaches visitors within a minute.
      return reply.header('cache-control', 'public, max-age=60').send(config);
    },
  );
}
