import { api, fetchAll, type TQuery } from './client.js';
import type { TQueryParams, TRequestBody, TResponseBody } from './openapi-types.js';

/** What POST /api/api-keys returns: the key and, this once, its secret. */
export type TApiKeyCreated = TResponseBody<'post', '/api/api-keys'>;

/** One function per endpoint the dashboard uses; pages call these through react-query. */
export const endpoints = {
  session: () => api.get('/api/auth/session'),
  signIn: (body: TRequestBody<'post', '/api/auth/sign-in'>) =>
    api.post('/api/auth/sign-in', { body }),
  signOut: () => api.post('/api/auth/sign-out'),

  organization: () => api.get('/api/organization'),

  users: (query: TQueryParams<'get', '/api/users'> = {}) => api.get('/api/users', { query }),
  allUsers: () => fetchAll('/api/users', { sort: 'name' }),
  createUser: (body: TRequestBody<'post', '/api/users'>) => api.post('/api/users', { body }),
  updateUser: (id: string, body: TRequestBody<'patch', '/api/users/{id}'>) =>
    api.patch('/api/users/{id}', { params: { id }, body }),
  removeUser: (id: string) => api.delete('/api/users/{id}', { params: { id } }),

  apiKeys: (query: TQueryParams<'get', '/api/api-keys'> = {}) =>
    api.get('/api/api-keys', { query }),
  createApiKey: (body: TRequestBody<'post', '/api/api-keys'>) =>
    api.post('/api/api-keys', { body }),
  revokeApiKey: (id: string) => api.delete('/api/api-keys/{id}', { params: { id } }),

  allTeams: () => fetchAll('/api/teams', { sort: 'name' }),
  team: (id: string) => api.get('/api/teams/{id}', { params: { id } }),
  createTeam: (body: TRequestBody<'post', '/api/teams'>) => api.post('/api/teams', { body }),
  updateTeam: (id: string, body: TRequestBody<'patch', '/api/teams/{id}'>) =>
    api.patch('/api/teams/{id}', { params: { id }, body }),

  allBrands: () => fetchAll('/api/brands', { sort: 'name' }),
  brand: (id: string) => api.get('/api/brands/{id}', { params: { id } }),
  createBrand: (body: TRequestBody<'post', '/api/brands'>) => api.post('/api/brands', { body }),
  updateBrand: (id: string, body: TRequestBody<'patch', '/api/brands/{id}'>) =>
    api.patch('/api/brands/{id}', { params: { id }, body }),

  allJourneys: () => fetchAll('/api/journeys', { sort: 'name' }),
  journey: (id: string) => api.get('/api/journeys/{id}', { params: { id } }),
  createJourney: (body: TRequestBody<'post', '/api/journeys'>) =>
    api.post('/api/journeys', { body }),
  updateJourney: (id: string, body: TRequestBody<'patch', '/api/journeys/{id}'>) =>
    api.patch('/api/journeys/{id}', { params: { id }, body }),

  touchpoints: (query: TQueryParams<'get', '/api/touchpoints'>) =>
    fetchAll('/api/touchpoints', { sort: 'name', ...query }),
  touchpoint: (id: string) => api.get('/api/touchpoints/{id}', { params: { id } }),
  createTouchpoint: (body: TRequestBody<'post', '/api/touchpoints'>) =>
    api.post('/api/touchpoints', { body }),
  updateTouchpoint: (id: string, body: TRequestBody<'patch', '/api/touchpoints/{id}'>) =>
    api.patch('/api/touchpoints/{id}', { params: { id }, body }),

  attributeKeys: async (entity: 'customer' | 'interaction') =>
    (await api.get('/api/attribute-keys', { query: { entity } })).items,

  customers: (query: TQueryParams<'get', '/api/customers'>) => api.get('/api/customers', { query }),
  customer: (id: string) => api.get('/api/customers/{id}', { params: { id } }),
  interactions: (query: TQueryParams<'get', '/api/interactions'>) =>
    api.get('/api/interactions', { query }),
};

/** react-query keys, one place so that writes invalidate what they change. */
export const keys = {
  session: ['session'] as const,
  organization: ['organization'] as const,
  users: ['users'] as const,
  apiKeys: ['api-keys'] as const,
  teams: ['teams'] as const,
  team: (id: string) => ['teams', id] as const,
  brands: ['brands'] as const,
  brand: (id: string) => ['brands', id] as const,
  journeys: ['journeys'] as const,
  journey: (id: string) => ['journeys', id] as const,
  touchpoints: (query: TQuery) => ['touchpoints', 'list', query] as const,
  touchpoint: (id: string) => ['touchpoints', id] as const,
  attributeKeys: (entity: string) => ['attribute-keys', entity] as const,
  customers: (query: TQuery) => ['customers', 'list', query] as const,
  customer: (id: string) => ['customers', id] as const,
  interactions: (query: TQuery) => ['interactions', query] as const,
};
