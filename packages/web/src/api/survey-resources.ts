import { api, apiLink, fetchAll, type TQuery } from './client.js';
import type { TQueryParams, TRequestBody, TResponseBody } from './openapi-types.js';

/** One stored version of a survey (`GET /api/surveys/:id/versions/:version`). */
export type TSurveyVersion = TResponseBody<'get', '/api/surveys/{id}/versions/{version}'>;

/** An e-mail campaign as `GET /api/campaigns/:id` returns it, with its counts so far. */
export type TCampaign = TResponseBody<'get', '/api/campaigns/{id}'>;

/** A web widget: its public key goes in the script tag on a customer's site. */
export type TWidget = TResponseBody<'get', '/api/widgets/{id}'>;

/** The survey, response, campaign and widget endpoints the survey pages use. */
export const surveyEndpoints = {
  surveys: (query: TQueryParams<'get', '/api/surveys'>) => api.get('/api/surveys', { query }),
  allSurveys: () => fetchAll('/api/surveys', { sort: 'name' }),
  survey: (id: string) => api.get('/api/surveys/{id}', { params: { id } }),
  createSurvey: (body: TRequestBody<'post', '/api/surveys'>) => api.post('/api/surveys', { body }),
  updateSurvey: (id: string, body: TRequestBody<'patch', '/api/surveys/{id}'>) =>
    api.patch('/api/surveys/{id}', { params: { id }, body }),
  deleteSurvey: (id: string) => api.delete('/api/surveys/{id}', { params: { id } }),
  surveyVersion: (id: string, version: number) =>
    api.get('/api/surveys/{id}/versions/{version}', { params: { id, version: String(version) } }),

  responses: (query: TQueryParams<'get', '/api/responses'>) => api.get('/api/responses', { query }),
  response: (id: string) => api.get('/api/responses/{id}', { params: { id } }),

  campaigns: (surveyId: string) => fetchAll('/api/campaigns', { surveyId, sort: '-createdAt' }, 2),
  createCampaign: (body: TRequestBody<'post', '/api/campaigns'>) =>
    api.post('/api/campaigns', { body }),
  sendCampaign: (id: string, scheduledAt?: string) =>
    api.post('/api/campaigns/{id}/send', {
      params: { id },
      body: scheduledAt ? { scheduledAt } : {},
    }),

  widgets: async () => (await api.get('/api/widgets')).items,
  createWidget: (body: TRequestBody<'post', '/api/widgets'>) => api.post('/api/widgets', { body }),
  updateWidget: (id: string, body: TRequestBody<'patch', '/api/widgets/{id}'>) =>
    api.patch('/api/widgets/{id}', { params: { id }, body }),
};

const QR_PATHS = {
  png: '/api/touchpoints/{id}/qr.png',
  svg: '/api/touchpoints/{id}/qr.svg',
} as const;

/** Links the browser follows itself (downloads, images): same-origin, with the session cookie. */
export const surveyLinks = {
  export: (surveyId: string, format: 'csv' | 'ndjson') =>
    apiLink('/api/surveys/{id}/responses/export', { params: { id: surveyId }, query: { format } }),
  qr: (touchpointId: string, surveyId: string, format: keyof typeof QR_PATHS) =>
    apiLink(QR_PATHS[format], { params: { id: touchpointId }, query: { surveyId } }),
};

/** react-query keys of the survey pages. */
export const surveyKeys = {
  surveys: ['surveys'] as const,
  surveyList: (query: TQuery) => ['surveys', 'list', query] as const,
  allSurveys: ['surveys', 'all'] as const,
  survey: (id: string) => ['surveys', id] as const,
  surveyVersion: (id: string, version: number) => ['surveys', id, 'versions', version] as const,
  responses: ['responses'] as const,
  responseList: (query: TQuery) => ['responses', 'list', query] as const,
  response: (id: string) => ['responses', id] as const,
  campaigns: (surveyId: string) => ['campaigns', surveyId] as const,
  widgets: ['widgets'] as const,
};
