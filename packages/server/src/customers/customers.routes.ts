import {
  ZCustomer,
  ZCustomerDetail,
  ZCustomerCreate,
  ZCustomerListQuery,
  ZCustomerUpdate,
  ZExternalIdParams,
  ZIdParams,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { ERASURE_MODES } from './customer-erasure.js';
import { exportCustomer, ZCustomerExport } from './customer-export.js';
import {
  createCustomer,
  eraseCustomer,
  getCustomerByExternalId,
  getCustomerDetail,
  listCustomers,
  updateCustomer,
} from './customers.service.js';

/** Customers: contact details, consent and declared attributes; erasure on request. */
export function registerCustomerRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'List customers; filter by text, attributes (attr=key:value, repeatable), opt-out',
        querystring: ZCustomerListQuery,
        response: { 200: page(ZCustomer), ...errorResponses },
      },
    },
    (request) => listCustomers(ctx(request), request.query),
  );

  r.post(
    '/api/customers',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Create a customer',
        body: ZCustomerCreate,
        response: { 201: ZCustomer, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCustomer(ctx(request), request.body)),
  );

  r.get(
    '/api/customers/by-external-id/:externalId',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: "Read a customer by the organization's own identifier",
        params: ZExternalIdParams,
        response: { 200: ZCustomer, ...errorResponses },
      },
    },
    (request) => getCustomerByExternalId(ctx(request), request.params.externalId),
  );

  r.get(
    '/api/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Read a customer, with the first time they were seen',
        params: ZIdParams,
        response: { 200: ZCustomerDetail, ...errorResponses },
      },
    },
    (request) => getCustomerDetail(ctx(request), request.params.id),
  );

  r.patch(
    '/api/customers/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Change a customer; attributes are merged and null removes a key',
        params: ZIdParams,
        body: ZCustomerUpdate,
        response: { 200: ZCustomer, ...errorResponses },
      },
    },
    (request) => updateCustomer(ctx(request), request.params.id, request.body),
  );

  r.get(
    '/api/customers/:id/export',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary:
          'Everything held about a customer as one JSON document (GDPR access): profile, interactions, responses, analysed comments, invitations; audited',
        params: ZIdParams,
        response: { 200: ZCustomerExport, ...errorResponses },
      },
    },
    (request) => exportCustomer(ctx(request), request.params.id),
  );

  r.delete(
    '/api/customers/:id',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary:
          'Erase a customer (GDPR erasure): their interactions and invitations go, their responses are anonymised (default) or deleted (responses=delete), their comments purged; audited',
        params: ZIdParams,
        querystring: z.strictObject({ responses: z.enum(ERASURE_MODES).default('anonymise') }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await eraseCustomer(ctx(request), request.params.id, request.query.responses);
      return reply.status(204).send(null);
    },
  );
}
