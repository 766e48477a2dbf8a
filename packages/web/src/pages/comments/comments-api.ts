import { api } from '../../api/client.js';
import type { TQuery } from '../../api/client.js';
import type { TQueryParams, TRequestBody } from '../../api/openapi-types.js';

/** The comment explorer's and the themes page's endpoints. */
export const commentEndpoints = {
  comments: (query: TQueryParams<'get', '/api/comments'>) => api.get('/api/comments', { query }),
  themes: (query: TQueryParams<'get', '/api/themes'>) => api.get('/api/themes', { query }),
  createTheme: (body: TRequestBody<'post', '/api/themes'>) => api.post('/api/themes', { body }),
  updateTheme: (id: string, body: TRequestBody<'patch', '/api/themes/{id}'>) =>
    api.patch('/api/themes/{id}', { params: { id }, body }),
  deleteTheme: (id: string) => api.delete('/api/themes/{id}', { params: { id } }),
  discoverThemes: () => api.post('/api/themes/discover', { body: {} }),
  analysis: () => api.get('/api/comments/analysis'),
  startAnalysis: () => api.post('/api/comments/analysis'),
  settings: () => api.get('/api/comments/settings'),
  updateSettings: (body: TRequestBody<'put', '/api/comments/settings'>) =>
    api.put('/api/comments/settings', { body }),
};

/** react-query keys; writes invalidate `['comments']` and `['themes']` as a whole. */
export const commentKeys = {
  comments: (query: TQuery) => ['comments', 'list', query] as const,
  themes: (query: TQuery) => ['themes', query] as const,
  analysis: ['comments', 'analysis'] as const,
  settings: ['comments', 'settings'] as const,
};

/** The URL parameters of the explorer, so that other pages can link in. */
export const COMMENT_PARAMS = [
  'q',
  'touchpoint',
  'segment',
  'theme',
  'from',
  'to',
  'sentiment',
  'nps',
] as const;

/** A link to the explorer with the given filters (empty values left out). */
export function commentsLink(filters: Partial<Record<(typeof COMMENT_PARAMS)[number], string>>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, value);
  const qs = search.toString();
  return `/comments${qs ? `?${qs}` : ''}`;
}
