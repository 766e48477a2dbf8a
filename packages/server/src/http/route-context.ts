import type { FastifyRequest } from 'fastify';
import type { TServiceContext } from '../auth/actor.js';
import { actorOf } from '../auth/auth.plugin.js';
import type { TStorage } from '../storage/database.js';

/** The service context of a request whose route declared a permission. */
export function contextOf(storage: TStorage, request: FastifyRequest): TServiceContext {
  return { storage, actor: actorOf(request) };
}
