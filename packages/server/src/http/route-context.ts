import type { FastifyRequest } from 'fastify';
import type { TServiceContext } from '../auth/actor.js';
import { actorOf } from '../auth/auth.plugin.js';
import type { TServices } from '../composition/services.js';

/** The service context of a request whose route declared a permission. */
export function contextOf(services: TServices, request: FastifyRequest): TServiceContext {
  return { storage: services.storage, actor: actorOf(request), services };
}
