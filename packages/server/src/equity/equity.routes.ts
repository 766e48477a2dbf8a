import {
  ZCustomerValue,
  ZCustomerValueQuery,
  ZEquityQuery,
  ZEquityResponse,
  ZIdParams,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { getCustomerValue, getEquity } from './equity.service.js';

/** Customer equity: CLV from revenue interactions, by what customers said and by segment. */
export function registerEquityRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['equity'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/equity',
    {
      config: { permission: 'equity:read' },
      schema: {
        tags,
        summary:
          'Customer equity: BG/NBD and Gamma-Gamma fitted on revenue interactions; CLV ' +
          'distribution, equity by NPS category and segment, revenue at risk',
        querystring: ZEquityQuery,
        response: { 200: ZEquityResponse, ...errorResponses },
      },
    },
    (request) => getEquity(ctx(request), request.query),
  );

  r.get(
    '/api/customers/:id/value',
    {
      config: { permission: 'equity:read' },
      schema: {
        tags,
        summary: "A customer's probability of being alive, expected purchases and CLV",
        params: ZIdParams,
        querystring: ZCustomerValueQuery,
        response: { 200: ZCustomerValue, ...errorResponses },
      },
    },
    (request) => getCustomerValue(ctx(request), request.params.id, request.query),
  );
}
