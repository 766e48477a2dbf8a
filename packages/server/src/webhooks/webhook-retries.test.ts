/** Failed attempts: retried on the schedule, dropped when switched off, failed after the last. */
import { expect, it } from 'vitest';
import {
  describeWebhooks,
  MINUTE,
  signatureMatches,
  type TDeliveryView,
} from '../../test/support/webhooks-fixture.js';

describeWebhooks('webhook retries', (fixture) => {
  it('retries a receiver that fails twice on the schedule, with the same webhook-id', async () => {
    const { receiver, worker, advance, subscribe, submit, deliveries, remove } = fixture();
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
    advance(MINUTE);
    expect(await worker.drain()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 503 });
    expect(waited(delivery)).toBe(5 * MINUTE);

    advance(5 * MINUTE);
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
    const { env, receiver, worker, advance, subscribe, submit, deliveries, remove } = fixture();
    receiver.on('/switched-off', { statuses: [500, 204] });
    const hook = await subscribe('/switched-off');
    await submit(1);
    await worker.drain();
    const off = await env.as('admin', {
      method: 'PATCH',
      url: `/api/webhooks/${hook.id}`,
      payload: { enabled: false },
    });
    expect(off.json()).toMatchObject({ enabled: false });
    advance(MINUTE);
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

    const ping = await env.as('admin', {
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
    const { receiver, worker, subscribe, submit, deliveries, remove } = fixture();
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

  it('fails a delivery after the last attempt and switches off a subscription that only fails', async () => {
    const { env, receiver, worker, advance, subscribe, submit, deliveries, remove } = fixture();
    receiver.on('/dead', { statuses: [500] });
    const hook = await subscribe('/dead');
    await submit(2);
    await worker.drain();
    for (const minutes of [1, 5, 30, 120, 300, 600]) {
      advance(minutes * MINUTE);
      await worker.drain();
      const [pending] = await deliveries(hook.id);
      expect(pending?.status).toBe('pending');
    }
    advance(720 * MINUTE);
    await worker.drain();
    const [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
    expect(delivery?.attemptLog.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const first = Date.parse(delivery?.attemptLog[0]?.at ?? '');
    const last = Date.parse(delivery?.attemptLog[7]?.at ?? '');
    expect(last - first).toBeGreaterThanOrEqual((1 + 5 + 30 + 120 + 300 + 600 + 720) * MINUTE);
    expect(receiver.at('/dead')).toHaveLength(8);

    advance(24 * 60 * MINUTE);
    await worker.drain();
    expect(receiver.at('/dead')).toHaveLength(8);
    const view = await env.as('admin', { method: 'GET', url: `/api/webhooks/${hook.id}` });
    expect(view.json()).toMatchObject({
      enabled: false,
      disabledReason: 'every delivery failed for a day',
    });
    const failedOnly = await deliveries(hook.id, '?status=failed');
    expect(failedOnly).toHaveLength(1);
    expect(await deliveries(hook.id, '?status=pending')).toHaveLength(0);

    const enabled = await env.as('admin', {
      method: 'PATCH',
      url: `/api/webhooks/${hook.id}`,
      payload: { enabled: true },
    });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null });
    await remove(hook.id);
  });
});
