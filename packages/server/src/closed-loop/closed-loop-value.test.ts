/**
 * The closed-loop report's change in customer value: revenue per 30 days over the 90 days
 * before a customer's first case and over the days since, checked against figures computed by
 * hand from the interactions written here.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

const DAY = 86_400_000;

describeEachDatabase('closed-loop report: customer value', (env) => {
  it('compares spending per 30 days before and since the case', async () => {
    const now = Date.now();
    const tp = await seedTouchpoints(env().storage, env().orgA.id, ['value-desk']);
    const touchpointId = tp['value-desk'];
    const customer = async (externalId: string) =>
      (
        await env().as('admin', {
          method: 'POST',
          url: '/api/customers',
          payload: { externalId, name: externalId },
        })
      ).json<{ id: string }>().id;
    const spend = async (customerId: string, daysAgo: number, amount: number) => {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: {
          customerId,
          touchpointId,
          occurredAt: new Date(now - daysAgo * DAY).toISOString(),
          type: 'purchase',
          amount,
          currency: 'EUR',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    const openCase = async (customerId: string, daysAgo: number) => {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/cases',
        payload: { title: 'Bag lost', customerId, touchpointId },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ id: string }>().id;
      // Cases open now; this one is moved back to have a history after it.
      await env()
        .storage.db.updateTable('cases')
        .set({ created_at: new Date(now - daysAgo * DAY).toISOString() })
        .where('id', '=', id)
        .execute();
    };
    const ada = await customer('value-ada');
    const bob = await customer('value-bob');
    const cyd = await customer('value-cyd');
    // Ada: case 10 days ago; 90 spent 60 days before it (30 per 30 days), 50 since (150).
    await openCase(ada, 10);
    await spend(ada, 70, 90);
    await spend(ada, 5, 50);
    await spend(ada, 200, 1000); // more than 90 days before: not counted
    // Bob: case 30 days ago; 60 in the 90 days before (20 per 30 days), nothing since (0).
    await openCase(bob, 30);
    await spend(bob, 100, 60);
    // Cyd: case 2 days ago, too young to tell: left out.
    await openCase(cyd, 2);
    await spend(cyd, 1, 500);

    const res = await env().as('admin', { method: 'GET', url: '/api/reports/closed-loop' });
    expect(res.statusCode, res.body).toBe(200);
    const value = res.json<{
      valueChange: { customers: number; meanBefore: number; meanAfter: number; change: number };
    }>().valueChange;
    expect(value.customers).toBe(2);
    // Before: (30 + 20) / 2 = 25; after: (150 + 0) / 2 = 75.
    expect(value.meanBefore).toBeCloseTo(25, 6);
    expect(value.meanAfter).toBeCloseTo(75, 3);
    expect(value.change).toBeCloseTo(50, 3);
  });
});
