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

  it('fit the origin: plain HTTP gets no upgrade-insecure-requests and no HSTS', async () => {
    const plainApp = Fastify({ logger: false });
    installSecurityHeaders(plainApp, 'http://cx.example.internal:3000');
    plainApp.get('/page', () => 'page');
    const plain = await plainApp.inject({ method: 'GET', url: '/page' });
    expect(String(plain.headers['content-security-policy'])).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(String(plain.headers['content-security-policy'])).toContain("form-action 'self'");
    expect(plain.headers).not.toHaveProperty('strict-transport-security');
    await plainApp.close();

    const secureApp = Fastify({ logger: false });
    installSecurityHeaders(secureApp, 'https://cx.example.com');
    secureApp.get('/page', () => 'page');
    const secure = await secureApp.inject({ method: 'GET', url: '/page' });
    expect(String(secure.headers['content-security-policy'])).toContain(
      'upgrade-insecure-requests',
    );
    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=/);
    await secureApp.close();
  });
});
