import {
  AppError,
  ZIdParams,
  ZImportActions,
  ZImportResult,
  type TImportFormat,
} from '@touchstone/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import { limitBytes, type TImportSource } from '../imports/import-source.js';
import { parseImportId } from '../imports/import-tracking.js';
import { ZImportIdHeaders } from '../imports/imports.schema.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { parseColumnMapping } from './column-mapping.js';
import { exportResponses } from './response-export.js';
import { importResponses } from './response-import.js';

const MEDIA_TYPES: Record<string, TImportFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
};

const ZExportQuery = z.object({ format: z.enum(['csv', 'ndjson']).default('csv') });
const ZImportQuery = z.object({
  /** JSON object: file column -> question id, question.item, hidden.<key>, submittedAt, ... */
  mapping: z.string().max(100_000).optional(),
  actions: ZImportActions.optional().describe(
    "run: the imported responses take rules' actions (open cases, notify), paced so that " +
      'live submissions keep their latency; skip (the default): imported history takes none. ' +
      'Analytics, comment analysis and the responses.imported webhook come either way.',
  ),
});

function isStream(body: unknown): body is TImportSource {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/** The column mapping from the query (`mapping`) or the `x-column-mapping` header. */
function columnMapping(request: FastifyRequest, fromQuery: string | undefined) {
  const header = request.headers['x-column-mapping'];
  const [text, field] =
    fromQuery !== undefined
      ? [fromQuery, 'query.mapping']
      : typeof header === 'string'
        ? [header, 'headers.x-column-mapping']
        : [undefined, 'query.mapping'];
  if (text === undefined) return { columns: {}, field };
  return { columns: parseColumnMapping(text, field), field };
}

/** The body as a byte stream and its format, or a 413/415. */
function importBody(request: FastifyRequest, limit: number) {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const format = mediaType === undefined ? undefined : MEDIA_TYPES[mediaType];
  if (format === undefined || !isStream(request.body)) {
    throw new AppError('unsupported_media_type', 'send text/csv or application/x-ndjson', [
      { field: 'headers.content-type', message: 'text/csv or application/x-ndjson' },
    ]);
  }
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    throw new AppError('payload_too_large', `the import is larger than ${limit} bytes`);
  }
  return { format, source: limitBytes(request.body, limit) };
}

/** Export (streamed CSV or NDJSON) and import (streamed CSV or NDJSON) of a survey's responses. */
export function registerResponseTransferRoutes(app: FastifyInstance, services: TRouteDeps): void {
  const { config } = services;
  const tags = ['responses'];
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/surveys/:id/responses/export',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          'Export a survey’s responses as CSV (a column per question and matrix item) or NDJSON, streamed',
        params: ZIdParams,
        querystring: ZExportQuery,
        produces: ['text/csv', 'application/x-ndjson'],
        response: { 200: z.unknown().describe('CSV or NDJSON, streamed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { stream, filename, contentType } = await exportResponses(
        contextOf(services, request),
        request.params.id,
        request.query.format,
      );
      return reply
        .header('content-type', contentType)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(stream);
    },
  );

  void app.register((scope, _options, done) => {
    // CSV and NDJSON are handed over unread, so a large file streams through the importer.
    scope.addContentTypeParser(Object.keys(MEDIA_TYPES), (_request, payload, parsed) => {
      parsed(null, payload);
    });
    const limit = config.importBodyLimit;
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/surveys/:id/responses/import',
      {
        config: { permission: 'responses:write' },
        bodyLimit: limit,
        schema: {
          tags,
          summary:
            'Import responses from CSV or NDJSON (column mapping in ?mapping= or x-column-mapping); invalid rows are reported, valid rows stored',
          consumes: Object.keys(MEDIA_TYPES),
          params: ZIdParams,
          querystring: ZImportQuery,
          headers: ZImportIdHeaders,
          response: { 200: ZImportResult, ...errorResponses },
        },
      },
      (request) => {
        const importId = parseImportId(request.headers['import-id']);
        return importResponses(contextOf(services, request), request.params.id, () => ({
          ...importBody(request, limit),
          mapping: columnMapping(request, request.query.mapping),
          importId,
          ...(request.query.actions !== undefined && { actions: request.query.actions }),
        }));
      },
    );
    done();
  });
}
