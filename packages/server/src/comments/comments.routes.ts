import {
  ZCommentAnalysisStatus,
  ZCommentListQuery,
  ZCommentPage,
  ZCommentSettings,
  ZIdParams,
  ZTheme,
  ZThemeCreate,
  ZThemeDiscover,
  ZThemeDiscoverResult,
  ZThemeList,
  ZThemeListQuery,
  ZThemeUpdate,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import {
  getCommentAnalysisStatus,
  getCommentSettings,
  listComments,
  startCommentAnalysis,
  updateCommentSettings,
} from './comments.service.js';
import {
  createTheme,
  deleteTheme,
  discoverOrganizationThemes,
  getTheme,
  listThemesWithStats,
  updateTheme,
} from './themes.service.js';

/** The comment explorer, the analysis of stored comments and the masking setting. */
export function registerCommentRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['comments'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/comments',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Search and filter comments, newest first',
        querystring: ZCommentListQuery,
        response: { 200: ZCommentPage, ...errorResponses },
      },
    },
    (request) => listComments(ctx(request), request.query),
  );

  r.get(
    '/api/comments/analysis',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Progress of the analysis of stored comments',
        response: { 200: ZCommentAnalysisStatus, ...errorResponses },
      },
    },
    (request) => getCommentAnalysisStatus(ctx(request)),
  );

  r.post(
    '/api/comments/analysis',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: 'Analyse every stored comment again (a background job)',
        response: { 202: ZCommentAnalysisStatus, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await startCommentAnalysis(ctx(request))),
  );

  r.get(
    '/api/comments/settings',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Whether stored comments are masked',
        response: { 200: ZCommentSettings, ...errorResponses },
      },
    },
    (request) => getCommentSettings(ctx(request)),
  );

  r.put(
    '/api/comments/settings',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: 'Mask e-mail addresses and phone numbers in stored comments (or stop)',
        body: ZCommentSettings,
        response: { 200: ZCommentSettings, ...errorResponses },
      },
    },
    (request) => updateCommentSettings(ctx(request), request.body),
  );
}

/** Themes with their statistics, user themes and discovery. */
export function registerThemeRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['themes'];
  const ctx = (request: FastifyRequest) => contextOf(services, request);

  r.get(
    '/api/themes',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Themes with volume, share, sentiment, NPS impact, trend and emergence',
        querystring: ZThemeListQuery,
        response: { 200: ZThemeList, ...errorResponses },
      },
    },
    (request) => listThemesWithStats(ctx(request), request.query),
  );

  r.post(
    '/api/themes',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: 'Create a theme; themes are applied again to past comments',
        body: ZThemeCreate,
        response: { 201: ZTheme, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createTheme(ctx(request), request.body)),
  );

  r.post(
    '/api/themes/discover',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: "Discover themes in the organization's comments and store them",
        body: ZThemeDiscover,
        response: { 200: ZThemeDiscoverResult, ...errorResponses },
      },
    },
    (request) => discoverOrganizationThemes(ctx(request), request.body.max),
  );

  r.get(
    '/api/themes/:id',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Read a theme',
        params: ZIdParams,
        response: { 200: ZTheme, ...errorResponses },
      },
    },
    (request) => getTheme(ctx(request), request.params.id),
  );

  r.patch(
    '/api/themes/:id',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: 'Change a theme (it becomes a user theme); themes are applied again',
        params: ZIdParams,
        body: ZThemeUpdate,
        response: { 200: ZTheme, ...errorResponses },
      },
    },
    (request) => updateTheme(ctx(request), request.params.id, request.body),
  );

  r.delete(
    '/api/themes/:id',
    {
      config: { permission: 'analytics:admin' },
      schema: {
        tags,
        summary: 'Delete a theme',
        params: ZIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTheme(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
