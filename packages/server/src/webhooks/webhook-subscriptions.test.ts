/** Webhook subscriptions through the API: created, listed, changed, rotated, audited, refused. */
import { expect, it } from 'vitest';
import { describeWebhooks } from '../../test/support/webhooks-fixture.js';

describeWebhooks('webhook subscriptions', (fixture) => {
  it('creates a subscription with its secret shown once, lists, changes, rotates, audits', async () => {
    const { env, receiver, remove } = fixture();
    const created = await env.as('owner', {
      method: 'POST',
      url: '/api/webhooks',
      payload: {
        url: `${receiver.origin}/crud`,
        description: 'CRM sync',
        eventTypes: ['response.completed', 'alert.raised'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json<{ id: string; secret: string; enabled: boolean }>();
    expect(hook.enabled).toBe(true);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(hook.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const list = await env.as('admin', { method: 'GET', url: '/api/webhooks' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(hook.secret);
    expect(list.body).not.toContain('"secret"');
    const one = await env.as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
    expect(one.json()).toMatchObject({ description: 'CRM sync', url: `${receiver.origin}/crud` });
    expect(one.body).not.toContain('"secret"');

    const patched = await env.as('admin', {
      method: 'PATCH',
      url: `/api/webhooks/${hook.id}`,
      payload: { enabled: false, eventTypes: ['*'] },
    });
    expect(patched.json()).toMatchObject({ enabled: false, eventTypes: ['*'] });

    const rotated = await env.as('admin', {
      method: 'POST',
      url: `/api/webhooks/${hook.id}/rotate-secret`,
    });
    const newSecret = rotated.json<{ secret: string }>().secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(hook.secret);

    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      const denied = await env.as(role, { method: 'GET', url: '/api/webhooks' });
      expect(denied.statusCode).toBe(403);
    }

    await remove(hook.id);
    const audit = await env.as('admin', {
      method: 'GET',
      url: `/api/audit-log?entity=webhook&entityId=${hook.id}`,
    });
    const actions = audit.json<{ items: { action: string }[] }>().items.map((i) => i.action);
    expect(actions.sort()).toEqual(['create', 'delete', 'rotate-secret', 'update']);
  });

  it('refuses an ftp URL, an unknown event type and an empty event list, naming the field', async () => {
    const { env, receiver } = fixture();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://files.example.com/in', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'not a url', eventTypes: ['*'] }, 'body.url'],
      [{ url: `${receiver.origin}/x`, eventTypes: ['response.exploded'] }, 'body.eventTypes.0'],
      [{ url: `${receiver.origin}/x`, eventTypes: [] }, 'body.eventTypes'],
    ];
    for (const [payload, field] of cases) {
      const res = await env.as('admin', { method: 'POST', url: '/api/webhooks', payload });
      expect(res.statusCode, res.body).toBe(422);
      const details = res.json<{ error: { details: { field: string }[] } }>().error.details;
      expect(details.map((d) => d.field)).toContain(field);
    }
    const list = await env.as('admin', { method: 'GET', url: '/api/webhooks' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('keeps webhooks to their organization', async () => {
    const { env, subscribe, remove } = fixture();
    const hook = await subscribe('/tenancy');
    const b = env.orgB;
    const asB = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
      env.as('owner', { method, url, ...(payload && { payload }) }, b);
    expect((await asB('GET', `/api/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await asB('PATCH', `/api/webhooks/${hook.id}`, { enabled: false })).statusCode).toBe(
      404,
    );
    expect((await asB('POST', `/api/webhooks/${hook.id}/rotate-secret`)).statusCode).toBe(404);
    expect((await asB('POST', `/api/webhooks/${hook.id}/ping`)).statusCode).toBe(404);
    expect((await asB('GET', `/api/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
    expect((await asB('DELETE', `/api/webhooks/${hook.id}`)).statusCode).toBe(404);
    const listB = await asB('GET', '/api/webhooks');
    expect(listB.json<{ items: unknown[] }>().items).toHaveLength(0);
    const still = await env.as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
    expect(still.json()).toMatchObject({ enabled: true });
    await remove(hook.id);
  });
});
