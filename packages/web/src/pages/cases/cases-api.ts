import type { TCase, TCaseStatus } from '@touchstone/core';
import { api } from '../../api/client.js';
import type { TQueryParams, TRequestBody } from '../../api/openapi-types.js';

/** The case endpoints the inbox, the case view and the settings page call. */
export const caseEndpoints = {
  list: (query: TQueryParams<'get', '/api/cases'>) => api.get('/api/cases', { query }),
  one: (id: string) => api.get('/api/cases/{id}', { params: { id } }),
  update: (id: string, body: TRequestBody<'patch', '/api/cases/{id}'>) =>
    api.patch('/api/cases/{id}', { params: { id }, body }),
  addNote: (id: string, body: string) =>
    api.post('/api/cases/{id}/notes', { params: { id }, body: { body } }),
  codes: () => api.get('/api/case-codes', { query: {} }),
  createCode: (body: TRequestBody<'post', '/api/case-codes'>) =>
    api.post('/api/case-codes', { body }),
  updateCode: (id: string, body: TRequestBody<'patch', '/api/case-codes/{id}'>) =>
    api.patch('/api/case-codes/{id}', { params: { id }, body }),
  removeCode: (id: string) => api.delete('/api/case-codes/{id}', { params: { id } }),
  slaPolicies: () => api.get('/api/case-sla-policies'),
  putSlaPolicies: (body: TRequestBody<'put', '/api/case-sla-policies'>) =>
    api.put('/api/case-sla-policies', { body }),
};

export const caseKeys = {
  all: ['cases'] as const,
  one: (id: string) => ['cases', 'one', id] as const,
  codes: ['case-codes'] as const,
  sla: ['case-sla-policies'] as const,
};

export const STATUS_LABELS: Record<TCaseStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The button that moves a case to a status, in words. */
export const MOVE_LABELS: Record<TCaseStatus, string> = {
  new: 'Back to new',
  open: 'Open',
  pending: 'Set pending',
  resolved: 'Resolve',
  closed: 'Close',
};

/** "in 3 h", "2 d ago": a duration from now, rounded to its largest unit. */
export function fromNow(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The SLA state of a case in words: what is breached, or when the next target is due. */
export function slaSummary(c: Pick<TCase, 'sla' | 'status'>): { text: string; breached: boolean } {
  const { firstResponse, resolution, state, pausedAt } = c.sla;
  if (state === 'breached') {
    const missed = [
      firstResponse.breachedAt !== null ? 'first response' : null,
      resolution.breachedAt !== null ? 'resolution' : null,
    ].filter((x) => x !== null);
    return { text: `Breached: ${missed.join(' and ')}`, breached: true };
  }
  if (state === 'met') return { text: 'Met', breached: false };
  if (pausedAt !== null) return { text: 'Paused (pending)', breached: false };
  const target = firstResponse.metAt === null ? firstResponse : resolution;
  const label = firstResponse.metAt === null ? 'First response' : 'Resolution';
  return { text: `${label} due ${fromNow(target.dueAt)}`, breached: false };
}
