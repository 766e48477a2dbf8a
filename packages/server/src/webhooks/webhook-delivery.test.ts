/** What a receiver gets: signed messages, once per event, again on redelivery, and pings. */
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';
import {
  describeWebhooks,
  signatureMatches,
  type TDeliveryView,
} from '../../test/support/webhooks-fixture.js';
import { findEventsAfter } from '../events/events.repository.js';
import { webhookEventSubscriber } from './webhook-events.js';

describeWebhooks('webhook delivery', (fixture) => {
  it('delivers a completed response, signed, only to enabled subscriptions of its type', async () => {
    const { receiver, surveyId, worker, now, subscribe, submit, deliveries, remove } = fixture();
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
    expect(Math.abs(sentAt - now() / 1000)).toBeLessThanOrEqual(2);
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
    const { env, receiver, worker, subscribe, submit, deliveries, remove } = fixture();
    const hook = await subscribe('/twice');
    const before = await findEventsAfter(env.storage.db, 0, 100_000);
    const head = before.at(-1)?.seq ?? 0;
    await submit(9);
    const events = await findEventsAfter(env.storage.db, head, 100);
    expect(events.map((e) => e.type)).toEqual(['response.completed']);
    await webhookEventSubscriber(env.storage).handle(events);
    await webhookEventSubscriber(env.storage).handle(events);
    await worker.drain();
    expect(receiver.at('/twice')).toHaveLength(1);
    expect(await deliveries(hook.id)).toHaveLength(1);
    await remove(hook.id);
  });

  it('redelivers with the same webhook-id and sends a ping', async () => {
    const { env, receiver, worker, subscribe, submit, deliveries, remove } = fixture();
    const hook = await subscribe('/again');
    await submit(10);
    await worker.drain();
    const [first] = await deliveries(hook.id);
    if (first === undefined) throw new Error('no delivery');
    const again = await env.as('admin', {
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

    const missing = await env.as('admin', {
      method: 'POST',
      url: `/api/webhooks/${hook.id}/deliveries/msg_unknown/redeliver`,
    });
    expect(missing.statusCode).toBe(404);

    const ping = await env.as('admin', {
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
    const page1 = await env.as('admin', {
      method: 'GET',
      url: `/api/webhooks/${hook.id}/deliveries?limit=1`,
    });
    const first1 = page1.json<{ items: TDeliveryView[]; nextCursor: string }>();
    expect(first1.items.map((d) => d.eventType)).toEqual(['webhook.ping']);
    const page2 = await env.as('admin', {
      method: 'GET',
      url: `/api/webhooks/${hook.id}/deliveries?limit=1&cursor=${first1.nextCursor}`,
    });
    const second = page2.json<{ items: TDeliveryView[]; nextCursor: string | null }>();
    expect(second.items.map((d) => d.id)).toEqual([first.id]);
    expect(second.nextCursor).toBeNull();
    await remove(hook.id);
  });
});
