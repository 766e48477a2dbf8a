import {
  AppError,
  ZIdParams,
  ZImport,
  ZImportListQuery,
  ZImportResult,
  page,
  type TImportFormat,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { limitBytes, type TImportSource } from './import-source.js';
import { getImport, listImports } from './import-resources.service.js';
import { parseImportId } from './import-tracking.js';
import { ZImportIdHeaders } from './imports.schema.js';
import { importCustomers, importInteractions } from './imports.service.js';

const MEDIA_TYPES: Record<string, TImportFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
};

function isStream(body: unknown): body is TImportSource {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/** The body of an import request as a byte stream and its format, or a 413/415. */
function importBody(request: FastifyRequest, limit: number) {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const format = mediaType === undefined ? undefined : MEDIA_TYPES[mediaType];
  if (format === undefined || !isStream(request.body)) {
    throw new AppError('unsupported_media_type', 'send text/csv or application/x-ndjson', [
      { field: 'headers.content-type', message: 'text/csv or application/x-ndjson' },
    ]);
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    throw new AppError('payload_too_large', `the import is larger than ${limit} bytes`);
  }
  return { format, source: limitBytes(request.body, limit) };
}

/** Bulk imports: the body is streamed through the importer, never buffered whole. */
export function registerImportRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { config } = services;
  void app.register((scope, _options, done) => {
    // Every body is handed over unread; the handler answers 415 for anything but CSV and
    // NDJSON, after the auth hook, so that an unauthenticated caller gets 401 whatever it sends.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, parsed) => {
      parsed(null, payload);
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const limit = config.importBodyLimit;
    const schema = (summary: string) => ({
      tags: ['import'],
      summary,
      consumes: Object.keys(MEDIA_TYPES),
      // Documents the request body; any value passes, the handler reads the stream itself.
      headers: ZImportIdHeaders,
      body: z.any().describe('the file: CSV with a header row, or one JSON object per line'),
      response: { 200: ZImportResult, ...errorResponses },
    });

    r.post(
      '/api/import/customers',
      {
        config: { permission: 'import:run' },
        bodyLimit: limit,
        schema: schema('Import customers from CSV or NDJSON (upsert by external id)'),
      },
      (request) => {
        const importId = parseImportId(request.headers['import-id']);
        const { format, source } = importBody(request, limit);
        return importCustomers(contextOf(services, request), source, format, undefined, {
          importId,
        });
      },
    );

    r.post(
      '/api/import/interactions',
      {
        config: { permission: 'import:run' },
        bodyLimit: limit,
        schema: schema('Import interactions from CSV or NDJSON (upsert by external id when given)'),
      },
      (request) => {
        const importId = parseImportId(request.headers['import-id']);
        const { format, source } = importBody(request, limit);
        return importInteractions(contextOf(services, request), source, format, undefined, {
          importId,
        });
      },
    );
    done();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/imports',
    {
      config: { permission: 'import:run' },
      schema: {
        tags: ['import'],
        summary: 'Imports of customers, interactions and responses, with their status and counts',
        querystring: ZImportListQuery,
        response: { 200: page(ZImport), ...errorResponses },
      },
    },
    (request) => listImports(contextOf(services, request), request.query),
  );
  r.get(
    '/api/imports/:id',
    {
      config: { permission: 'import:run' },
      schema: {
        tags: ['import'],
        summary: 'One import: its status, what it stored, the first rows it refused and why',
        params: ZIdParams,
        response: { 200: ZImport, ...errorResponses },
      },
    },
    (request) => getImport(contextOf(services, request), request.params.id),
  );
}
