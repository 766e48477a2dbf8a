import {
  ZIdParams,
  ZWebhook,
  ZWebhookCreate,
  ZWebhookDelivery,
  ZWebhookDeliveryList,
  ZWebhookDeliveryListQuery,
  ZWebhookDeliveryParams,
  ZWebhookList,
  ZWebhookListQuery,
  ZWebhookUpdate,
  ZWebhookWithSecret,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { listDeliveries, pingWebhook, redeliver } from './webhook-deliveries.service.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.service.js';

const tags = ['webhooks'];

/** Webhook subscriptions, their signing secrets, delivery log, redelivery and ping. */
export function registerWebhookRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/webhooks',
    {
      config: { permission: 'webhooks:read' },
      schema: {
        tags,
        summary: 'Webhook subscriptions, newest first (secrets are never listed)',
        querystring: ZWebhookListQuery,
        response: { 200: ZWebhookList, ...errorResponses },
      },
    },
    (request) => listWebhooks(contextOf(services, request), request.query),
  );
  r.post(
    '/api/webhooks',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Subscribes a URL to event types; the signing secret is returned this once',
        body: ZWebhookCreate,
        response: { 201: ZWebhookWithSecret, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(contextOf(services, request), request.body)),
  );
  r.get(
    '/api/webhooks/:id',
    {
      config: { permission: 'webhooks:read' },
      schema: {
        tags,
        summary: 'One webhook subscription',
        params: ZIdParams,
        response: { 200: ZWebhook, ...errorResponses },
      },
    },
    (request) => getWebhook(contextOf(services, request), request.params.id),
  );
  r.patch(
    '/api/webhooks/:id',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Changes the URL, description, event types, or switches it on or off',
        params: ZIdParams,
        body: ZWebhookUpdate,
        response: { 200: ZWebhook, ...errorResponses },
      },
    },
    (request) => updateWebhook(contextOf(services, request), request.params.id, request.body),
  );
  r.delete(
    '/api/webhooks/:id',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Deletes a subscription with its delivery log',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhook(contextOf(services, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/webhooks/:id/rotate-secret',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Replaces the signing secret at once; the new one is returned this once',
        params: ZIdParams,
        response: { 200: ZWebhookWithSecret, ...errorResponses },
      },
    },
    (request) => rotateWebhookSecret(contextOf(services, request), request.params.id),
  );
  r.get(
    '/api/webhooks/:id/deliveries',
    {
      config: { permission: 'webhooks:read' },
      schema: {
        tags,
        summary: 'The delivery log, newest first, with each attempt',
        params: ZIdParams,
        querystring: ZWebhookDeliveryListQuery,
        response: { 200: ZWebhookDeliveryList, ...errorResponses },
      },
    },
    (request) => listDeliveries(contextOf(services, request), request.params.id, request.query),
  );
  r.post(
    '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Queues a fresh attempt now, with the same webhook-id',
        params: ZWebhookDeliveryParams,
        response: { 202: ZWebhookDelivery, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await redeliver(
            contextOf(services, request),
            request.params.id,
            request.params.deliveryId,
          ),
        ),
  );
  r.post(
    '/api/webhooks/:id/ping',
    {
      config: { permission: 'webhooks:write' },
      schema: {
        tags,
        summary: 'Sends a webhook.ping test message',
        params: ZIdParams,
        response: { 202: ZWebhookDelivery, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await pingWebhook(contextOf(services, request), request.params.id)),
  );
}
