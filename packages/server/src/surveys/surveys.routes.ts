import {
  ZIdParams,
  ZSurvey,
  ZSurveyCreate,
  ZSurveyListQuery,
  ZSurveyUpdate,
  ZSurveyVersion,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/auth.plugin.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import type { SurveyCache } from './survey-cache.js';
import {
  createSurvey,
  deleteSurvey,
  getSurvey,
  getSurveyVersion,
  listSurveyVersions,
  listSurveys,
  updateSurvey,
} from './surveys.service.js';

/** Writes to these collections change what submissions are checked against (see the cache). */
const ORG_RUNTIME_ROUTES = ['/api/touchpoints', '/api/attribute-keys', '/api/brands'];

export function registerSurveyRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);
  invalidateOnModelChanges(app, services.surveys);

  r.get(
    '/api/surveys',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List surveys',
        querystring: ZSurveyListQuery,
        response: { 200: page(ZSurvey), ...errorResponses },
      },
    },
    (request) => listSurveys(ctx(request), request.query),
  );

  r.post(
    '/api/surveys',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a survey (a draft, version 1)',
        body: ZSurveyCreate,
        response: { 201: ZSurvey, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSurvey(ctx(request), request.body)),
  );

  r.get(
    '/api/surveys/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a survey with its current definition and response count',
        params: ZIdParams,
        response: { 200: ZSurvey, ...errorResponses },
      },
    },
    (request) => getSurvey(ctx(request), request.params.id),
  );

  r.patch(
    '/api/surveys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary:
          'Change a survey: status draft -> live -> closed (-> live); a new definition makes version n+1 once the current version has responses',
        params: ZIdParams,
        body: ZSurveyUpdate,
        response: { 200: ZSurvey, ...errorResponses },
      },
    },
    (request) => updateSurvey(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/surveys/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a survey without responses (close one that has responses)',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteSurvey(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/surveys/:id/versions',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Every version of a survey, oldest first',
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZSurveyVersion) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listSurveyVersions(ctx(request), request.params.id) }),
  );

  r.get(
    '/api/surveys/:id/versions/:version',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'One version of a survey',
        // The version is checked after the survey, so that a missing survey is always a 404.
        params: ZIdParams.extend({ version: z.string().max(20) }),
        response: { 200: ZSurveyVersion, ...errorResponses },
      },
    },
    (request) => getSurveyVersion(ctx(request), request.params.id, request.params.version),
  );
}

/**
 * Touchpoints, customer attribute keys and brands are cached for the submission path; a
 * successful write to them through this server drops the organization's entries before the
 * client hears back (other processes rely on the cache's short lifetime).
 */
function invalidateOnModelChanges(app: FastifyInstance, surveys: SurveyCache): void {
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
    const url = request.routeOptions.url ?? '';
    if (!ORG_RUNTIME_ROUTES.some((prefix) => url.startsWith(prefix))) return;
    if (request.actor === null) return;
    surveys.invalidateOrg(actorOf(request).organizationId);
  });
}
