import { AppError, ZErrorBody } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  ZPublicContinue,
  ZPublicQuery,
  ZPublicReopen,
  ZPublicReopenResult,
  ZPublicResponse,
  ZPublicSubmit,
  ZPublicSubmitResult,
  ZPublicSurvey,
  ZSlugParams,
  ZTokenParams,
} from './public.schema.js';
import {
  continuePublicResponse,
  getPublicResponse,
  getPublicSurvey,
  reopenInvitedResponse,
  startPublicResponse,
  type TPublicContext,
} from './public-responses.service.js';

/** Respondents send a few answers: anything larger is not a survey response. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;
const MINUTE_MS = 60_000;
/** Reading a survey is cheaper and happens on every page view: a looser limit. */
const READS_PER_WRITE = 5;

const publicErrors = {
  400: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  410: ZErrorBody,
  413: ZErrorBody,
  415: ZErrorBody,
  422: ZErrorBody,
  429: ZErrorBody,
} as const;

function acceptLanguage(request: FastifyRequest): string | undefined {
  const header = request.headers['accept-language'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * The respondent endpoints of respondent pages and the widget: no authentication, small bodies,
 * and rate limits per client IP (every write) and per survey (submissions across all clients).
 */
export function registerPublicResponseRoutes(
  app: FastifyInstance,
  deps: TRouteDeps,
  ctx: TPublicContext,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['respondents'];
  const { config } = deps;
  const limiter = (max: number) => {
    const check = app.createRateLimit({
      max,
      timeWindow: MINUTE_MS,
      keyGenerator: (request) => request.ip,
    });
    return async (request: FastifyRequest) => {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        throw new AppError(
          'rate_limited',
          `too many requests from this address; retry in ${result.ttlInSeconds} s`,
        );
      }
    };
  };
  const perIpWrites = limiter(config.publicRateLimit);
  const perIpReads = limiter(config.publicRateLimit * READS_PER_WRITE);
  const perSurvey = {
    max: config.surveyRateLimit,
    timeWindow: MINUTE_MS,
    keyGenerator: (request: FastifyRequest) =>
      `survey:${(request.params as { slug?: string }).slug ?? ''}`,
  };

  r.get(
    '/api/public/surveys/:slug',
    {
      config: { public: true },
      onRequest: perIpReads,
      schema: {
        tags,
        summary: 'A live survey for respondents: definition, brand style, resolved language',
        security: [],
        params: ZSlugParams,
        querystring: ZPublicQuery,
        response: { 200: ZPublicSurvey, ...publicErrors },
      },
    },
    (request) => getPublicSurvey(deps, request.params.slug, request.query, acceptLanguage(request)),
  );

  r.post(
    '/api/public/surveys/:slug/responses',
    {
      config: { public: true, rateLimit: perSurvey },
      onRequest: perIpWrites,
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Submit a response (complete, the default) or start one (complete: false returns a resume token)',
        security: [],
        params: ZSlugParams,
        querystring: ZPublicQuery,
        body: ZPublicSubmit,
        response: { 201: ZPublicSubmitResult, ...publicErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await startPublicResponse(
            ctx,
            request.params.slug,
            request.body,
            request.query,
            acceptLanguage(request),
          ),
        ),
  );

  r.post(
    '/api/public/surveys/:slug/reopen',
    {
      config: { public: true },
      onRequest: perIpWrites,
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Reopen the response given through a personal invitation link (one response per invitation): a fresh resume token',
        security: [],
        params: ZSlugParams,
        body: ZPublicReopen,
        response: { 200: ZPublicReopenResult, ...publicErrors },
      },
    },
    (request) => reopenInvitedResponse(ctx, request.params.slug, request.body.invitation),
  );

  r.get(
    '/api/public/responses/:token',
    {
      config: { public: true },
      onRequest: perIpReads,
      schema: {
        tags,
        summary: 'Read a response back with its resume token',
        security: [],
        params: ZTokenParams,
        response: { 200: ZPublicResponse, ...publicErrors },
      },
    },
    (request) => getPublicResponse(deps, request.params.token),
  );

  r.put(
    '/api/public/responses/:token',
    {
      config: { public: true },
      onRequest: perIpWrites,
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Continue a partial response (answers so far) or complete it; complete is final',
        security: [],
        params: ZTokenParams,
        body: ZPublicContinue,
        response: { 200: ZPublicSubmitResult, ...publicErrors },
      },
    },
    (request) =>
      continuePublicResponse(ctx, request.params.token, request.body, acceptLanguage(request)),
  );
}
