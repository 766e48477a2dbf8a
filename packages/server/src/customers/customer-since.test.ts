/**
 * "Customer since": a customer imported today with years of interactions has been a customer
 * since the first of them, and one whose first trace is a response since that response.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

describeEachDatabase('customer since', (env) => {
  it('is the earliest of the record, the first interaction and the first response', async () => {
    const tp = await seedTouchpoints(env().storage, env().orgA.id, ['since-desk']);
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'since-1', name: 'Since One' },
    });
    const customer = created.json<{ id: string; createdAt: string }>();
    const read = async () =>
      (await env().as('agent', { method: 'GET', url: `/api/customers/${customer.id}` })).json<{
        firstSeenAt: string;
        createdAt: string;
      }>();
    // Nothing else yet: since the record was created.
    expect((await read()).firstSeenAt).toBe(customer.createdAt);
    for (const occurredAt of ['2025-06-01T09:00:00.000Z', '2025-04-03T08:30:00.000Z']) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: {
          customerId: customer.id,
          touchpointId: tp['since-desk'],
          occurredAt,
          type: 'visit',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const detail = await read();
    expect(detail.firstSeenAt).toBe('2025-04-03T08:30:00.000Z');
    expect(detail.createdAt).toBe(customer.createdAt);
  });
});
