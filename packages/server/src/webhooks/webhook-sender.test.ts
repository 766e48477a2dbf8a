import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookAgents, sendAttempt, systemResolve } from './webhook-sender.js';

/**
 * A receiver at the TCP level: each connection answers its first request with 204 and keeps
 * the connection open, then drops the connection on the next request without answering, as a
 * receiver does whose keep-alive ran out just as the connection was reused.
 */
async function startDroppingReceiver() {
  let connections = 0;
  let answered = 0;
  const server = net.createServer((socket) => {
    connections++;
    let requests = 0;
    socket.on('data', () => {
      requests++;
      if (requests === 1) {
        answered++;
        socket.write('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n');
      } else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    connections: () => connections,
    answered: () => answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook sender', () => {
  let receiver: Awaited<ReturnType<typeof startDroppingReceiver>>;
  const agents = createWebhookAgents();
  const policy = { privateTargets: 'loopback' as const, resolve: systemResolve };
  const request = () => ({
    url: receiver.url,
    headers: { 'content-type': 'application/json' },
    body: '{"type":"test"}',
    timeoutMs: 2_000,
  });

  beforeAll(async () => {
    receiver = await startDroppingReceiver();
  });
  afterAll(async () => {
    agents.destroy();
    await receiver.close();
  });

  it('reuses a pooled connection, and sends again on a fresh one when it was dropped', async () => {
    expect(await sendAttempt(request(), policy, agents)).toMatchObject({
      ok: true,
      statusCode: 204,
    });
    expect(receiver.connections()).toBe(1);
    // The pooled connection is reused, dropped by the receiver, and the attempt sent again.
    expect(await sendAttempt(request(), policy, agents)).toMatchObject({
      ok: true,
      statusCode: 204,
    });
    expect(receiver.connections()).toBe(2);
    expect(receiver.answered()).toBe(2);
  });

  it('without a pool, each attempt opens a connection of its own', async () => {
    const before = receiver.connections();
    const outcome = await sendAttempt(request(), policy);
    expect(outcome).toMatchObject({ ok: true, statusCode: 204 });
    expect(receiver.connections()).toBe(before + 1);
  });
});
