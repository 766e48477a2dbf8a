import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import { npsOnlyDefinition } from '../../test/support/survey-fixtures.js';
import {
  startWebhookReceiver,
  type TReceivedWebhook,
  type TWebhookReceiver,
} from '../../test/support/webhook-receiver.js';
import { findEventsAfter } from '../events/events.repository.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { JobWorker } from '../jobs/job-worker.js';
import { registerWebhookJobs } from './webhook-jobs.js';
import { webhookEventSubscriber } from './webhook-events.js';
import { createWebhookAgents, type TWebhookAgents } from './webhook-sender.js';

interface TDeliveryView {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  attemptLog: { attempt: number; at: string; statusCode: number | null; error: string | null }[];
}

const MINUTE = 60_000;

/** Verifies a Standard Webhooks signature by hand, independently of the code under test. */
function signatureMatches(secret: string, received: TReceivedWebhook): boolean {
  const id = String(received.headers['webhook-id']);
  const timestamp = String(received.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${received.body}`)
    .digest('base64');
  return String(received.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describeEachDatabase(
  'webhooks',
  (env) => {
    let receiver: TWebhookReceiver;
    let surveyId: string;
    /** How far the workers' clock runs ahead of real time (retries are due minutes later). */
    let offset = 0;
    let worker: JobWorker;
    /** Pooled connections, as the server's worker uses them. */
    let agents: TWebhookAgents;

    function workerWith(deps: Partial<Parameters<typeof registerWebhookJobs>[1]> = {}) {
      const registry = new JobRegistry();
      registerWebhookJobs(registry, { config: env().services.config, agents, ...deps });
      return new JobWorker(env().storage, registry, { now: () => new Date(Date.now() + offset) });
    }

    beforeAll(async () => {
      agents = createWebhookAgents();
      receiver = await startWebhookReceiver();
      surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
      worker = workerWith();
    });
    afterAll(async () => {
      agents.destroy();
      await receiver.close();
    });

    async function subscribe(
      path: string,
      body: Record<string, unknown> = {},
      e: TTestEnv = env(),
    ): Promise<{ id: string; secret: string }> {
      const res = await e.as('admin', {
        method: 'POST',
        url: '/api/webhooks',
        payload: { url: `${receiver.origin}${path}`, eventTypes: ['response.completed'], ...body },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string; secret: string }>();
    }

    async function submit(nps: number): Promise<string> {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${surveyId}/responses`,
        payload: { answers: { nps } },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(await env().services.events.settle(['webhooks'], 30_000)).toBe(true);
      return res.json<{ id: string }>().id;
    }

    async function deliveries(webhookId: string, query = ''): Promise<TDeliveryView[]> {
      const res = await env().as('viewer', { method: 'GET', url: `/api/webhooks/${webhookId}` });
      expect(res.statusCode).toBe(403);
      const list = await env().as('admin', {
        method: 'GET',
        url: `/api/webhooks/${webhookId}/deliveries${query}`,
      });
      expect(list.statusCode, list.body).toBe(200);
      return list.json<{ items: TDeliveryView[] }>().items;
    }

    async function remove(...ids: string[]) {
      for (const id of ids) {
        const res = await env().as('admin', { method: 'DELETE', url: `/api/webhooks/${id}` });
        expect(res.statusCode).toBe(204);
      }
    }

    it('creates a subscription with its secret shown once, lists, changes, rotates, audits', async () => {
      const created = await env().as('owner', {
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

      const list = await env().as('admin', { method: 'GET', url: '/api/webhooks' });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(hook.secret);
      expect(list.body).not.toContain('"secret"');
      const one = await env().as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
      expect(one.json()).toMatchObject({ description: 'CRM sync', url: `${receiver.origin}/crud` });
      expect(one.body).not.toContain('"secret"');

      const patched = await env().as('admin', {
        method: 'PATCH',
        url: `/api/webhooks/${hook.id}`,
        payload: { enabled: false, eventTypes: ['*'] },
      });
      expect(patched.json()).toMatchObject({ enabled: false, eventTypes: ['*'] });

      const rotated = await env().as('admin', {
        method: 'POST',
        url: `/api/webhooks/${hook.id}/rotate-secret`,
      });
      const newSecret = rotated.json<{ secret: string }>().secret;
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(hook.secret);

      for (const role of ['analyst', 'agent', 'viewer'] as const) {
        const denied = await env().as(role, { method: 'GET', url: '/api/webhooks' });
        expect(denied.statusCode).toBe(403);
      }

      await remove(hook.id);
      const audit = await env().as('admin', {
        method: 'GET',
        url: `/api/audit-log?entity=webhook&entityId=${hook.id}`,
      });
      const actions = audit.json<{ items: { action: string }[] }>().items.map((i) => i.action);
      expect(actions.sort()).toEqual(['create', 'delete', 'rotate-secret', 'update']);
    });

    it('refuses an ftp URL, an unknown event type and an empty event list, naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ url: 'ftp://files.example.com/in', eventTypes: ['*'] }, 'body.url'],
        [{ url: 'not a url', eventTypes: ['*'] }, 'body.url'],
        [{ url: `${receiver.origin}/x`, eventTypes: ['response.exploded'] }, 'body.eventTypes.0'],
        [{ url: `${receiver.origin}/x`, eventTypes: [] }, 'body.eventTypes'],
      ];
      for (const [payload, field] of cases) {
        const res = await env().as('admin', { method: 'POST', url: '/api/webhooks', payload });
        expect(res.statusCode, res.body).toBe(422);
        const details = res.json<{ error: { details: { field: string }[] } }>().error.details;
        expect(details.map((d) => d.field)).toContain(field);
      }
      const list = await env().as('admin', { method: 'GET', url: '/api/webhooks' });
      expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
    });

    it('keeps webhooks to their organization', async () => {
      const hook = await subscribe('/tenancy');
      const b = env().orgB;
      const asB = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
        env().as('owner', { method, url, ...(payload && { payload }) }, b);
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
      const still = await env().as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
      expect(still.json()).toMatchObject({ enabled: true });
      await remove(hook.id);
    });

    it('delivers a completed response, signed, only to enabled subscriptions of its type', async () => {
      const hook = await subscribe('/completed');
      const all = await subscribe('/all', { eventTypes: ['*'] });
      const off = await subscribe('/off', { enabled: false });
      const other = await subscribe('/alerts', { eventTypes: ['alert.raised'] });
      const responseId = await submit(3);
      expect(await worker.drain()).toBe(2);

      const [message] = receiver.at('/completed');
      expect(receiver.at('/completed')).toHaveLength(1);
      expect(receiver.at('/all')).toHaveLength(1);
      expect(receiver.at('/off')).toHaveLength(0);
      expect(receiver.at('/alerts')).toHaveLength(0);
      if (message === undefined) throw new Error('no message');
      expect(message.headers['content-type']).toBe('application/json');
      expect(String(message.headers['webhook-id'])).toMatch(/^msg_/);
      const sentAt = Number(message.headers['webhook-timestamp']);
      expect(Math.abs(sentAt - (Date.now() + offset) / 1000)).toBeLessThanOrEqual(2);
      expect(signatureMatches(hook.secret, message)).toBe(true);
      expect(signatureMatches(all.secret, message)).toBe(false);
      const headers = Object.fromEntries(
        Object.entries(message.headers).map(([k, v]) => [k, String(v)]),
      );
      expect(new Webhook(hook.secret).verify(message.body, headers)).toMatchObject({
        type: 'response.completed',
      });

      const body = JSON.parse(message.body) as {
        type: string;
        timestamp: string;
        data: Record<string, unknown>;
      };
      expect(body.type).toBe('response.completed');
      expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
      expect(body.data).toMatchObject({
        id: responseId,
        responseId,
        surveyId,
        status: 'complete',
        values: [['nps', 3]],
      });

      const log = await deliveries(hook.id);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        id: message.headers['webhook-id'],
        eventType: 'response.completed',
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 204,
        nextAttemptAt: null,
      });
      expect(await deliveries(off.id)).toHaveLength(0);
      expect(await deliveries(other.id)).toHaveLength(0);
      await remove(hook.id, all.id, off.id, other.id);
    });

    it('sends an event the dispatcher hands over twice only once', async () => {
      const hook = await subscribe('/twice');
      const before = await findEventsAfter(env().storage.db, 0, 100_000);
      const head = before.at(-1)?.seq ?? 0;
      await submit(9);
      const events = await findEventsAfter(env().storage.db, head, 100);
      expect(events.map((e) => e.type)).toEqual(['response.completed']);
      await webhookEventSubscriber(env().storage).handle(events);
      await webhookEventSubscriber(env().storage).handle(events);
      await worker.drain();
      expect(receiver.at('/twice')).toHaveLength(1);
      expect(await deliveries(hook.id)).toHaveLength(1);
      await remove(hook.id);
    });

    it('retries a receiver that fails twice on the schedule, with the same webhook-id', async () => {
      receiver.on('/flaky', { statuses: [500, 503, 200] });
      const hook = await subscribe('/flaky');
      await submit(7);
      await worker.drain();
      let [delivery] = await deliveries(hook.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
      const waited = (d: TDeliveryView | undefined) =>
        Date.parse(d?.nextAttemptAt ?? '') - Date.parse(d?.attemptLog.at(-1)?.at ?? '');
      expect(waited(delivery)).toBe(MINUTE);

      expect(await worker.drain()).toBe(0);
      offset += MINUTE;
      expect(await worker.drain()).toBe(1);
      [delivery] = await deliveries(hook.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 503 });
      expect(waited(delivery)).toBe(5 * MINUTE);

      offset += 5 * MINUTE;
      expect(await worker.drain()).toBe(1);
      [delivery] = await deliveries(hook.id);
      expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, nextAttemptAt: null });
      expect(delivery?.attemptLog.map((a) => a.statusCode)).toEqual([500, 503, 200]);
      expect(delivery?.attemptLog[0]?.error).toBe('the receiver answered 500');

      const ids = receiver.at('/flaky').map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(1);
      const stamps = receiver.at('/flaky').map((r) => Number(r.headers['webhook-timestamp']));
      expect(stamps[2]! - stamps[0]!).toBeGreaterThanOrEqual(6 * 60 - 1);
      for (const message of receiver.at('/flaky')) {
        expect(signatureMatches(hook.secret, message)).toBe(true);
      }
      const succeeded = await deliveries(hook.id, '?status=succeeded');
      expect(succeeded).toHaveLength(1);
      expect(await deliveries(hook.id, '?status=failed')).toHaveLength(0);
      await remove(hook.id);
    });

    it('drops the retries of a subscription switched off, but still sends a ping to it', async () => {
      receiver.on('/switched-off', { statuses: [500, 204] });
      const hook = await subscribe('/switched-off');
      await submit(1);
      await worker.drain();
      const off = await env().as('admin', {
        method: 'PATCH',
        url: `/api/webhooks/${hook.id}`,
        payload: { enabled: false },
      });
      expect(off.json()).toMatchObject({ enabled: false });
      offset += MINUTE;
      await worker.drain();
      const [dropped] = await deliveries(hook.id);
      expect(dropped).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastStatusCode: 500,
        lastError: 'not sent: the subscription is disabled',
        nextAttemptAt: null,
      });
      expect(receiver.at('/switched-off')).toHaveLength(1);

      const ping = await env().as('admin', {
        method: 'POST',
        url: `/api/webhooks/${hook.id}/ping`,
      });
      expect(ping.statusCode).toBe(202);
      await worker.drain();
      expect(receiver.at('/switched-off')).toHaveLength(2);
      const [pinged] = await deliveries(hook.id);
      expect(pinged).toMatchObject({ eventType: 'webhook.ping', status: 'succeeded' });
      await remove(hook.id);
    });

    it('gives up on a slow receiver after the timeout and retries later', async () => {
      receiver.on('/slow', { delayMs: 3000 });
      const hook = await subscribe('/slow');
      await submit(8);
      const started = performance.now();
      await worker.drain();
      expect(performance.now() - started).toBeLessThan(2500);
      const [delivery] = await deliveries(hook.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
      expect(delivery?.lastError).toBe('timed out after 400 ms');
      expect(receiver.at('/slow')).toHaveLength(1);
      await remove(hook.id);
    });

    it('redelivers with the same webhook-id and sends a ping', async () => {
      const hook = await subscribe('/again');
      await submit(10);
      await worker.drain();
      const [first] = await deliveries(hook.id);
      if (first === undefined) throw new Error('no delivery');
      const again = await env().as('admin', {
        method: 'POST',
        url: `/api/webhooks/${hook.id}/deliveries/${first.id}/redeliver`,
      });
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json()).toMatchObject({ id: first.id, status: 'pending' });
      expect(await worker.drain()).toBe(1);
      const sent = receiver.at('/again');
      expect(sent.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id]);
      const [after] = await deliveries(hook.id);
      expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });

      const missing = await env().as('admin', {
        method: 'POST',
        url: `/api/webhooks/${hook.id}/deliveries/msg_unknown/redeliver`,
      });
      expect(missing.statusCode).toBe(404);

      const ping = await env().as('admin', {
        method: 'POST',
        url: `/api/webhooks/${hook.id}/ping`,
      });
      expect(ping.statusCode, ping.body).toBe(202);
      expect(await worker.drain()).toBe(1);
      const pinged = receiver.at('/again')[2];
      expect(JSON.parse(pinged?.body ?? '{}')).toMatchObject({
        type: 'webhook.ping',
        data: { id: hook.id },
      });
      expect(pinged && signatureMatches(hook.secret, pinged)).toBe(true);
      const log = await deliveries(hook.id);
      expect(log.map((d) => d.eventType)).toEqual(['webhook.ping', 'response.completed']);
      const page1 = await env().as('admin', {
        method: 'GET',
        url: `/api/webhooks/${hook.id}/deliveries?limit=1`,
      });
      const first1 = page1.json<{ items: TDeliveryView[]; nextCursor: string }>();
      expect(first1.items.map((d) => d.eventType)).toEqual(['webhook.ping']);
      const page2 = await env().as('admin', {
        method: 'GET',
        url: `/api/webhooks/${hook.id}/deliveries?limit=1&cursor=${first1.nextCursor}`,
      });
      const second = page2.json<{ items: TDeliveryView[]; nextCursor: string | null }>();
      expect(second.items.map((d) => d.id)).toEqual([first.id]);
      expect(second.nextCursor).toBeNull();
      await remove(hook.id);
    });

    it('fails a delivery after the last attempt and switches off a subscription that only fails', async () => {
      receiver.on('/dead', { statuses: [500] });
      const hook = await subscribe('/dead');
      await submit(2);
      await worker.drain();
      for (const minutes of [1, 5, 30, 120, 300, 600]) {
        offset += minutes * MINUTE;
        await worker.drain();
        const [pending] = await deliveries(hook.id);
        expect(pending?.status).toBe('pending');
      }
      offset += 720 * MINUTE;
      await worker.drain();
      const [delivery] = await deliveries(hook.id);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
      expect(delivery?.attemptLog.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const first = Date.parse(delivery?.attemptLog[0]?.at ?? '');
      const last = Date.parse(delivery?.attemptLog[7]?.at ?? '');
      expect(last - first).toBeGreaterThanOrEqual((1 + 5 + 30 + 120 + 300 + 600 + 720) * MINUTE);
      expect(receiver.at('/dead')).toHaveLength(8);

      offset += 24 * 60 * MINUTE;
      await worker.drain();
      expect(receiver.at('/dead')).toHaveLength(8);
      const view = await env().as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
      expect(view.json()).toMatchObject({
        enabled: false,
        disabledReason: 'every delivery failed for a day',
      });
      const failedOnly = await deliveries(hook.id, '?status=failed');
      expect(failedOnly).toHaveLength(1);
      expect(await deliveries(hook.id, '?status=pending')).toHaveLength(0);

      const enabled = await env().as('admin', {
        method: 'PATCH',
        url: `/api/webhooks/${hook.id}`,
        payload: { enabled: true },
      });
      expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null });
      await remove(hook.id);
    });

    it('refuses internal targets other than loopback, by address, redirect and DNS', async () => {
      for (const url of [
        'http://10.0.0.5/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::ffff:192.168.1.1]/hook',
        'https://[fd00::1]/hook',
        'http://0.0.0.0:8080/',
      ]) {
        const res = await env().as('admin', {
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
      const created = await env().as('admin', {
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
  },
  { webhookAllowPrivateTargets: 'loopback', webhookTimeoutMs: 400 },
);

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
