import { ZListQuery, ZTimestamp, page, sortParam } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { listAuditLog } from './audit.service.js';

export const ZAuditEntry = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  at: ZTimestamp,
});

export const ZAuditListQuery = ZListQuery.extend({
  sort: sortParam(['-at', 'at']),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(200).optional(),
});

/** The audit log of administrative actions, newest first. */
export function registerAuditRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { storage } = services;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit-log',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Administrative actions in this organization',
        querystring: ZAuditListQuery,
        response: { 200: page(ZAuditEntry), ...errorResponses },
      },
    },
    (request: FastifyRequest<{ Querystring: z.infer<typeof ZAuditListQuery> }>) =>
      listAuditLog(storage, contextOf(services, request).actor.organizationId, request.query),
  );
}
