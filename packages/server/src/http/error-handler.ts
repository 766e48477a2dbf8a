import {
  AppError,
  ERROR_STATUS,
  type TErrorBody,
  type TErrorCode,
  type TFieldIssue,
} from '@touchstone/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { constraintViolation } from '../storage/constraint-violation.js';
import type { RouteMethods } from './request-hygiene.js';

/** Fastify's own error codes that are the client's fault, with the code we answer them with. */
const FASTIFY_CODES: Record<string, TErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_INVALID_TYPE: 'bad_request',
};

/** What the zod validator reports per issue (fastify's own type does not resolve under NodeNext). */
interface TValidationIssue {
  instancePath: string;
  message?: string;
}

export function sendError(
  reply: FastifyReply,
  code: TErrorCode,
  message: string,
  details?: TFieldIssue[],
): FastifyReply {
  const body: TErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return reply.status(ERROR_STATUS[code]).type('application/json').send(body);
}

/**
 * Turns every thrown error into the one error shape; logs and hides the unexpected. A path that
 * exists with other methods (by `routes`) is a 405 with `Allow`, an unknown one a 404.
 */
export function installErrorHandler(app: FastifyInstance, routes?: RouteMethods): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError)
      return sendError(reply, error.code, error.message, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Fastify says `querystring`; every other field path (sort, cursor, clients) says `query`.
      const context = error.validationContext ?? 'body';
      const where = context === 'querystring' ? 'query' : context;
      const issues = (error as unknown as { validation: TValidationIssue[] }).validation;
      const details = issues.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      const first = details[0];
      const message = first ? `${first.field}: ${first.message}` : 'invalid request';
      return sendError(reply, 'validation_failed', message, details);
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(reply, mapped, error.message);
    if (error.statusCode === 429) return sendError(reply, 'rate_limited', error.message);
    const violation = constraintViolation(error);
    if (violation) return sendError(reply, 'conflict', violation);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, 'internal', 'internal error; see the server log for this request id');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes?.allowed(path) ?? [];
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply.header('allow', allowed.join(', '));
      return sendError(
        reply,
        'method_not_allowed',
        `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`,
      );
    }
    return sendError(reply, 'not_found', `no route ${request.method} ${path}`);
  });
}
