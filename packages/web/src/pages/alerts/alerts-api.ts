import type { TAlert } from '@touchstone/core';
import { api } from '../../api/client.js';
import type { TQueryParams } from '../../api/openapi-types.js';

/** The alert endpoints the dashboard calls. */
export const alertEndpoints = {
  list: (query: TQueryParams<'get', '/api/alerts'>) => api.get('/api/alerts', { query }),
  get: (id: string) => api.get('/api/alerts/{id}', { params: { id } }),
  series: (id: string) => api.get('/api/alerts/{id}/series', { params: { id } }),
  setStatus: (id: string, status: TAlert['status']) =>
    api.patch('/api/alerts/{id}', { params: { id }, body: { status } }),
  scan: () => api.post('/api/alerts/scan'),
};

/** react-query keys; a status change or a scan invalidates `['alerts']` as a whole. */
export const alertKeys = {
  list: (status: string) => ['alerts', 'list', status] as const,
  one: (id: string) => ['alerts', 'one', id] as const,
  series: (id: string) => ['alerts', 'series', id] as const,
};

export const METRIC_NAMES: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  rating: 'Rating',
};

/** A value of the alert's measure: NPS in whole points, means with two decimals. */
export function formatAlertValue(value: number, metric: string): string {
  return metric === 'nps' ? value.toFixed(0) : value.toFixed(2);
}

/** "CSAT" or "Rating: How did the bar look?" */
export function measureName(alert: Pick<TAlert, 'metric' | 'questionLabel' | 'questionKey'>) {
  const metric = METRIC_NAMES[alert.metric] ?? alert.metric;
  if (alert.metric !== 'rating') return metric;
  return `${metric}: ${alert.questionLabel ?? alert.questionKey}`;
}

/** "4.24 → 2.99" */
export function beforeAfter(alert: Pick<TAlert, 'before' | 'after' | 'metric'>): string {
  return `${formatAlertValue(alert.before.value, alert.metric)} → ${formatAlertValue(alert.after.value, alert.metric)}`;
}

/** A link to the comment explorer: the alert's touchpoint and segment from its change date on. */
export function alertCommentsLink(alert: Pick<TAlert, 'touchpoint' | 'segment' | 'changeDate'>) {
  const search = new URLSearchParams();
  if (alert.touchpoint !== null) search.set('touchpoint', alert.touchpoint.id);
  for (const [key, value] of Object.entries(alert.segment))
    search.append('segment', `${key}=${value}`);
  search.set('from', alert.changeDate);
  return `/comments?${search.toString()}`;
}
