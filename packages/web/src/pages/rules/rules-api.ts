import { api } from '../../api/client.js';
import type { TQueryParams, TRequestBody, TResponseBody } from '../../api/openapi-types.js';

export type TRuleView = TResponseBody<'get', '/api/rules/{id}'>;
export type TRuleRunView = TResponseBody<'get', '/api/rules/{id}/runs'>['items'][number];
export type TRuleQuestionView = TResponseBody<'get', '/api/rules/questions'>['items'][number];
export type TDryRunView = TResponseBody<'post', '/api/rules/dry-run'>;
export type TRuleBody = TRequestBody<'post', '/api/rules'>;

/** The rule endpoints the rule pages call. */
export const ruleEndpoints = {
  list: (query: TQueryParams<'get', '/api/rules'> = {}) => api.get('/api/rules', { query }),
  one: (id: string) => api.get('/api/rules/{id}', { params: { id } }),
  create: (body: TRuleBody) => api.post('/api/rules', { body }),
  update: (id: string, body: TRequestBody<'patch', '/api/rules/{id}'>) =>
    api.patch('/api/rules/{id}', { params: { id }, body }),
  remove: (id: string) => api.delete('/api/rules/{id}', { params: { id } }),
  runs: (id: string) => api.get('/api/rules/{id}/runs', { params: { id }, query: { limit: 20 } }),
  dryRun: (body: TRequestBody<'post', '/api/rules/dry-run'>) =>
    api.post('/api/rules/dry-run', { body }),
  questions: async () => (await api.get('/api/rules/questions')).items,
  themes: async () => (await api.get('/api/themes', { query: {} })).items,
};

export const ruleKeys = {
  all: ['rules'] as const,
  one: (id: string) => ['rules', id] as const,
  runs: (id: string) => ['rules', id, 'runs'] as const,
  questions: ['rules', 'questions'] as const,
  themes: ['rules', 'themes'] as const,
};
