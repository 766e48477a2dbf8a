import {
  AppError,
  ZErrorBody,
  ZSsoCallbackQuery,
  ZSsoSettings,
  ZSsoSettingsUpdate,
  ZSsoStartQuery,
} from '@touchstone/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../auth/session-cookie.js';
import type { TConfig } from '../config.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { getSsoSettings, removeSsoSettings, setSsoSettings } from './sso-settings.service.js';
import { finishSsoSignIn, startSsoSignIn } from './sso-sign-in.service.js';

/** The cookie that ties a started sign-in to the browser that started it. */
export const SSO_STATE_COOKIE = 'ts_sso_state';
const CALLBACK_PATH = '/api/auth/sso/callback';
const RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

/** The redirect URI of this server: the public base URL when set, else the request's origin. */
function redirectUriOf(config: TConfig, request: FastifyRequest): string {
  const base = config.publicBaseUrl ?? `${request.protocol}://${request.host}`;
  return new URL(CALLBACK_PATH, base).href;
}

/** A browser (it asked for HTML) is sent back to the sign-in page with the error to show. */
async function answerBrowserOrThrow(
  request: FastifyRequest,
  reply: FastifyReply,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const accept = request.headers.accept ?? '';
    if (!(error instanceof AppError) || !accept.includes('text/html')) throw error;
    await reply.redirect(`/sign-in?ssoError=${encodeURIComponent(error.message)}`, 302);
  }
}

/** Single sign-on: the organization's settings, and the sign-in's start and callback. */
export function registerSsoRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = services.config;
  const tags = ['auth'];

  r.get(
    '/api/sso-settings',
    {
      config: { permission: 'sso:admin' },
      schema: {
        tags,
        summary: "The organization's single sign-on settings (the client secret is never sent)",
        response: { 200: ZSsoSettings, ...errorResponses },
      },
    },
    (request) => getSsoSettings(contextOf(services, request), redirectUriOf(config, request)),
  );
  r.put(
    '/api/sso-settings',
    {
      config: { permission: 'sso:admin' },
      schema: {
        tags,
        summary:
          'Sets single sign-on after discovering the provider (422 when discovery fails; 409 ' +
          'switching passwords off before an owner signed in with SSO)',
        body: ZSsoSettingsUpdate,
        response: { 200: ZSsoSettings, ...errorResponses },
      },
    },
    (request) =>
      setSsoSettings(contextOf(services, request), request.body, redirectUriOf(config, request)),
  );
  r.delete(
    '/api/sso-settings',
    {
      config: { permission: 'sso:admin' },
      schema: {
        tags,
        summary: 'Removes single sign-on; password sign-in applies again',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeSsoSettings(contextOf(services, request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/sso/start',
    {
      config: { public: true, rateLimit: RATE_LIMIT },
      schema: {
        tags,
        summary:
          'Starts single sign-on for an organization (slug, e-mail domain or address): ' +
          'redirects to its identity provider',
        querystring: ZSsoStartQuery,
        response: {
          302: z.null().describe('To the identity provider'),
          400: ZErrorBody,
          404: ZErrorBody,
          422: ZErrorBody,
          429: ZErrorBody,
          503: ZErrorBody,
        },
      },
    },
    (request, reply) =>
      answerBrowserOrThrow(request, reply, async () => {
        const started = await startSsoSignIn(
          services.storage,
          request.query.org,
          redirectUriOf(config, request),
        );
        void reply.setCookie(SSO_STATE_COOKIE, started.state, {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          path: '/api/auth/sso',
          expires: new Date(started.expiresAt.getTime() + 3_600_000),
        });
        await reply.redirect(started.authorizationUrl, 302);
      }),
  );

  r.get(
    CALLBACK_PATH,
    {
      config: { public: true, rateLimit: RATE_LIMIT },
      schema: {
        tags,
        summary:
          "The identity provider's redirect: checks the answer, signs in (creating the account " +
          'on first sign-in) and redirects to the dashboard',
        querystring: ZSsoCallbackQuery,
        response: {
          302: z.null().describe('To the dashboard, signed in'),
          400: ZErrorBody,
          401: ZErrorBody,
          403: ZErrorBody,
          404: ZErrorBody,
          422: ZErrorBody,
          429: ZErrorBody,
          503: ZErrorBody,
        },
      },
    },
    (request, reply) =>
      answerBrowserOrThrow(request, reply, async () => {
        void reply.clearCookie(SSO_STATE_COOKIE, { path: '/api/auth/sso' });
        const result = await finishSsoSignIn(
          services.storage,
          request.query,
          request.cookies[SSO_STATE_COOKIE],
          config.sessionHours,
        );
        setSessionCookie(reply, config, result);
        await reply.redirect('/', 302);
      }),
  );
}
