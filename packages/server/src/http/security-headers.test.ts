import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installSecurityHeaders, securityHeaders } from './security-headers.js';

describe('security headers', () => {
  it("are helmet's headers for our policy, worked out once", () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("img-src 'self' data: https:");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('go on every answer, errors included, and a route may set its own policy', async () => {
    const app = Fastify({ logger: false });
    installSecurityHeaders(app);
    app.get('/json', () => ({ ok: true }));
    app.get('/page', (_request, reply) =>
      reply.header('content-security-policy', "default-src 'none'").send('page'),
    );
    const json = await app.inject({ method: 'GET', url: '/json' });
    expect(json.headers['x-content-type-options']).toBe('nosniff');
    expect(String(json.headers['content-security-policy'])).toContain("script-src 'self'");
    const missing = await app.inject({ method: 'GET', url: '/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    const page = await app.inject({ method: 'GET', url: '/page' });
    expect(page.headers['content-security-policy']).toBe("default-src 'none'");
    await app.close();
  });
});
