import {
  ZExperientialProfileQuery,
  ZExperientialProfileResponse,
  ZJourneyMapQuery,
  ZJourneyMapResponse,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { getExperientialProfile, getJourneyMap } from './analytics-views.service.js';

/** The experiential profile and journey map endpoints. */
export function registerAnalyticsViewRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/analytics/experiential-profile',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'SENSE, FEEL, THINK, ACT, RELATE scores against the brand promise',
        description:
          'Five-module dimension scores (0-100, reverse-coded items reversed) per brand, stage or ' +
          'touchpoint with the promise gap (score - target), a brand consistency index across ' +
          'touchpoints, and the experience provider x module grid.',
        querystring: ZExperientialProfileQuery,
        response: { 200: ZExperientialProfileResponse, ...errorResponses },
      },
    },
    (request) => getExperientialProfile(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/journey-map',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'A journey by stage and touchpoint: volume, metric, importance, pain points',
        description:
          'Importance is the correlation of customers\u2019 touchpoint scores with their latest ' +
          'relationship NPS; pain points are ranked by gap x importance x volume share.',
        querystring: ZJourneyMapQuery,
        response: { 200: ZJourneyMapResponse, ...errorResponses },
      },
    },
    (request) => getJourneyMap(ctx(request), request.query),
  );
}
