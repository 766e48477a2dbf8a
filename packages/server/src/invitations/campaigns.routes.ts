import { ZIdParams, page } from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  ZCampaign,
  ZCampaignCreate,
  ZCampaignListQuery,
  ZCampaignSend,
  ZInvitation,
  ZInvitationListQuery,
  ZInvitationSettings,
} from './campaigns.schema.js';
import {
  createCampaign,
  getCampaign,
  getInvitationSettings,
  listCampaignInvitations,
  listCampaigns,
  sendCampaign,
  updateInvitationSettings,
} from './campaigns.service.js';
import { registerUnsubscribeRoutes } from './unsubscribe.routes.js';

/** E-mail campaigns and their invitations, the contact-frequency setting, and unsubscribe links. */
export function registerInvitationRoutes(app: FastifyInstance, deps: TRouteDeps): void {
  const { storage, config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];
  const ctx = (request: FastifyRequest) => contextOf(deps, request);

  r.get(
    '/api/campaigns',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: 'List e-mail campaigns',
        querystring: ZCampaignListQuery,
        response: { 200: page(ZCampaign), ...errorResponses },
      },
    },
    (request) => listCampaigns(ctx(request), request.query),
  );

  r.post(
    '/api/campaigns',
    {
      config: { permission: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Create an e-mail campaign (a draft until sent)',
        body: ZCampaignCreate,
        response: { 201: ZCampaign, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(ctx(request), config, request.body)),
  );

  r.get(
    '/api/campaigns/:id',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary:
          'Read a campaign with its counts (eligible, skipped by reason, sent, responded ...)',
        params: ZIdParams,
        response: { 200: ZCampaign, ...errorResponses },
      },
    },
    (request) => getCampaign(ctx(request), request.params.id),
  );

  r.post(
    '/api/campaigns/:id/send',
    {
      config: { permission: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Send a campaign now, or schedule it for scheduledAt',
        params: ZIdParams,
        body: ZCampaignSend,
        response: { 200: ZCampaign, ...errorResponses },
      },
    },
    (request) => sendCampaign(ctx(request), config, request.params.id, request.body),
  );

  r.get(
    '/api/campaigns/:id/invitations',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: "List a campaign's invitations",
        params: ZIdParams,
        querystring: ZInvitationListQuery,
        response: { 200: page(ZInvitation), ...errorResponses },
      },
    },
    (request) => listCampaignInvitations(ctx(request), request.params.id, request.query),
  );

  r.get(
    '/api/invitation-settings',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: "Read the organization's contact-frequency rule",
        response: { 200: ZInvitationSettings, ...errorResponses },
      },
    },
    (request) => getInvitationSettings(ctx(request), config),
  );

  r.put(
    '/api/invitation-settings',
    {
      config: { permission: 'campaigns:write' },
      schema: {
        tags,
        summary: "Change the organization's contact-frequency rule",
        body: ZInvitationSettings,
        response: { 200: ZInvitationSettings, ...errorResponses },
      },
    },
    (request) => updateInvitationSettings(ctx(request), request.body),
  );

  registerUnsubscribeRoutes(app, storage);
}
