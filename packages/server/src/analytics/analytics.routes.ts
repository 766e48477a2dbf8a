import {
  ZAnalyticsQuestionsResponse,
  ZDefaultPeriodQuery,
  ZDefaultPeriodResponse,
  ZDrillDownQuery,
  ZDrillDownResponse,
  ZDriversQuery,
  ZDriversResponse,
  ZMetricsQuery,
  ZMetricsResponse,
  ZRollupRebuildResult,
  ZScorecardQuery,
  ZScorecardResponse,
  ZTrendQuery,
  ZTrendResponse,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  getDefaultPeriod,
  getDrillDown,
  getDrivers,
  getMetrics,
  getQuestions,
  getScorecard,
  getTrend,
  rebuildRollups,
} from './analytics.service.js';

export function registerAnalyticsRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/analytics/metrics',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Metrics (NPS, CSAT, CES, ratings, scores, counts, response rates) per group',
        description:
          'Every figure has its n, interval and method; groups below minN report insufficient data. ' +
          'compare=groups tests each group against the rest (or `reference`), compare=previous-period ' +
          'against the window before `from`; p-values are adjusted with Holm or Benjamini-Hochberg.',
        querystring: ZMetricsQuery,
        response: { 200: ZMetricsResponse, ...errorResponses },
      },
    },
    (request) => getMetrics(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/trend',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'A metric per day, week, month or quarter, with bands and significant changes',
        querystring: ZTrendQuery,
        response: { 200: ZTrendResponse, ...errorResponses },
      },
    },
    (request) => getTrend(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/scorecard',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'NPS, CSAT and CES: this period, the previous one, and a sparkline',
        querystring: ZScorecardQuery,
        response: { 200: ZScorecardResponse, ...errorResponses },
      },
    },
    (request) => getScorecard(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/drivers',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Key drivers of an outcome (relative weights or Shapley values)',
        querystring: ZDriversQuery,
        response: { 200: ZDriversResponse, ...errorResponses },
      },
    },
    (request) => getDrivers(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/default-period',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The latest period with enough data, where the dashboard opens by default',
        description:
          'The latest period (by `interval`) whose NPS, CSAT and CES each reach minN or have no ' +
          'answers; when none does, the latest period with any answer (`enough` false).',
        querystring: ZDefaultPeriodQuery,
        response: { 200: ZDefaultPeriodResponse, ...errorResponses },
      },
    },
    (request) => getDefaultPeriod(ctx(request), request.query),
  );

  r.get(
    '/api/analytics/questions',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The numeric questions (keys) with their text, type, scale and dimension',
        response: { 200: ZAnalyticsQuestionsResponse, ...errorResponses },
      },
    },
    (request) => getQuestions(ctx(request)),
  );

  r.get(
    '/api/analytics/responses',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The complete responses behind a figure, read with its filters',
        description:
          "The responses that answered the metric's questions (or every complete response for " +
          'count) in the window, touchpoints, stages, journeys, surveys and segments given: ' +
          '`total` equals the n of the figure read with the same filters.',
        querystring: ZDrillDownQuery,
        response: { 200: ZDrillDownResponse, ...errorResponses },
      },
    },
    (request) => getDrillDown(ctx(request), request.query),
  );

  r.post(
    '/api/analytics/rollups/rebuild',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: "Recompute the organization's rollups from its responses",
        body: z.object({}).optional(),
        response: { 200: ZRollupRebuildResult, ...errorResponses },
      },
    },
    (request) => rebuildRollups(ctx(request)),
  );
}
