import type { FastifyInstance } from 'fastify';
import type { TRouteDeps } from '../routes.js';

/** Routes of this capability (to be written). */
export function registerTouchpointRoutes(_app: FastifyInstance, _deps: TRouteDeps): void {}
