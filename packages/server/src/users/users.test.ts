import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';

describeEachDatabase('users', (env) => {
  it('adds a member who can then sign in, changes the role, and removes them', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'Ana@Example.com', name: 'Ana', role: 'agent', password: 'ana-password-1' },
    });
    expect(created.statusCode).toBe(201);
    const ana = created.json<{ id: string; email: string; role: string }>();
    expect(ana).toMatchObject({ email: 'ana@example.com', role: 'agent' });

    const signIn = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'ana@example.com', password: 'ana-password-1' },
    });
    expect(signIn.json()).toMatchObject({ role: 'agent', organization: { id: env().orgA.id } });

    const promoted = await env().as('admin', {
      method: 'PATCH',
      url: `/api/users/${ana.id}`,
      payload: { role: 'analyst' },
    });
    expect(promoted.json()).toMatchObject({ role: 'analyst' });

    const list = await env().as('owner', { method: 'GET', url: '/api/users?role=analyst' });
    expect(list.json<{ items: { email: string }[] }>().items.map((u) => u.email)).toEqual([
      'ana@example.com',
    ]);

    const removed = await env().as('admin', { method: 'DELETE', url: `/api/users/${ana.id}` });
    expect(removed.statusCode).toBe(204);
    const gone = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'ana@example.com', password: 'ana-password-1' },
    });
    expect(gone.statusCode).toBe(403);
  });

  it('keeps admins from granting owner and protects the last owner', async () => {
    const grant = await env().as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'boss@example.com',
        name: 'Boss',
        role: 'owner',
        password: 'boss-password-1',
      },
    });
    expect(grant.statusCode).toBe(403);
    expect(grant.json()).toMatchObject({ error: { details: [{ field: 'body.role' }] } });

    const demote = await env().as('owner', {
      method: 'PATCH',
      url: `/api/users/${env().orgA.ownerUserId}`,
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(409);

    const password = await env().as('owner', {
      method: 'PATCH',
      url: `/api/users/${env().orgA.ownerUserId}`,
      payload: { password: 'a-new-password' },
    });
    expect(password.statusCode).toBe(403);
  });

  it('rejects a duplicate member, a short password and a bad email, naming the field', async () => {
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: env().orgA.ownerEmail,
        name: 'Again',
        role: 'viewer',
        password: 'long-enough-1',
      },
    });
    expect(dup.statusCode).toBe(409);
    const short = await env().as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'x@example.com', name: 'X', role: 'viewer', password: 'short' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ error: { details: [{ field: 'body.password' }] } });
    const email = await env().as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'not-an-email', name: 'X', role: 'viewer', password: 'long-enough-1' },
    });
    expect(email.json()).toMatchObject({ error: { details: [{ field: 'body.email' }] } });
  });
});
