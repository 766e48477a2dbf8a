import { ZRetentionPolicy, ZRetentionPolicyUpdate, ZRetentionRun } from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { getRetentionPolicy, runRetentionNow, setRetentionPolicy } from './retention.service.js';

/** The organization's retention policy, and its sweep on demand. */
export function registerRetentionRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/retention-policy',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags: ['organization'],
        summary: 'How long responses are kept, and what the last daily sweep did',
        response: { 200: ZRetentionPolicy, ...errorResponses },
      },
    },
    (request) => getRetentionPolicy(contextOf(services, request)),
  );
  r.put(
    '/api/retention-policy',
    {
      config: { permission: 'organization:update' },
      schema: {
        tags: ['organization'],
        summary:
          'Keeps responses N months, then anonymises or deletes them (months null: keep them)',
        body: ZRetentionPolicyUpdate,
        response: { 200: ZRetentionPolicy, ...errorResponses },
      },
    },
    (request) => setRetentionPolicy(contextOf(services, request), request.body),
  );
  r.post(
    '/api/retention-policy/run',
    {
      config: { permission: 'organization:update' },
      schema: {
        tags: ['organization'],
        summary: 'Applies the retention policy now (409 when none is set)',
        response: { 200: ZRetentionRun, ...errorResponses },
      },
    },
    (request) => runRetentionNow(contextOf(services, request)),
  );
}
