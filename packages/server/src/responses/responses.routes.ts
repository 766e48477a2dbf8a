import {
  invalidField,
  ZId,
  ZIdParams,
  ZResponse,
  ZResponseBatchSubmit,
  ZResponseListQuery,
  ZResponseSubmit,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { publicResponseOptions } from '../invitations/invitation-resolver.js';
import { registerPublicResponseRoutes } from './public.routes.js';
import { registerResponseTransferRoutes } from './response-transfer.routes.js';
import type { ResponseWriter } from '../ingest/response-writer.js';
import {
  assertSurveyExists,
  getResponse,
  listResponses,
  submitResponse,
  submitResponseBatch,
} from './responses.service.js';

/** 1000 responses with long comments fit; the global limit would cut a full batch short. */
const BATCH_BODY_LIMIT = 16 * 1_048_576;

/** The `Idempotency-Key` header, checked like the body's `idempotencyKey`. */
function headerKey(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 8 || value.length > 200) {
    throw invalidField('headers.idempotency-key', 'one key of 8 to 200 characters');
  }
  return value;
}

const ZBatchResult = z.object({
  items: z.array(ZResponse),
  created: z.number().int(),
  replayed: z.number().int(),
});

/**
 * Responses: the integration API (single and batch submissions with idempotency keys), reading,
 * export and import, and the public respondent endpoints; all write through the process's one
 * group-commit writer (`services.responses`), which the composition root drains at close.
 */
export function registerResponseRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const writer = services.responses;
  registerSubmissionRoutes(app, services, writer);
  registerResponseTransferRoutes(app, services);
  registerPublicResponseRoutes(app, services, {
    storage: services.storage,
    services,
    writer,
    options: publicResponseOptions(services),
  });
}

function registerSubmissionRoutes(
  app: FastifyInstance,
  services: TRouteDeps,
  writer: ResponseWriter,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['responses'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);
  // Runs after authentication, before the body is validated (from the cache: no query).
  const surveyFirst = async (request: FastifyRequest) => {
    const { id } = request.params as { id?: unknown };
    if (typeof id === 'string' && ZId.safeParse(id).success) {
      await assertSurveyExists(ctx(request), id);
    }
  };

  r.post(
    '/api/surveys/:id/responses',
    {
      config: { permission: 'responses:write' },
      preValidation: surveyFirst,
      schema: {
        tags,
        summary:
          'Submit a response (201); a retry with the same idempotency key returns the stored one (200, Idempotent-Replay: true)',
        params: ZIdParams,
        body: ZResponseSubmit,
        response: { 200: ZResponse, 201: ZResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await submitResponse(
        ctx(request),
        writer,
        request.params.id,
        request.body,
        headerKey(request),
      );
      if (outcome.replayed) void reply.header('idempotent-replay', 'true');
      return reply.status(outcome.replayed ? 200 : 201).send(outcome.response);
    },
  );

  r.post(
    '/api/surveys/:id/responses/batch',
    {
      config: { permission: 'responses:write' },
      preValidation: surveyFirst,
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Submit up to 1000 responses, all or nothing (422 lists body.responses.N... issues and stores nothing)',
        params: ZIdParams,
        body: ZResponseBatchSubmit,
        response: { 201: ZBatchResult, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await submitResponseBatch(
            ctx(request),
            writer,
            request.params.id,
            request.body.responses,
            headerKey(request),
          ),
        ),
  );

  r.get(
    '/api/responses',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'List responses',
        querystring: ZResponseListQuery,
        response: { 200: page(ZResponse), ...errorResponses },
      },
    },
    (request) => listResponses(ctx(request), request.query),
  );

  r.get(
    '/api/responses/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Read a response',
        params: ZIdParams,
        response: { 200: ZResponse, ...errorResponses },
      },
    },
    (request) => getResponse(ctx(request), request.params.id),
  );
}
