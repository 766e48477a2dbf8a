import { api } from '../../api/client.js';
import type { TQueryParams, TRequestBody, TResponseBody } from '../../api/openapi-types.js';

export type TNotificationView = TResponseBody<'get', '/api/notifications'>['items'][number];
export type TEmailChoice = TRequestBody<'put', '/api/notification-preferences'>['email'];

/** The signed-in person's notification endpoints. */
export const notificationEndpoints = {
  list: (query: TQueryParams<'get', '/api/notifications'> = {}) =>
    api.get('/api/notifications', { query }),
  unreadCount: () => api.get('/api/notifications/unread-count'),
  read: (id: string) => api.post('/api/notifications/{id}/read', { params: { id } }),
  readAll: () => api.post('/api/notifications/read-all'),
  preferences: () => api.get('/api/notification-preferences'),
  setPreferences: (body: TRequestBody<'put', '/api/notification-preferences'>) =>
    api.put('/api/notification-preferences', { body }),
};

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
  preferences: ['notification-preferences'] as const,
};
