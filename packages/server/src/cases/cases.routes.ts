import {
  ZCaseActivity,
  ZCaseCode,
  ZCaseCodeCreate,
  ZCaseCodeList,
  ZCaseCodeListQuery,
  ZCaseCodeUpdate,
  ZCaseCreate,
  ZCaseDetail,
  ZCaseList,
  ZCaseListQuery,
  ZCaseNoteCreate,
  ZCaseSlaPolicies,
  ZCaseUpdate,
  ZIdParams,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  createCaseCode,
  deleteCaseCode,
  getSlaPolicies,
  listCaseCodes,
  putSlaPolicies,
  updateCaseCode,
} from './case-settings.service.js';
import { updateCase, versionFromIfMatch } from './case-update.service.js';
import { addCaseNote, createCase, getCaseDetail, listCases } from './cases.service.js';

/** Cases (`/api/cases`), their code taxonomy and their SLA policies. */
export function registerCaseRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  r.get(
    '/api/cases',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: "Cases, newest first (agents see their teams' cases only)",
        querystring: ZCaseListQuery,
        response: { 200: ZCaseList, ...errorResponses },
      },
    },
    (request) => listCases(contextOf(services, request), request.query),
  );
  r.post(
    '/api/cases',
    {
      config: { permission: 'cases:write' },
      schema: {
        tags,
        summary: "Opens a case by hand (team by default the touchpoint's owner)",
        body: ZCaseCreate,
        response: { 201: ZCaseDetail, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCase(contextOf(services, request), request.body)),
  );
  r.get(
    '/api/cases/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'One case with its timeline, its links and the statuses it may move to',
        params: ZIdParams,
        response: { 200: ZCaseDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const found = await getCaseDetail(contextOf(services, request), request.params.id);
      return reply.header('etag', `"${found.version}"`).send(found);
    },
  );
  r.patch(
    '/api/cases/:id',
    {
      config: { permission: 'cases:write' },
      schema: {
        tags,
        summary:
          'Changes status, priority, team, assignee or codes (409 on an illegal move or a stale version)',
        params: ZIdParams,
        headers: z.object({ 'if-match': z.string().max(100).optional() }),
        body: ZCaseUpdate,
        response: { 200: ZCaseDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const updated = await updateCase(
        contextOf(services, request),
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(updated);
    },
  );
  r.post(
    '/api/cases/:id/notes',
    {
      config: { permission: 'cases:write' },
      schema: {
        tags,
        summary: "Adds a note to a case's timeline",
        params: ZIdParams,
        body: ZCaseNoteCreate,
        response: { 201: ZCaseActivity, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addCaseNote(contextOf(services, request), request.params.id, request.body)),
  );

  r.get(
    '/api/case-codes',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'The root-cause and resolution codes',
        querystring: ZCaseCodeListQuery,
        response: { 200: ZCaseCodeList, ...errorResponses },
      },
    },
    (request) => listCaseCodes(contextOf(services, request), request.query),
  );
  r.post(
    '/api/case-codes',
    {
      config: { permission: 'cases:admin' },
      schema: {
        tags,
        summary: 'Adds a root-cause or resolution code',
        body: ZCaseCodeCreate,
        response: { 201: ZCaseCode, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCaseCode(contextOf(services, request), request.body)),
  );
  r.patch(
    '/api/case-codes/:id',
    {
      config: { permission: 'cases:admin' },
      schema: {
        tags,
        summary: 'Renames or archives a code',
        params: ZIdParams,
        body: ZCaseCodeUpdate,
        response: { 200: ZCaseCode, ...errorResponses },
      },
    },
    (request) => updateCaseCode(contextOf(services, request), request.params.id, request.body),
  );
  r.delete(
    '/api/case-codes/:id',
    {
      config: { permission: 'cases:admin' },
      schema: {
        tags,
        summary: 'Deletes a code no case carries (409 otherwise: archive it)',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCaseCode(contextOf(services, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/case-sla-policies',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'The SLA targets of each priority, in minutes',
        response: { 200: ZCaseSlaPolicies, ...errorResponses },
      },
    },
    (request) => getSlaPolicies(contextOf(services, request)),
  );
  r.put(
    '/api/case-sla-policies',
    {
      config: { permission: 'cases:admin' },
      schema: {
        tags,
        summary: 'Sets the SLA targets of the priorities named (cases opened from now on)',
        body: ZCaseSlaPolicies,
        response: { 200: ZCaseSlaPolicies, ...errorResponses },
      },
    },
    (request) => putSlaPolicies(contextOf(services, request), request.body),
  );
}
