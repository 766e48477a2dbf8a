import { ZIdParams, ZUser, ZUserCreate, ZUserListQuery, ZUserUpdate, page } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { createUser, getUser, listMembers, removeUser, updateUser } from './users.service.js';

export function registerUserRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { storage } = services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'List the members of the organization',
        querystring: ZUserListQuery,
        response: { 200: page(ZUser), ...errorResponses },
      },
    },
    (request) => listMembers(storage.db, ctx(request).actor.organizationId, request.query),
  );

  r.post(
    '/api/users',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: 'Add a person with a role (creating their account if needed)',
        body: ZUserCreate,
        response: { 201: ZUser, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(ctx(request), request.body)),
  );

  r.get(
    '/api/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'Read a member',
        params: ZIdParams,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    (request) => getUser(ctx(request), request.params.id),
  );

  r.patch(
    '/api/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: "Change a member's role (or your own name or password)",
        params: ZIdParams,
        body: ZUserUpdate,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    (request) => updateUser(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: 'Remove a member from the organization',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeUser(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
