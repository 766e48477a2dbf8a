import type { FastifyInstance } from 'fastify';

/** The public API prefix: respondent pages and the widget on customers' sites call it. */
const PUBLIC_PREFIX = '/api/public/';

/**
 * CORS for the public respondent API only, so the widget works on a customer's site. Any origin
 * may call it, without credentials: these routes take no cookies and need no sign-in, so a
 * cross-origin caller can do nothing it could not do from its own server. Every other route keeps
 * the same-origin default.
 */
export function installPublicCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(PUBLIC_PREFIX)) return;
    void reply.header('access-control-allow-origin', '*');
    void reply.header('cross-origin-resource-policy', 'cross-origin');
  });
  app.options(
    `${PUBLIC_PREFIX}*`,
    { config: { public: true }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST, PUT')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send(),
  );
}
