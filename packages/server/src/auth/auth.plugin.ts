import { AppError, roleAllows, type TPermission } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import type { TActor } from './actor.js';
import { findActiveApiKeyByHash, findSessionByTokenHash, touchApiKey } from './auth.repository.js';
import { hashToken, sameSecret } from './tokens.js';
import { cacheApiKey, getCachedApiKey } from './api-key-cache.js';

export const SESSION_COOKIE = 'ts_session';
export const API_KEY_PREFIX = 'ts_';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every `/api` route names one or is marked public. */
    permission?: TPermission;
    public?: boolean;
  }
  interface FastifyRequest {
    actor: TActor | null;
  }
  interface FastifyInstance {
    /** Every `/api` route with the permission it needs, for the permission-walk test and docs. */
    apiRoutes: TApiRouteInfo[];
  }
}

export interface TApiRouteInfo {
  method: string;
  url: string;
  permission: TPermission | null;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Recording every use of a key would turn reads into writes; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/** Resolves the actor of each request and enforces the route's permission and CSRF. */
export function installAuth(app: FastifyInstance, storage: TStorage): void {
  app.decorateRequest('actor', null);
  const apiRoutes: TApiRouteInfo[] = [];
  app.decorate('apiRoutes', apiRoutes);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (route.url === '/api/openapi.json') return;
    const config = route.config;
    if (config?.permission === undefined && config?.public !== true) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      apiRoutes.push({ method, url: route.url, permission: config?.permission ?? null });
    }
  });

  // preValidation: who may call a route is settled before anything about the body is said.
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (config.permission === undefined) return;
    const actor = await resolveActor(storage, request);
    if (actor === null) throw new AppError('unauthenticated', 'sign in or send an API key');
    if (actor.via === 'session' && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (
        typeof sent !== 'string' ||
        actor.csrfToken === null ||
        !sameSecret(sent, actor.csrfToken)
      ) {
        throw new AppError('csrf_failed', 'missing or wrong x-csrf-token header');
      }
    }
    if (!roleAllows(actor.role, config.permission)) {
      throw new AppError('forbidden', `the ${actor.role} role may not ${config.permission}`);
    }
    request.actor = actor;
  });
}

/** The actor behind a request's API key or session cookie, or null when there is none. */
export async function resolveActor(
  storage: TStorage,
  request: FastifyRequest,
): Promise<TActor | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const secret = match?.[1];
    if (secret === undefined || !secret.startsWith(API_KEY_PREFIX)) {
      throw new AppError('unauthenticated', 'the Authorization header must be "Bearer ts_..."');
    }
    const hash = hashToken(secret);
    const now = Date.now();
    let key = getCachedApiKey(hash, now);
    if (key === undefined) {
      key = await findActiveApiKeyByHash(storage.db, hash);
      if (!key) throw new AppError('unauthenticated', 'unknown or revoked API key');
      if (key.lastUsedAt === null || now - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
        const at = nowIso();
        await touchApiKey(storage.db, key.id, at);
        key = { ...key, lastUsedAt: at };
      }
      cacheApiKey(hash, key, now);
    }
    return {
      organizationId: key.organizationId,
      role: key.role,
      userId: null,
      apiKeyId: key.id,
      label: `apikey:${key.id}`,
      via: 'apikey',
      csrfToken: null,
    };
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || token === '') return null;
  const session = await findSessionByTokenHash(storage.db, hashToken(token));
  if (!session || session.expiresAt < nowIso()) return null;
  return {
    organizationId: session.organizationId,
    role: session.role,
    userId: session.userId,
    apiKeyId: null,
    label: `user:${session.userId}`,
    via: 'session',
    csrfToken: session.csrfToken,
  };
}

/** The actor of a route that declared a permission (the hook above guarantees there is one). */
export function actorOf(request: FastifyRequest): TActor {
  if (request.actor === null) throw new AppError('unauthenticated', 'sign in or send an API key');
  return request.actor;
}
