import {
  ZBrand,
  ZBrandCreate,
  ZBrandListQuery,
  ZBrandUpdate,
  ZIdParams,
  page,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../http/route-deps.js';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import { createBrand, deleteBrand, getBrand, listBrands, updateBrand } from './brands.service.js';

/** Brands: positioning, experiential value promise, implementation theme and style guide. */
export function registerBrandRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['brands'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/brands',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'List brands',
        querystring: ZBrandListQuery,
        response: { 200: page(ZBrand), ...errorResponses },
      },
    },
    (request) => listBrands(ctx(request), request.query),
  );

  r.post(
    '/api/brands',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Create a brand',
        body: ZBrandCreate,
        response: { 201: ZBrand, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createBrand(ctx(request), request.body)),
  );

  r.get(
    '/api/brands/:id',
    {
      config: { permission: 'model:read' },
      schema: {
        tags,
        summary: 'Read a brand',
        params: ZIdParams,
        response: { 200: ZBrand, ...errorResponses },
      },
    },
    (request) => getBrand(ctx(request), request.params.id),
  );

  r.patch(
    '/api/brands/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Change a brand (or archive it with archived: true)',
        params: ZIdParams,
        body: ZBrandUpdate,
        response: { 200: ZBrand, ...errorResponses },
      },
    },
    (request) => updateBrand(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/brands/:id',
    {
      config: { permission: 'model:write' },
      schema: {
        tags,
        summary: 'Delete a brand; its journeys keep going without a brand',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteBrand(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
