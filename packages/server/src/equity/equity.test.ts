import { fitBgNbd, fitGammaGamma } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

// Twelve customers buy in Q1 2025. Customer k first buys on January k for 10, then every 14 days
// for 10 * k while the day is in Q1, except that odd customers stop after their third purchase.
// The last purchase (customer 6, March 31) ends the calibration period. By hand:
const DAY = 86_400_000;
const handSummaries = Array.from({ length: 12 }, (_, i) => {
  const k = i + 1;
  const T = (89 - i) / 7; // days from January k to March 31
  const x = k % 2 === 1 ? 2 : Math.floor((89 - i) / 14);
  return { id: `c${k}`, x, tx: (14 * x) / 7, T, monetary: 10 * k };
});

// Latest NPS answers and CSAT: c1 detractor (recent), c2 detractor (November: not recent),
// c3 passive with a CSAT of 1 (recent negative), c4 passive, c5 promoter, c6 promoter then a 6
// on 2024-12-31 (detractor, one day before the 90-day window), c7 detractor on 2025-01-01 (the
// window's first day), c8 to c12 never answered.
const answers: [customer: string, submittedAt: string, nps: number, csat?: number][] = [
  ['c1', '2025-03-20T10:00:00.000Z', 3],
  ['c2', '2024-11-15T10:00:00.000Z', 4],
  ['c3', '2025-02-01T10:00:00.000Z', 8, 1],
  ['c4', '2025-03-01T10:00:00.000Z', 7, 4],
  ['c5', '2025-03-02T10:00:00.000Z', 10, 5],
  ['c6', '2024-10-01T10:00:00.000Z', 9],
  ['c6', '2024-12-31T10:00:00.000Z', 6],
  ['c7', '2025-01-01T00:00:00.000Z', 2],
];

interface TEquityBody {
  status: string;
  currency: string | null;
  totalEquity: number;
  customers: number;
  droppedTransactions: number;
  model: {
    bgnbd: Record<string, number>;
    gammaGamma: Record<string, number>;
    customers: number;
    repeatCustomers: number;
    calibrationEnd: string;
  };
  distribution: { from: number; to: number | null; customers: number; equity: number }[];
  byNpsCategory: { key: string; customers: number; equity: number }[];
  bySegment: { attribute: string; groups: { key: string; customers: number; equity: number }[] };
  revenueAtRisk: {
    detractors: { customers: number; clv: number };
    recentNegative: { customers: number; clv: number };
    total: { customers: number; clv: number; shareOfEquity: number };
  };
  detractorsToPassives: { share: number; detractorsMoved: number; gain: number | null };
}

interface TValueBody {
  status: string;
  calibrationEnd: string | null;
  value: {
    x: number;
    tx: number;
    T: number;
    monetary: number;
    pAlive: number;
    expectedPurchases: number;
    clv: number;
  } | null;
}

