import { ZDigestPreview, ZDigestSubscription, ZDigestSubscriptionUpdate } from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { getDigestSubscription, previewDigest, setDigestSubscription } from './digests.service.js';

const tags = ['notifications'];
// Every person may subscribe: the digest reports what every role may read on the dashboard.
const permission = 'notifications:read';

/** The signed-in person's weekly e-mail digest of the scorecard and open alerts. */
export function registerDigestRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/digest-subscription',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'My weekly digest: on or off, day, hour (UTC), scope, next and last send',
        response: { 200: ZDigestSubscription, ...errorResponses },
      },
    },
    (request) => getDigestSubscription(contextOf(services, request)),
  );
  r.put(
    '/api/digest-subscription',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Sets my weekly digest',
        body: ZDigestSubscriptionUpdate,
        response: { 200: ZDigestSubscription, ...errorResponses },
      },
    },
    (request) => setDigestSubscription(contextOf(services, request), request.body),
  );
  r.post(
    '/api/digest-subscription/preview',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Sends me my weekly digest now, as a preview',
        response: { 202: ZDigestPreview, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await previewDigest(contextOf(services, request))),
  );
}
