import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAuth } from '../auth/auth.plugin.js';
import type { TServices } from '../composition/services.js';
import { anyOrganization } from '../organizations/organizations.repository.js';
import { registerApiRoutes } from '../routes.js';
import { installSecurityHeaders } from './security-headers.js';
import { installErrorHandler, sendError } from './error-handler.js';
import { installRequestHygiene, trackRouteMethods } from './request-hygiene.js';
import { loggerOptions } from './log-output.js';
import { installMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';

export interface TAppOptions {
  /** The process's services, from the composition root (`createServices`). */
  services: TServices;
  /** Fastify logger options; tests pass false. */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the HTTP application: plugins, conventions, and every capability's routes. */
export async function buildApp({ services, logger }: TAppOptions): Promise<FastifyInstance> {
  const { storage, config } = services;
  const { trustProxy } = config;
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    bodyLimit: config.bodyLimit,
    // A hop count trusts that many proxies nearest to the server.
    trustProxy:
      typeof trustProxy === 'number'
        ? (_address: string, hop: number) => hop < trustProxy
        : trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const routes = trackRouteMethods(app);
  installErrorHandler(app, routes);
  await app.register(cookie);
  installSecurityHeaders(app, config.publicBaseUrl);
  await app.register(rateLimit, { global: false });
  installMetrics(app, services.events);

  await registerOpenApi(app);

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await anyOrganization(storage.db);
      return { status: 'ok', database: storage.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: storage.dialect });
    }
  });

  installAuth(app, storage);
  installRequestHygiene(app);
  registerApiRoutes(app, services);

  if (config.webRoot !== null && fs.existsSync(path.join(config.webRoot, 'index.html'))) {
    await serveDashboard(app, config.webRoot);
  }
  return app;
}

/** Serves the built dashboard; unknown non-API paths get index.html for client-side routing. */
async function serveDashboard(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(root),
    wildcard: false,
    // The build writes .br and .gz copies beside each file (scripts/precompress.mjs).
    preCompressed: true,
    cacheControl: false,
    // Vite names every file under assets/ by its content hash: it never changes. index.html
    // names the current ones, so it is revalidated on every visit.
    setHeaders: (response, file) => {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      response.setHeader(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // A catch-all GET route rather than a second not-found handler: installErrorHandler already
  // owns the root not-found handler, and Fastify refuses to set one twice.
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url === '/api' || url.startsWith('/api/') || path.extname(url)) {
      return sendError(reply, 'not_found', `no route GET ${url}`);
    }
    return reply.sendFile('index.html');
  });
}
