import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The Content-Security-Policy of API answers and the dashboard. */
const HELMET_DIRECTIVES = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  scriptSrc: ["'self'"],
  connectSrc: ["'self'"],
};
const HELMET_OPTIONS: HelmetOptions = { contentSecurityPolicy: { directives: HELMET_DIRECTIVES } };

/**
 * Helmet's headers for these options, worked out once: they are the same on every answer, and
 * building them per request (as the Fastify plugin does) took about 8% of the server's time
 * under a submission load.
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error !== undefined) throw new Error('helmet refused its options', { cause: error });
      done = true;
    },
  );
  // Helmet calls back synchronously for static options; anything else would be a new helmet.
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

/**
 * The same policy for an origin served over plain HTTP: without `upgrade-insecure-requests`,
 * which would send the page's own form posts and requests to an https:// origin that does not
 * exist (browsers exempt only localhost), and without HSTS, which plain HTTP cannot carry.
 */
const PLAIN_HTTP_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { ...HELMET_DIRECTIVES, upgradeInsecureRequests: null },
  },
  strictTransportSecurity: false,
};

/**
 * Sets the security headers on every answer, fitted to the origin it is served on: the HTTPS set
 * when the request came over HTTPS (directly or through a trusted proxy) or the configured public
 * address is https, else the plain-HTTP set. A route may still replace one (its own CSP).
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  publicBaseUrl: string | null = null,
): void {
  const secure = securityHeaders();
  const plain = securityHeaders(PLAIN_HTTP_OPTIONS);
  const declaredSecure = publicBaseUrl?.startsWith('https:') === true;
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(declaredSecure || request.protocol === 'https' ? secure : plain);
    done();
  });
}
