import { notFound, ZIdParams } from '@touchstone/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../http/error-responses.js';
import { contextOf } from '../http/route-context.js';
import type { TRouteDeps } from '../http/route-deps.js';
import { publicResponseOptions } from '../invitations/invitation-resolver.js';
import { installPublicCors } from './public-cors.js';
import { chooseEncoding, hashedName, readAsset, type TAssetName } from './respondent-assets.js';
import { respondentPageFor } from './respondent.service.js';
import { LINK_CHANNELS, publicOrigin } from './survey-link.js';
import { touchpointQrPng, touchpointQrSvg, type TQrRequest } from './touchpoint-qr.js';
import { registerWidgetRoutes } from './widgets.routes.js';

const ZQrQuery = z.object({
  /** Required; checked after the touchpoint so that another organization's touchpoint is a 404. */
  surveyId: z.uuid().optional(),
  channel: z.enum(LINK_CHANNELS).default('qr'),
  size: z.coerce.number().int().min(128).max(2048).default(512),
});

/**
 * Sends a built asset, compressed when the request accepts it. Under its plain name it may
 * change with the next build, so caches revalidate after five minutes (customers' pages load
 * `/widget.js` by that name); under its hashed name it never changes and is cached for a year.
 */
async function sendAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  name: TAssetName,
  immutable = false,
) {
  const asset = await readAsset(name);
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  const etag = encoding === null ? asset.etag : `"${asset.hash}-${encoding}"`;
  void reply
    .header('content-type', asset.contentType)
    .header('etag', etag)
    .header('vary', 'accept-encoding')
    .header(
      'cache-control',
      immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    )
    // The widget script is loaded by customers' pages on other origins.
    .header('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  if (encoding === null) return reply.send(asset.body);
  return reply.header('content-encoding', encoding).send(asset.encoded[encoding]);
}

/** `respondent-<hash>.js` to `respondent.js` when the hash is the current build's. */
async function currentHashed(file: string): Promise<TAssetName | null> {
  for (const name of ['respondent.js', 'respondent.css'] as const) {
    const dot = name.lastIndexOf('.');
    const stem = `${name.slice(0, dot)}-`;
    if (!file.startsWith(stem) || !file.endsWith(name.slice(dot))) continue;
    const asset = await readAsset(name);
    return file === hashedName(name, asset.hash) ? name : null;
  }
  return null;
}

/**
 * What respondents reach: the survey page at /s/<slug>, its assets, the widget script, QR codes
 * of touchpoints, and the widget's configuration (with CORS on the public API).
 */
export function registerRespondentRoutes(app: FastifyInstance, deps: TRouteDeps): void {
  const { config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  installPublicCors(app);

  r.get(
    '/s/:slug',
    {
      schema: {
        hide: true,
        params: z.object({ slug: z.string().min(1).max(64) }),
        querystring: z
          .object({ touchpoint: z.string().max(100).optional(), t: z.string().max(200).optional() })
          .loose(),
      },
    },
    async (request, reply) => {
      const page = await respondentPageFor(
        deps,
        {
          slug: request.params.slug,
          touchpointKey: request.query.touchpoint,
          invitationToken: request.query.t,
        },
        publicResponseOptions(deps).resolveInvitation,
      );
      return reply
        .status(page.status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', page.csp)
        .header('cache-control', 'no-store')
        .send(page.html);
    },
  );
  for (const name of ['respondent.js', 'respondent.css'] as const) {
    app.get(`/assets/${name}`, { schema: { hide: true } }, (request, reply) =>
      sendAsset(request, reply, name),
    );
  }
  // The respondent page links the hashed names; an old hash (an earlier build) is gone.
  app.get(
    '/assets/:file',
    { schema: { hide: true, params: z.object({ file: z.string().max(100) }) } },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      const name = await currentHashed(file);
      if (name === null) throw notFound('asset', file);
      return sendAsset(request, reply, name, true);
    },
  );
  app.get('/widget.js', { schema: { hide: true } }, (request, reply) =>
    sendAsset(request, reply, 'widget.js'),
  );

  const qrRequest = (
    request: FastifyRequest,
    id: string,
    query: z.infer<typeof ZQrQuery>,
  ): TQrRequest => ({
    touchpointId: id,
    surveyId: query.surveyId,
    channel: query.channel,
    size: query.size,
    origin: publicOrigin(config, request),
  });
  const qrSchema = (format: string) => ({
    tags: ['touchpoints'],
    summary: `QR code (${format}) of the survey link at a touchpoint: <origin>/s/<slug>?touchpoint=<key>&channel=qr`,
    params: ZIdParams,
    querystring: ZQrQuery,
    response: errorResponses,
  });
  r.get(
    '/api/touchpoints/:id/qr.png',
    { config: { permission: 'model:read' }, schema: qrSchema('PNG') },
    async (request, reply) => {
      const png = await touchpointQrPng(
        contextOf(deps, request),
        qrRequest(request, request.params.id, request.query),
      );
      // The image is sent as it is: the schema documents only the error answers (JSON).
      return (reply as FastifyReply)
        .header('content-type', 'image/png')
        .header('cache-control', 'private, max-age=300')
        .send(png);
    },
  );
  r.get(
    '/api/touchpoints/:id/qr.svg',
    { config: { permission: 'model:read' }, schema: qrSchema('SVG') },
    async (request, reply) => {
      const svg = await touchpointQrSvg(
        contextOf(deps, request),
        qrRequest(request, request.params.id, request.query),
      );
      return (reply as FastifyReply)
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(svg);
    },
  );

  registerWidgetRoutes(app, deps);
}
