import { api } from '../../api/client.js';
import type { TQueryParams, TRequestBody, TResponseBody } from '../../api/openapi-types.js';

/** A subscription with its signing secret, as creation and rotation return it (this once). */
export type TWebhookCreated = TResponseBody<'post', '/api/webhooks'>;
export type TWebhookView = TResponseBody<'get', '/api/webhooks/{id}'>;
export type TDeliveryView = TResponseBody<'get', '/api/webhooks/{id}/deliveries'>['items'][number];

/** The webhook endpoints the settings pages call. */
export const webhookEndpoints = {
  list: (query: TQueryParams<'get', '/api/webhooks'> = {}) => api.get('/api/webhooks', { query }),
  one: (id: string) => api.get('/api/webhooks/{id}', { params: { id } }),
  create: (body: TRequestBody<'post', '/api/webhooks'>) => api.post('/api/webhooks', { body }),
  update: (id: string, body: TRequestBody<'patch', '/api/webhooks/{id}'>) =>
    api.patch('/api/webhooks/{id}', { params: { id }, body }),
  remove: (id: string) => api.delete('/api/webhooks/{id}', { params: { id } }),
  rotateSecret: (id: string) => api.post('/api/webhooks/{id}/rotate-secret', { params: { id } }),
  ping: (id: string) => api.post('/api/webhooks/{id}/ping', { params: { id } }),
  deliveries: (id: string, query: TQueryParams<'get', '/api/webhooks/{id}/deliveries'> = {}) =>
    api.get('/api/webhooks/{id}/deliveries', { params: { id }, query }),
  redeliver: (id: string, deliveryId: string) =>
    api.post('/api/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
      params: { id, deliveryId },
    }),
};

export const webhookKeys = {
  all: ['webhooks'] as const,
  one: (id: string) => ['webhooks', id] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};
