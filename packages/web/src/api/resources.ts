import type {
  TApiKey,
  TApiKeyCreate,
  TAttributeKey,
  TBrand,
  TBrandCreate,
  TBrandUpdate,
  TCustomer,
  TInteraction,
  TJourney,
  TJourneyCreate,
  TJourneyUpdate,
  TOrganization,
  TSession,
  TTeam,
  TTeamCreate,
  TTeamUpdate,
  TTouchpoint,
  TTouchpointCreate,
  TTouchpointUpdate,
  TUser,
  TUserCreate,
  TUserUpdate,
} from '@touchstone/core';
import { api, fetchAll, type TPage, type TQuery } from './client.js';

/** What POST /api/api-keys returns: the key and, this once, its secret. */
export type TApiKeyCreated = TApiKey & { secret: string };

/** The input types before schema defaults are applied (what a form sends). */
type TInput<T> = Partial<T>;

/** One function per endpoint the dashboard uses; pages call these through react-query. */
export const endpoints = {
  session: () => api.get<TSession>('/auth/session'),
  signIn: (body: { email: string; password: string }) => api.post<TSession>('/auth/sign-in', body),
  signOut: () => api.post<void>('/auth/sign-out'),

  organization: () => api.get<TOrganization>('/organization'),

  users: (query: TQuery = {}) => api.get<TPage<TUser>>('/users', query),
  allUsers: () => fetchAll<TUser>('/users', { sort: 'name' }),
  createUser: (body: TUserCreate) => api.post<TUser>('/users', body),
  updateUser: (id: string, body: TUserUpdate) => api.patch<TUser>(`/users/${id}`, body),
  removeUser: (id: string) => api.delete(`/users/${id}`),

  apiKeys: (query: TQuery = {}) => api.get<TPage<TApiKey>>('/api-keys', query),
  createApiKey: (body: TApiKeyCreate) => api.post<TApiKeyCreated>('/api-keys', body),
  revokeApiKey: (id: string) => api.delete<TApiKey>(`/api-keys/${id}`),

  allTeams: () => fetchAll<TTeam>('/teams', { sort: 'name' }),
  team: (id: string) => api.get<TTeam>(`/teams/${id}`),
  createTeam: (body: TInput<TTeamCreate>) => api.post<TTeam>('/teams', body),
  updateTeam: (id: string, body: TTeamUpdate) => api.patch<TTeam>(`/teams/${id}`, body),

  allBrands: () => fetchAll<TBrand>('/brands', { sort: 'name' }),
  brand: (id: string) => api.get<TBrand>(`/brands/${id}`),
  createBrand: (body: TInput<TBrandCreate>) => api.post<TBrand>('/brands', body),
  updateBrand: (id: string, body: TBrandUpdate) => api.patch<TBrand>(`/brands/${id}`, body),

  allJourneys: () => fetchAll<TJourney>('/journeys', { sort: 'name' }),
  journey: (id: string) => api.get<TJourney>(`/journeys/${id}`),
  createJourney: (body: TInput<TJourneyCreate>) => api.post<TJourney>('/journeys', body),
  updateJourney: (id: string, body: TJourneyUpdate) => api.patch<TJourney>(`/journeys/${id}`, body),

  touchpoints: (query: TQuery) => fetchAll<TTouchpoint>('/touchpoints', { sort: 'name', ...query }),
  touchpoint: (id: string) => api.get<TTouchpoint>(`/touchpoints/${id}`),
  createTouchpoint: (body: TInput<TTouchpointCreate>) =>
    api.post<TTouchpoint>('/touchpoints', body),
  updateTouchpoint: (id: string, body: TTouchpointUpdate) =>
    api.patch<TTouchpoint>(`/touchpoints/${id}`, body),

  attributeKeys: async (entity: 'customer' | 'interaction') => {
    // The list is small and unpaginated; accept a bare array as well as `{ items }`.
    const body = await api.get<{ items: TAttributeKey[] } | TAttributeKey[]>('/attribute-keys', {
      entity,
    });
    return Array.isArray(body) ? body : body.items;
  },

  customers: (query: TQuery) => api.get<TPage<TCustomer>>('/customers', query),
  customer: (id: string) => api.get<TCustomer>(`/customers/${id}`),
  interactions: (query: TQuery) => api.get<TPage<TInteraction>>('/interactions', query),
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
