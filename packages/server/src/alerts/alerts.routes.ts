import {
  ZAlert,
  ZAlertDetail,
  ZAlertList,
  ZAlertListQuery,
  ZAlertScanResult,
  ZAlertSeries,
  ZAlertStatusUpdate,
  ZIdParams,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  alertSeries,
  getAlert,
  listAlerts,
  scanAlertsNow,
  updateAlertStatus,
} from './alerts.service.js';

/** Alerts of the change scan: list, evidence, status, series, and the scan on demand. */
export function registerAlertRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/alerts',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts of the change scan, newest change first, then largest',
        querystring: ZAlertListQuery,
        response: { 200: ZAlertList, ...errorResponses },
      },
    },
    (request) => listAlerts(contextOf(services, request), request.query),
  );
  r.post(
    '/api/alerts/scan',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags: ['alerts'],
        summary: 'Runs the change scan now and stores what it finds',
        response: { 200: ZAlertScanResult, ...errorResponses },
      },
    },
    (request) => scanAlertsNow(contextOf(services, request)),
  );
  r.get(
    '/api/alerts/:id',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its evidence: localisation, changed themes, example comments',
        params: ZIdParams,
        response: { 200: ZAlertDetail, ...errorResponses },
      },
    },
    (request) => getAlert(contextOf(services, request), request.params.id),
  );
  r.patch(
    '/api/alerts/:id',
    {
      config: { permission: 'alerts:write' },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledges, resolves or reopens an alert (409 when the move is not allowed)',
        params: ZIdParams,
        body: ZAlertStatusUpdate,
        response: { 200: ZAlert, ...errorResponses },
      },
    },
    (request) => updateAlertStatus(contextOf(services, request), request.params.id, request.body),
  );
  r.get(
    '/api/alerts/:id/series',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags: ['alerts'],
        summary: "The weekly series of the alert's touchpoint x segment, with 95% intervals",
        params: ZIdParams,
        response: { 200: ZAlertSeries, ...errorResponses },
      },
    },
    (request) => alertSeries(contextOf(services, request), request.params.id),
  );
}
