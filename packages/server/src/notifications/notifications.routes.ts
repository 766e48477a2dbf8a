import {
  ZIdParams,
  ZNotification,
  ZNotificationList,
  ZNotificationListQuery,
  ZNotificationPreferences,
  ZNotificationPreferencesUpdate,
  ZNotificationReadAll,
  ZNotificationUnreadCount,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
  readAllNotifications,
  readNotification,
  setNotificationPreferences,
} from './notifications.service.js';

const tags = ['notifications'];
const permission = 'notifications:read';

/** The signed-in person's own notifications and e-mail choice. */
export function registerNotificationRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/notifications',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'My notifications, newest first; unread=true lists the unread only',
        querystring: ZNotificationListQuery,
        response: { 200: ZNotificationList, ...errorResponses },
      },
    },
    (request) => listNotifications(contextOf(services, request), request.query),
  );
  r.get(
    '/api/notifications/unread-count',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: { 200: ZNotificationUnreadCount, ...errorResponses },
      },
    },
    (request) => countUnreadNotifications(contextOf(services, request)),
  );
  r.post(
    '/api/notifications/:id/read',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Marks one of my notifications read',
        params: ZIdParams,
        response: { 200: ZNotification, ...errorResponses },
      },
    },
    (request) => readNotification(contextOf(services, request), request.params.id),
  );
  r.post(
    '/api/notifications/read-all',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Marks all my notifications read',
        response: { 200: ZNotificationReadAll, ...errorResponses },
      },
    },
    (request) => readAllNotifications(contextOf(services, request)),
  );
  r.get(
    '/api/notification-preferences',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'My e-mail choice: immediate, daily digest (the default) or off',
        response: { 200: ZNotificationPreferences, ...errorResponses },
      },
    },
    (request) => getNotificationPreferences(contextOf(services, request)),
  );
  r.put(
    '/api/notification-preferences',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Sets my e-mail choice',
        body: ZNotificationPreferencesUpdate,
        response: { 200: ZNotificationPreferences, ...errorResponses },
      },
    },
    (request) => setNotificationPreferences(contextOf(services, request), request.body),
  );
}
