import type {
  TBrand,
  TDriversResponse,
  TExperientialProfileResponse,
  TJourneyMapResponse,
  TMetricResult,
  TMetricsResponse,
  TScorecardResponse,
  TSurvey,
  TTrendResponse,
} from '@touchstone/core';
import { api, fetchAll, type TQuery } from '../../api/client.js';

/** The analytics endpoints the dashboard reads; every page adds the shared filters to its query. */
export const analyticsEndpoints = {
  metrics: (query: TQuery) => api.get<TMetricsResponse>('/analytics/metrics', query),
  trend: (query: TQuery) => api.get<TTrendResponse>('/analytics/trend', query),
  scorecard: (query: TQuery) => api.get<TScorecardResponse>('/analytics/scorecard', query),
  drivers: (query: TQuery) => api.get<TDriversResponse>('/analytics/drivers', query),
  experientialProfile: (query: TQuery) =>
    api.get<TExperientialProfileResponse>('/analytics/experiential-profile', query),
  journeyMap: (query: TQuery) => api.get<TJourneyMapResponse>('/analytics/journey-map', query),
  surveys: () => fetchAll<TSurvey>('/surveys'),
};

/** react-query keys of the analytics queries (their query objects are part of the key). */
export const analyticsKeys = {
  metrics: (query: TQuery) => ['analytics', 'metrics', query] as const,
  trend: (query: TQuery) => ['analytics', 'trend', query] as const,
  scorecard: (query: TQuery) => ['analytics', 'scorecard', query] as const,
  drivers: (query: TQuery) => ['analytics', 'drivers', query] as const,
  experientialProfile: (query: TQuery) => ['analytics', 'experiential-profile', query] as const,
  journeyMap: (query: TQuery) => ['analytics', 'journey-map', query] as const,
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
