import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { generateCustomerBatches } from './customer-generator.js';
import { generateDemo, type TDemoProgress } from './demo.service.js';
import { demoWindow, generateInteractionBatches } from './interaction-generator.js';

const OPTIONS = { customers: 100, months: 3, seed: 7, endDate: '2026-10-31' };

/** What the generator yields for OPTIONS, counted straight from the record streams. */
function generatedTotals() {
  let customers = 0;
  for (const batch of generateCustomerBatches(OPTIONS)) customers += batch.records.length;
  let interactions = 0;
  let amountCents = 0;
  const window = demoWindow(OPTIONS.months, OPTIONS.endDate);
  for (const batch of generateInteractionBatches({ ...OPTIONS, window })) {
    for (const row of batch.records) {
      interactions += 1;
      amountCents += Math.round((row.amount ?? 0) * 100);
    }
  }
  return { customers, interactions, amountCents };
}

describeEachDatabase('demo organization', (env) => {
  let organizationId = '';
  const progress: TDemoProgress[] = [];

  it('loads the generated program, customers and interactions', async () => {
    const result = await generateDemo(env().services, OPTIONS, (p) => progress.push(p));
    organizationId = result.organizationId;
    const expected = generatedTotals();
    expect(expected.customers).toBe(100);
    expect(result).toMatchObject({
      slug: 'aurora-airways',
      endDate: '2026-10-31',
      // Three months: the change falls in the middle one.
      plantedChangeDate: '2026-09-01',
      email: 'demo@touchstone.local',
      password: 'touchstone-demo',
      counts: {
        users: 3,
        teams: 7,
        attributeKeys: 6,
        brands: 1,
        journeys: 1,
        stages: 5,
        touchpoints: 20,
        customers: 100,
        interactions: expected.interactions,
      },
    });
    const db = env().storage.db;
    const count = async (table: 'customers' | 'interactions' | 'touchpoints' | 'memberships') => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    expect(await count('customers')).toBe(100);
    expect(await count('interactions')).toBe(expected.interactions);
    expect(await count('touchpoints')).toBe(20);
    expect(await count('memberships')).toBe(3);

    const amounts = await db
      .selectFrom('interactions')
      .select([
        sql<number | string | null>`sum(amount)`.as('total'),
        sql<
          number | string
        >`sum(case when (amount is null) <> (currency is null) then 1 else 0 end)`.as('unpaired'),
      ])
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    expect(Math.round(Number(amounts.total) * 100)).toBe(expected.amountCents);
    expect(Number(amounts.unpaired)).toBe(0);

    const last = progress.filter((p) => p.phase === 'interactions').at(-1);
    expect(last).toEqual({
      phase: 'interactions',
      customersDone: 100,
      customers: 100,
      stored: expected.interactions,
    });
  });

  it('links every interaction to a customer and a touchpoint of the organization', async () => {
    const orphans = await env()
      .storage.db.selectFrom('interactions as i')
      .leftJoin('customers as c', (join) =>
        join.onRef('c.id', '=', 'i.customer_id').on('c.organization_id', '=', organizationId),
      )
      .leftJoin('touchpoints as t', (join) =>
        join.onRef('t.id', '=', 'i.touchpoint_id').on('t.organization_id', '=', organizationId),
      )
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('i.organization_id', '=', organizationId)
      .where((eb) => eb.or([eb('c.id', 'is', null), eb('t.id', 'is', null)]))
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
  });

  it('lets the demo owner sign in to the demo organization', async () => {
    const res = await env().app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'demo@touchstone.local', password: 'touchstone-demo' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      organization: { slug: 'aurora-airways', name: 'Aurora Airways' },
      role: 'owner',
      user: { email: 'demo@touchstone.local' },
    });
  });

  it('refuses to create the demo organization a second time', async () => {
    await expect(generateDemo(env().services, OPTIONS)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('"aurora-airways" already exists') as unknown,
    });
  });

  it('refuses options out of range, naming the option', async () => {
    await expect(generateDemo(env().services, { customers: 0 })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'customers', message: 'must be a whole number of at least 1' }],
    });
    await expect(generateDemo(env().services, { months: 1.5 })).rejects.toMatchObject({
      details: [{ field: 'months', message: 'must be a whole number of at least 1' }],
    });
    for (const endDate of ['2026-02-30', '7 Dec 2026', '2026-12-7']) {
      await expect(generateDemo(env().services, { endDate })).rejects.toMatchObject({
        details: [{ field: 'endDate', message: 'must be a calendar date written YYYY-MM-DD' }],
      });
    }
  });
});