async function post(env: TTestEnv, url: string, payload: object): Promise<{ id: string }> {
  const res = await env.as('admin', { method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}

describeEachDatabase('customer equity', (env) => {
  const ids = new Map<string, string>();
  let firstWithout = '';

  async function valueOf(customer: string): Promise<TValueBody> {
    const res = await env().as('analyst', {
      method: 'GET',
      url: `/api/customers/${ids.get(customer) ?? ''}/value`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TValueBody>();
  }

  async function equity(query = ''): Promise<TEquityBody> {
    const res = await env().as('analyst', { method: 'GET', url: `/api/equity${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TEquityBody>();
  }

  it('says why there is no fit for an organization without revenue', async () => {
    const res = await env().as('admin', { method: 'GET', url: '/api/equity' }, env().orgB);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'insufficient-data',
      message: 'no interaction records an amount',
      horizonWeeks: 52,
      discountRate: 0.1,
    });
  });

  beforeAll(async () => {
    const tp = await seedTouchpoints(env().storage, env().orgA.id, ['shop']);
    await post(env(), '/api/attribute-keys', {
      entity: 'customer',
      key: 'tier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
    });
    for (let k = 1; k <= 13; k++) {
      const tier = k <= 6 || k === 13 ? 'gold' : 'silver';
      const customer = await post(env(), '/api/customers', {
        externalId: `c${k}`,
        attributes: { tier },
      });
      ids.set(`c${k}`, customer.id);
    }
    firstWithout = ids.get('c13') ?? '';
    const interaction = (customer: string, time: number, amount: number | null) =>
      post(env(), '/api/interactions', {
        customerId: ids.get(customer),
        touchpointId: tp['shop'],
        occurredAt: new Date(time + 12 * 3_600_000).toISOString(),
        type: amount === null ? 'visit' : 'purchase',
        amount,
        currency: amount === null ? null : 'EUR',
      });
    for (let k = 1; k <= 12; k++) {
      const start = Date.UTC(2025, 0, k);
      await interaction(`c${k}`, start, 10);
      for (let n = 1; ; n++) {
        const time = start + n * 14 * DAY;
        if (time > Date.UTC(2025, 2, 31) || (k % 2 === 1 && n > 2)) break;
        await interaction(`c${k}`, time, 10 * k);
      }
    }
    // Neither changes a summary: a visit without an amount, and a free item (dropped, counted).
    await interaction('c1', Date.UTC(2025, 1, 1), null);
    await interaction('c2', Date.UTC(2025, 1, 2), 0);
    const survey = await createSurvey(env(), {
      touchpointIds: [tp['shop']],
      definition: {
        defaultLanguage: 'en',
        languages: ['en'],
        title: { en: 'Shop' },
        thankYou: { en: 'Thanks' },
        questions: [
          { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
          { id: 'csat', type: 'csat', text: { en: 'How satisfied?' } },
        ],
      },
    });
    for (const [customer, submittedAt, nps, csat] of answers) {
      await post(env(), `/api/surveys/${survey.id}/responses`, {
        answers: csat === undefined ? { nps } : { nps, csat },
        touchpointKey: 'shop',
        customerExternalId: customer,
        submittedAt,
      });
    }
  });

  it("summarises each customer's purchases in weeks, as worked out by hand", async () => {
    for (const hand of handSummaries) {
      const { status, calibrationEnd, value } = await valueOf(hand.id);
      expect(status).toBe('ok');
      expect(calibrationEnd).toBe('2025-03-31');
      expect(value?.x).toBe(hand.x);
      expect(value?.tx).toBeCloseTo(hand.tx, 12);
      expect(value?.T).toBeCloseTo(hand.T, 12);
      expect(value?.monetary).toBeCloseTo(hand.monetary, 9);
      expect(value?.pAlive).toBeGreaterThan(0);
      expect(value?.pAlive).toBeLessThanOrEqual(1);
      expect(Number.isFinite(value?.clv)).toBe(true);
    }
    const none = await env().as('analyst', {
      method: 'GET',
      url: `/api/customers/${firstWithout}/value`,
    });
    expect(none.json()).toMatchObject({ status: 'no-purchases', value: null });
  });

  it('fits the models of the hand summaries and breaks equity down as the answers say', async () => {
    const body = await equity('?detractorShare=0.5&horizonWeeks=26&discountRate=0');
    expect(body.status).toBe('ok');
    expect(body.currency).toBe('EUR');
    expect(body.droppedTransactions).toBe(1);
    expect(body.model.customers).toBe(12);
    expect(body.model.repeatCustomers).toBe(12);
    expect(body.model.calibrationEnd).toBe('2025-03-31');
    const bgnbd = fitBgNbd(handSummaries).parameters;
    const spend = fitGammaGamma(handSummaries).parameters;
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(body.model.bgnbd[key]).toBeCloseTo(bgnbd[key], 6);
    }
    for (const key of ['p', 'q', 'v'] as const) {
      expect(body.model.gammaGamma[key]).toBeCloseTo(spend[key], 6);
    }

    const clv = new Map<string, number>();
    for (const hand of handSummaries) {
      const res = await env().as('analyst', {
        method: 'GET',
        url: `/api/customers/${ids.get(hand.id) ?? ''}/value?horizonWeeks=26&discountRate=0`,
      });
      clv.set(hand.id, res.json<TValueBody>().value?.clv ?? NaN);
    }
    const sum = (keys: string[]) => keys.reduce((s, k) => s + (clv.get(k) ?? NaN), 0);
    const all = handSummaries.map((h) => h.id);
    expect(body.customers).toBe(12);
    expect(body.totalEquity).toBeCloseTo(sum(all), 6);
    expect(body.distribution.reduce((s, b) => s + b.customers, 0)).toBe(12);
    expect(body.distribution.reduce((s, b) => s + b.equity, 0)).toBeCloseTo(sum(all), 6);

    const detractors = ['c1', 'c2', 'c6', 'c7'];
    const passives = ['c3', 'c4'];
    const groups = Object.fromEntries(body.byNpsCategory.map((g) => [g.key, g]));
    expect(groups['promoter']).toMatchObject({ customers: 1 });
    expect(groups['promoter']?.equity).toBeCloseTo(sum(['c5']), 6);
    expect(groups['passive']?.equity).toBeCloseTo(sum(passives), 6);
    expect(groups['detractor']).toMatchObject({ customers: 4 });
    expect(groups['detractor']?.equity).toBeCloseTo(sum(detractors), 6);
    expect(groups['no answer']?.equity).toBeCloseTo(sum(['c8', 'c9', 'c10', 'c11', 'c12']), 6);

    expect(body.bySegment.attribute).toBe('tier');
    const tiers = Object.fromEntries(body.bySegment.groups.map((g) => [g.key, g]));
    expect(tiers['gold']?.equity).toBeCloseTo(sum(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']), 6);
    expect(tiers['silver']?.equity).toBeCloseTo(sum(['c7', 'c8', 'c9', 'c10', 'c11', 'c12']), 6);

    const risk = body.revenueAtRisk;
    expect(risk.detractors.customers).toBe(4);
    expect(risk.detractors.clv).toBeCloseTo(sum(detractors), 6);
    expect(risk.recentNegative.customers).toBe(3);
    expect(risk.recentNegative.clv).toBeCloseTo(sum(['c1', 'c3', 'c7']), 6);
    expect(risk.total.customers).toBe(5);
    expect(risk.total.clv).toBeCloseTo(sum(['c1', 'c2', 'c3', 'c6', 'c7']), 6);

    // Half of the 4 detractors take the passives' mean CLV.
    expect(body.detractorsToPassives.detractorsMoved).toBe(2);
    expect(body.detractorsToPassives.gain).toBeCloseTo(
      2 * (sum(passives) / 2 - sum(detractors) / 4),
      6,
    );
  });

  it('refits when a revenue interaction arrives, and refuses bad parameters', async () => {
    const before = await equity();
    const tp = await seedTouchpoints(env().storage, env().orgA.id, ['kiosk']);
    await post(env(), '/api/interactions', {
      customerId: ids.get('c13'),
      touchpointId: tp['kiosk'],
      occurredAt: '2025-03-30T09:00:00.000Z',
      type: 'purchase',
      amount: 25,
      currency: 'EUR',
    });
    const after = await equity();
    expect(after.model.customers).toBe(before.model.customers + 1);
    expect((await valueOf('c13')).value).toMatchObject({ x: 0, tx: 0, T: 1 / 7, monetary: 0 });
    for (const field of ['horizonWeeks=0', 'discountRate=2', 'detractorShare=-1', 'segment=x']) {
      const res = await env().as('analyst', { method: 'GET', url: `/api/equity?${field}` });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(field.split('=')[0]);
    }
  });

  it('is read by analysts and admins only, and only in their organization', async () => {
    for (const role of ['viewer', 'agent'] as const) {
      const res = await env().as(role, { method: 'GET', url: '/api/equity' });
      expect(res.statusCode).toBe(403);
    }
    const other = await env().as(
      'owner',
      { method: 'GET', url: `/api/customers/${ids.get('c1') ?? ''}/value` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
  });
});
