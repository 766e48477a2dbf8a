/** Internal targets refused: at creation, on a change of URL, by redirect and at connect time. */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { describeWebhooks } from '../../test/support/webhooks-fixture.js';

describeWebhooks('webhook private targets', (fixture) => {
  it('refuses internal targets other than loopback, by address, redirect and DNS', async () => {
    const { env, receiver, worker, workerWith, subscribe, submit, deliveries, remove } = fixture();
    for (const url of [
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:192.168.1.1]/hook',
      'https://[fd00::1]/hook',
      'http://0.0.0.0:8080/',
    ]) {
      const res = await env.as('admin', {
        method: 'POST',
        url: '/api/webhooks',
        payload: { url, eventTypes: ['*'] },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toMatchObject({ error: { details: [{ field: 'body.url' }] } });
    }

    receiver.on('/redirect', { statuses: [302], location: 'http://169.254.169.254/' });
    const redirected = await subscribe('/redirect');
    await submit(5);
    await worker.drain();
    const [hop] = await deliveries(redirected.id);
    expect(hop).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(hop?.lastError).toBe('redirect to http://169.254.169.254/ not followed');
    await remove(redirected.id);

    // The name passed the check at creation; at connect time it resolves to a private address.
    const port = new URL(receiver.origin).port;
    const created = await env.as('admin', {
      method: 'POST',
      url: '/api/webhooks',
      payload: { url: `http://localhost:${port}/rebound`, eventTypes: ['response.completed'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rebound = created.json<{ id: string }>();
    const rebinding = workerWith({
      resolve: () => Promise.resolve([{ address: '10.20.30.40', family: 4 }]),
    });
    await submit(4);
    await rebinding.drain();
    const [refused] = await deliveries(rebound.id);
    expect(refused?.lastError).toBe(
      'localhost resolves to 10.20.30.40 is a private address; webhooks may not reach it (WEBHOOK_ALLOW_PRIVATE_TARGETS)',
    );
    expect(receiver.at('/rebound')).toHaveLength(0);
    await remove(rebound.id);

    // A worker that allows no internal address refuses the loopback receiver at connect time.
    const strict = await subscribe('/strict');
    const strictWorker = workerWith({
      config: { webhookAllowPrivateTargets: 'none', webhookTimeoutMs: 400 },
    });
    await submit(6);
    await strictWorker.drain();
    const [loopback] = await deliveries(strict.id);
    expect(loopback).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(loopback?.lastError).toContain('127.0.0.1 is a loopback address');
    expect(receiver.at('/strict')).toHaveLength(0);
    await remove(strict.id);
  });
});

describeEachDatabase('webhooks with internal targets refused', (env) => {
  it('refuses loopback and private targets at creation with a 422 naming body.url', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://192.168.0.10/hook',
      'http://100.64.0.1/hook',
      'http://[fe80::1]/hook',
    ]) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/webhooks',
        payload: { url, eventTypes: ['*'] },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toMatchObject({
        error: { code: 'validation_failed', details: [{ field: 'body.url' }] },
      });
    }
    const list = await env().as('admin', { method: 'GET', url: '/api/webhooks' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('refuses a change of URL to an internal or non-http target', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/webhooks',
      payload: { url: 'https://203.0.113.7/hook', eventTypes: ['alert.raised'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    for (const url of ['http://127.0.0.1/hook', 'gopher://203.0.113.7/']) {
      const res = await env().as('admin', {
        method: 'PATCH',
        url: `/api/webhooks/${id}`,
        payload: { url },
      });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toMatchObject({ error: { details: [{ field: 'body.url' }] } });
    }
    const after = await env().as('admin', { method: 'GET', url: `/api/webhooks/${id}` });
    expect(after.json()).toMatchObject({ url: 'https://203.0.113.7/hook' });
  });
});
