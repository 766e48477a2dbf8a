import { api } from '../../api/client.js';
import type { TQueryParams, TRequestBody } from '../../api/openapi-types.js';

/** The closing-the-loop endpoints the case panel, the report and the customer view call. */
export const closedLoopEndpoints = {
  ofCase: (id: string) => api.get('/api/cases/{id}/closed-loop', { params: { id } }),
  sendMessage: (id: string, body: TRequestBody<'post', '/api/cases/{id}/messages'>) =>
    api.post('/api/cases/{id}/messages', { params: { id }, body }),
  sendFollowUp: (id: string, body: TRequestBody<'post', '/api/cases/{id}/follow-up'>) =>
    api.post('/api/cases/{id}/follow-up', { params: { id }, body }),
  settings: () => api.get('/api/closed-loop/settings'),
  putSettings: (body: TRequestBody<'put', '/api/closed-loop/settings'>) =>
    api.put('/api/closed-loop/settings', { body }),
  report: (query: TQueryParams<'get', '/api/reports/closed-loop'>) =>
    api.get('/api/reports/closed-loop', { query }),
  timeline: (id: string, query: TQueryParams<'get', '/api/customers/{id}/timeline'>) =>
    api.get('/api/customers/{id}/timeline', { params: { id }, query }),
  myWork: () => api.get('/api/me/work'),
};

export const closedLoopKeys = {
  ofCase: (id: string) => ['closed-loop', 'case', id] as const,
  settings: ['closed-loop', 'settings'] as const,
  /** Every survey, for the follow-up survey pickers. */
  surveys: ['closed-loop', 'surveys'] as const,
  report: (query: object) => ['closed-loop', 'report', query] as const,
  timeline: (id: string, query: object) => ['closed-loop', 'timeline', id, query] as const,
  myWork: ['me', 'work'] as const,
};

/** A share as a percentage with its interval: "40% (22–61%)". */
export function formatShare(share: {
  share: number | null;
  interval: { low: number; high: number } | null;
  n: number;
}): string {
  if (share.share === null || share.interval === null) return '—';
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `${pct(share.share)} (${pct(share.interval.low)}–${pct(share.interval.high)})`;
}

/** Minutes in the largest sensible unit: "45 min", "5.2 h", "3.1 d". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}
