import { AppError, ZSession, ZSignIn, ZErrorBody } from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TConfig } from '../config.js';
import type { TStorage } from '../storage/database.js';
import { SESSION_COOKIE, resolveActor } from './auth.plugin.js';
import { listUserOrganizations, signIn, signOut } from './auth.service.js';
import { setSessionCookie } from './session-cookie.js';
import { getSessionView } from './session-view.js';

const ZSignInBody = ZSignIn.extend({ organizationSlug: z.string().max(100).optional() });

export function registerAuthRoutes(app: FastifyInstance, storage: TStorage, config: TConfig): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/sign-in',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Sign in with email and password; sets the session cookie (403 where the organization uses SSO only)',
        body: ZSignInBody,
        response: {
          200: ZSession,
          400: ZErrorBody,
          401: ZErrorBody,
          403: ZErrorBody,
          413: ZErrorBody,
          415: ZErrorBody,
          422: ZErrorBody,
          429: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const result = await signIn(storage, request.body, config.sessionHours);
      setSessionCookie(reply, config, result);
      return result.session;
    },
  );

  r.post(
    '/api/auth/sign-out',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'End the session',
        response: { 204: z.null(), 403: ZErrorBody },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await signOut(storage, token, request.headers['x-csrf-token']);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The signed-in user, organization, role and CSRF token',
        response: { 200: ZSession, 401: ZErrorBody },
      },
    },
    async (request) => {
      const actor = await resolveActor(storage, request);
      if (actor === null || actor.via !== 'session') {
        throw new AppError('unauthenticated', 'not signed in');
      }
      return getSessionView(storage, actor);
    },
  );

  r.get(
    '/api/auth/organizations',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "The signed-in user's organizations",
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() }),
            ),
          }),
          401: ZErrorBody,
        },
      },
    },
    async (request) => {
      const actor = await resolveActor(storage, request);
      if (actor?.userId == null) throw new AppError('unauthenticated', 'not signed in');
      const memberships = await listUserOrganizations(storage, actor.userId);
      return {
        items: memberships.map((m) => ({
          id: m.organizationId,
          name: m.name,
          slug: m.slug,
          role: m.role,
        })),
      };
    },
  );
}
