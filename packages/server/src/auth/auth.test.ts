import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { TEST_PASSWORD, describeEachDatabase } from '../../test/harness.js';

function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'ts_session');
  if (!cookie) throw new Error('no session cookie');
  return `ts_session=${cookie.value}`;
}

describeEachDatabase('sessions and CSRF', (env) => {
  it('signs in with email and password and sets an http-only cookie', async () => {
    const res = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: env().orgA.ownerEmail.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(res.json()).toMatchObject({
      organization: { id: env().orgA.id },
      role: 'owner',
      user: { email: env().orgA.ownerEmail },
    });
    const session = await env().app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: sessionCookie(res) },
    });
    expect(session.json()).toMatchObject({ role: 'owner', csrfToken: expect.any(String) });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const payload of [
      { email: env().orgA.ownerEmail, password: 'not the password' },
      { email: 'nobody@example.com', password: TEST_PASSWORD },
    ]) {
      const res = await env().app.inject({ method: 'POST', url: '/api/auth/sign-in', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'unauthenticated', message: 'wrong email or password' },
      });
    }
  });

  it('requires the CSRF token on cookie-authenticated writes, not on reads', async () => {
    const signIn = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: env().orgA.ownerEmail, password: TEST_PASSWORD },
    });
    const cookie = sessionCookie(signIn);
    const csrf = signIn.json<{ csrfToken: string }>().csrfToken;
    const read = await env().app.inject({ method: 'GET', url: '/api/teams', headers: { cookie } });
    expect(read.statusCode).toBe(200);
    const forged = await env().app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { cookie },
      payload: { name: 'Forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const wrong = await env().app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
      payload: { name: 'Forged' },
    });
    expect(wrong.statusCode).toBe(403);
    const good = await env().app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'Made in a session' },
    });
    expect(good.statusCode).toBe(201);
    const list = await env().as('viewer', { method: 'GET', url: '/api/teams?q=Forged' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);

    const out = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await env().app.inject({ method: 'GET', url: '/api/teams', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses malformed and revoked API keys', async () => {
    const malformed = await env().app.inject({
      method: 'GET',
      url: '/api/teams',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'Short-lived', role: 'viewer' },
    });
    const key = created.json<{ id: string; secret: string; prefix: string }>();
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    const use = () =>
      env().app.inject({
        method: 'GET',
        url: '/api/teams',
        headers: { authorization: `Bearer ${key.secret}` },
      });
    expect((await use()).statusCode).toBe(200);
    await env().as('admin', { method: 'DELETE', url: `/api/api-keys/${key.id}` });
    const revoked = await use();
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const listed = await env().as('admin', { method: 'GET', url: `/api/api-keys/${key.id}` });
    expect(listed.json()).toMatchObject({ revokedAt: expect.any(String) });
    expect(listed.body).not.toContain(key.secret);
  });
});
