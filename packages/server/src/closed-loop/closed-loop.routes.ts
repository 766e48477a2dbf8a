import {
  ZCaseClosedLoop,
  ZCaseMessage,
  ZCaseMessageCreate,
  ZClosedLoopReport,
  ZClosedLoopReportQuery,
  ZClosedLoopSettings,
  ZCustomerTimeline,
  ZCustomerTimelineQuery,
  ZFollowUp,
  ZFollowUpCreate,
  ZIdParams,
  ZMyWork,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { closedLoopReport } from './closed-loop-report.js';
import {
  getCaseClosedLoop,
  getClosedLoopSettings,
  sendCaseFollowUp,
  sendCaseMessage,
  updateClosedLoopSettings,
} from './closed-loop.service.js';
import { customerTimeline } from './customer-timeline.js';
import { myWork } from './my-work.js';

const tags = ['closed loop'];

/** Contacting a case's customer, follow-up surveys, the report, the customer timeline, my work. */
export function registerClosedLoopRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/cases/:id/messages',
    {
      config: { permission: 'cases:write' },
      schema: {
        tags,
        summary:
          "E-mails the case's customer in the brand's style (queued; on the timeline at once); 422 when they may not be e-mailed",
        params: ZIdParams,
        body: ZCaseMessageCreate,
        response: { 201: ZCaseMessage, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await sendCaseMessage(contextOf(services, request), request.params.id, request.body)),
  );
  r.post(
    '/api/cases/:id/follow-up',
    {
      config: { permission: 'cases:write' },
      schema: {
        tags,
        summary: 'Sends the customer of a resolved case a follow-up survey (409 before resolution)',
        params: ZIdParams,
        body: ZFollowUpCreate,
        response: { 201: ZFollowUp, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await sendCaseFollowUp(contextOf(services, request), request.params.id, request.body),
        ),
  );
  r.get(
    '/api/cases/:id/closed-loop',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: "The case's e-mails to the customer and its follow-ups with their outcome",
        params: ZIdParams,
        response: { 200: ZCaseClosedLoop, ...errorResponses },
      },
    },
    (request) => getCaseClosedLoop(contextOf(services, request), request.params.id),
  );
  r.get(
    '/api/closed-loop/settings',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: "The organization's default follow-up survey",
        response: { 200: ZClosedLoopSettings, ...errorResponses },
      },
    },
    (request) => getClosedLoopSettings(contextOf(services, request)),
  );
  r.put(
    '/api/closed-loop/settings',
    {
      config: { permission: 'cases:admin' },
      schema: {
        tags,
        summary: 'Sets the default follow-up survey',
        body: ZClosedLoopSettings,
        response: { 200: ZClosedLoopSettings, ...errorResponses },
      },
    },
    (request) => updateClosedLoopSettings(contextOf(services, request), request.body),
  );
  r.get(
    '/api/reports/closed-loop',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'Recovery and follow-up response rates with intervals, response and resolution times, SLA compliance, breakdowns',
        querystring: ZClosedLoopReportQuery,
        response: { 200: ZClosedLoopReport, ...errorResponses },
      },
    },
    (request) => closedLoopReport(contextOf(services, request), request.query),
  );
  r.get(
    '/api/customers/:id/timeline',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          "The customer's responses, interactions, cases, case activity and follow-ups, newest first",
        params: ZIdParams,
        querystring: ZCustomerTimelineQuery,
        response: { 200: ZCustomerTimeline, ...errorResponses },
      },
    },
    (request) => customerTimeline(contextOf(services, request), request.params.id, request.query),
  );
  r.get(
    '/api/me/work',
    {
      config: { permission: 'organization:read' },
      schema: {
        tags,
        summary: 'Where my work is: my teams, the touchpoints they own, their open cases',
        response: { 200: ZMyWork, ...errorResponses },
      },
    },
    (request) => myWork(contextOf(services, request)),
  );
}
