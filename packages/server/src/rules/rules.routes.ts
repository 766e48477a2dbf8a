import {
  ZIdParams,
  ZResponseTags,
  ZRule,
  ZRuleCreate,
  ZRuleDryRun,
  ZRuleDryRunResult,
  ZRuleList,
  ZRuleListQuery,
  ZRuleQuestionList,
  ZRuleRunList,
  ZRuleUpdate,
} from '@touchstone/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { dryRunRule } from './rule-dry-run.js';
import { listRuleQuestions } from './rule-questions.js';
import {
  createRule,
  deleteRule,
  getResponseTags,
  getRule,
  listRuleRuns,
  listRules,
  updateRule,
} from './rules.service.js';

const tags = ['rules'];

/** Rules, their runs, the dry run, and the tags rules put on responses. */
export function registerRuleRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/rules',
    {
      config: { permission: 'rules:read' },
      schema: {
        tags,
        summary: 'Rules, newest first',
        querystring: ZRuleListQuery,
        response: { 200: ZRuleList, ...errorResponses },
      },
    },
    (request) => listRules(contextOf(services, request), request.query),
  );
  r.post(
    '/api/rules',
    {
      config: { permission: 'rules:write' },
      schema: {
        tags,
        summary: 'Creates a rule; unknown questions, themes, teams ... are a 422 naming them',
        body: ZRuleCreate,
        response: { 201: ZRule, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRule(contextOf(services, request), request.body)),
  );
  r.post(
    '/api/rules/dry-run',
    {
      config: { permission: 'rules:read' },
      schema: {
        tags,
        summary: 'What a rule (not stored) would have matched over the last N days',
        body: ZRuleDryRun,
        response: { 200: ZRuleDryRunResult, ...errorResponses },
      },
    },
    (request) => dryRunRule(contextOf(services, request), request.body),
  );
  r.get(
    '/api/rules/questions',
    {
      config: { permission: 'rules:read' },
      schema: {
        tags,
        summary: 'The question keys rules may test, with their texts and options',
        response: { 200: ZRuleQuestionList, ...errorResponses },
      },
    },
    (request) => listRuleQuestions(contextOf(services, request)),
  );
  r.get(
    '/api/rules/:id',
    {
      config: { permission: 'rules:read' },
      schema: {
        tags,
        summary: 'One rule',
        params: ZIdParams,
        response: { 200: ZRule, ...errorResponses },
      },
    },
    (request) => getRule(contextOf(services, request), request.params.id),
  );
  r.patch(
    '/api/rules/:id',
    {
      config: { permission: 'rules:write' },
      schema: {
        tags,
        summary: 'Changes a rule or switches it on (from now) or off',
        params: ZIdParams,
        body: ZRuleUpdate,
        response: { 200: ZRule, ...errorResponses },
      },
    },
    (request) => updateRule(contextOf(services, request), request.params.id, request.body),
  );
  r.delete(
    '/api/rules/:id',
    {
      config: { permission: 'rules:write' },
      schema: {
        tags,
        summary: 'Deletes a rule with its runs',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteRule(contextOf(services, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/rules/:id/runs',
    {
      config: { permission: 'rules:read' },
      schema: {
        tags,
        summary: "The rule's matches, newest first, with what each action did",
        params: ZIdParams,
        querystring: ZRuleListQuery,
        response: { 200: ZRuleRunList, ...errorResponses },
      },
    },
    (request) => listRuleRuns(contextOf(services, request), request.params.id, request.query),
  );
  r.get(
    '/api/responses/:id/tags',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'The tags rules put on a response',
        params: ZIdParams,
        response: { 200: ZResponseTags, ...errorResponses },
      },
    },
    (request) => getResponseTags(contextOf(services, request), request.params.id),
  );
}
