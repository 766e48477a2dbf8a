import type { TBrand, TMetricResult } from '@touchstone/core';
import { api, fetchAll, type TQuery } from '../../api/client.js';
import type { TQueryParams } from '../../api/openapi-types.js';

/** The analytics endpoints the dashboard reads; every page adds the shared filters to its query. */
export const analyticsEndpoints = {
  metrics: (query: TQueryParams<'get', '/api/analytics/metrics'>) =>
    api.get('/api/analytics/metrics', { query }),
  trend: (query: TQueryParams<'get', '/api/analytics/trend'>) =>
    api.get('/api/analytics/trend', { query }),
  scorecard: (query: TQueryParams<'get', '/api/analytics/scorecard'>) =>
    api.get('/api/analytics/scorecard', { query }),
  drivers: (query: TQueryParams<'get', '/api/analytics/drivers'>) =>
    api.get('/api/analytics/drivers', { query }),
  experientialProfile: (query: TQueryParams<'get', '/api/analytics/experiential-profile'>) =>
    api.get('/api/analytics/experiential-profile', { query }),
  journeyMap: (query: TQueryParams<'get', '/api/analytics/journey-map'>) =>
    api.get('/api/analytics/journey-map', { query }),
  defaultPeriod: (query: TQueryParams<'get', '/api/analytics/default-period'>) =>
    api.get('/api/analytics/default-period', { query }),
  questions: () => api.get('/api/analytics/questions'),
  responses: (query: TQueryParams<'get', '/api/analytics/responses'>) =>
    api.get('/api/analytics/responses', { query }),
  surveys: () => fetchAll('/api/surveys'),
};

/** react-query keys of the analytics queries (their query objects are part of the key). */
export const analyticsKeys = {
  metrics: (query: TQuery) => ['analytics', 'metrics', query] as const,
  trend: (query: TQuery) => ['analytics', 'trend', query] as const,
  scorecard: (query: TQuery) => ['analytics', 'scorecard', query] as const,
  drivers: (query: TQuery) => ['analytics', 'drivers', query] as const,
  experientialProfile: (query: TQuery) => ['analytics', 'experiential-profile', query] as const,
  journeyMap: (query: TQuery) => ['analytics', 'journey-map', query] as const,
  defaultPeriod: (interval: string) => ['analytics', 'default-period', interval] as const,
  questions: ['analytics', 'questions'] as const,
  responses: (query: TQuery) => ['analytics', 'responses', query] as const,
  surveys: ['analytics', 'surveys'] as const,
};

/** A metric of a group that has a number. */
export type TMetricOk = Extract<TMetricResult, { status: 'ok' }>;

/** The result when it has a number, else undefined (insufficient data, not available). */
export function okResult(result: TMetricResult | undefined): TMetricOk | undefined {
  return result?.status === 'ok' ? result : undefined;
}

/** The first brand that is not archived: its promise is what the profile is measured against. */
export function activeBrand(brands: TBrand[]): TBrand | undefined {
  return brands.find((b) => !b.archived) ?? brands[0];
}
