import { ZIdParams, ZTeam, ZTeamCreate, ZTeamListQuery, ZTeamUpdate, page } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../http/route-deps.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.js';

export function registerTeamRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/teams',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List teams',
        querystring: ZTeamListQuery,
        response: { 200: page(ZTeam), ...errorResponses },
      },
    },
    (request) => listTeams(ctx(request), request.query),
  );

  r.post(
    '/api/teams',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a team',
        body: ZTeamCreate,
        response: { 201: ZTeam, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createTeam(ctx(request), request.body)),
  );

  r.get(
    '/api/teams/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a team',
        params: ZIdParams,
        response: { 200: ZTeam, ...errorResponses },
      },
    },
    (request) => getTeam(ctx(request), request.params.id),
  );

  r.patch(
    '/api/teams/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Change a team (or archive it with archived: true)',
        params: ZIdParams,
        body: ZTeamUpdate,
        response: { 200: ZTeam, ...errorResponses },
      },
    },
    (request) => updateTeam(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/teams/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a team; its touchpoints become unowned',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTeam(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
