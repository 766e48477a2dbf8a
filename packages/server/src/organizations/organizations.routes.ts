import {
  AppError,
  ZOrganization,
  ZOrganizationCreate,
  ZOrganizationUpdate,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  createOrganization,
  deleteCurrentOrganization,
  getCurrentOrganization,
  updateCurrentOrganization,
} from './organizations.service.js';

export function registerOrganizationRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { storage } = services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/organization',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags,
        summary: 'The current organization',
        response: { 200: ZOrganization, ...errorResponses },
      },
    },
    (request) => getCurrentOrganization(ctx(request)),
  );

  r.patch(
    '/api/organization',
    {
      config: { permission: 'organization:update' },
      schema: {
        tags,
        summary: 'Rename the current organization',
        body: ZOrganizationUpdate,
        response: { 200: ZOrganization, ...errorResponses },
      },
    },
    (request) => updateCurrentOrganization(ctx(request), request.body),
  );

  r.delete(
    '/api/organization',
    {
      config: { permission: 'organization:delete' },
      schema: {
        tags,
        summary: 'Delete the current organization and all its data',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCurrentOrganization(ctx(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/organizations',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags,
        summary: 'Create another organization, owned by the signed-in user',
        body: ZOrganizationCreate,
        response: { 201: ZOrganization, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = ctx(request).actor;
      if (actor.userId === null) {
        throw new AppError(
          'forbidden',
          'API keys belong to one organization and cannot create one',
        );
      }
      return reply.status(201).send(await createOrganization(storage, request.body, actor.userId));
    },
  );
}
