import { organizationSeq } from '../organizations/organizations.repository.js';
import { newId, type TJourneyMapResponse, type TSurveyDefinitionInput } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import { nowIso } from '../storage/rows.js';
import {
  expectNoNaN,
  postResponses,
  seedCustomers,
  seedJourney,
} from '../../test/support/analytics-views-fixture.js';

/**
 * Journey "Trip": stage "Zeta" (position 0: u1, u2) and stage "Alpha" (position 1: u3), inserted
 * Alpha first, so neither insertion nor name order is stage order. Customers c1..c4 answer a CSAT
 * (1..5, scored (x - 1) x 25) at each touchpoint on 2026-03-10, and a relationship survey's NPS:
 * c1 0 on 03-02 then 10 on 03-20 (the latest counts), c2 8, c3 4, c4 0.
 *
 * | touchpoint | csat c1..c4 | top-2 share | performance | gap | r with (10, 8, 4, 0)          | interactions |
 * | u1         | 5 4 2 1     | 2/4         | 50          | 50  | 12 / sqrt(10 x 14.75) = .988  | 6 (+1 in April) |
 * | u2         | 5 3 3 1     | 1/4         | 25          | 75  | 10 / sqrt(8 x 14.75)  = .921  | 2            |
 * | u3         | 1 2 4 5     | 2/4         | 50          | 50  | -.988 -> importance 0         | 2            |
 *
 * r from the 0..100 scores equals r from the raw answers (a linear map). Volume shares over 10
 * interactions in March: .6, .2, .2. Scores: u1 50 x .988 x .6 = 29.6; u2 75 x .921 x .2 = 13.8;
 * u3 0. Without the volume weight u2 (69) would rank above u1 (49.4).
 */
const CSAT: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Visit' },
  thankYou: { en: 'Thanks' },
  questions: [{ id: 'csat', type: 'csat', required: true, text: { en: 'How satisfied?' } }],
};
const RELATIONSHIP: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Relationship' },
  thankYou: { en: 'Thanks' },
  questions: [{ id: 'rnps', type: 'nps', required: true, text: { en: 'Recommend us?' } }],
};
const CSAT_BY_TOUCHPOINT: Record<string, number[]> = {
  u1: [5, 4, 2, 1],
  u2: [5, 3, 3, 1],
  u3: [1, 2, 4, 5],
};
const CUSTOMERS = ['c1', 'c2', 'c3', 'c4'];
const PERIOD = 'from=2026-03-01&to=2026-03-31';

describeEachDatabase('journey map API', (env) => {
  let trip: Awaited<ReturnType<typeof seedJourney>>;

  const get = async (query: string) => {
    const res = await env().as('viewer', {
      method: 'GET',
      url: `/api/analytics/journey-map?${query}`,
    });
    expectNoNaN(res.body);
    return res;
  };

  async function addInteractions(touchpointId: string, count: number, occurredAt: string) {
    const customer = await env()
      .storage.db.selectFrom('customers')
      .select('id')
      .where('organization_id', '=', env().orgA.id)
      .where('external_id', '=', 'c1')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < count; i++) {
      await env()
        .storage.db.insertInto('interactions')
        .values({
          id: newId(),
          organization_id: env().orgA.id,
          organization_seq: organizationSeq(env().orgA.id),
          external_id: null,
          customer_id: customer.id,
          touchpoint_id: touchpointId,
          occurred_at: occurredAt,
          type: 'visit',
          amount: null,
          currency: null,
          attributes_json: '{}',
          created_at: nowIso(),
        })
        .execute();
    }
  }

  beforeAll(async () => {
    trip = await seedJourney(env(), {
      name: 'Trip',
      brandId: null,
      stages: [
        { name: 'Alpha', position: 1, touchpoints: [{ key: 'u3', providerType: 'people' }] },
        {
          name: 'Zeta',
          position: 0,
          touchpoints: [
            { key: 'u1', providerType: 'spatial-environment' },
            { key: 'u2', providerType: 'electronic-media' },
          ],
        },
      ],
    });
    await seedCustomers(env(), CUSTOMERS);
    const visit = await createSurvey(env(), {
      touchpointIds: Object.values(trip.touchpoints),
      definition: CSAT,
    });
    await postResponses(
      env(),
      visit.id,
      Object.entries(CSAT_BY_TOUCHPOINT).flatMap(([touchpointKey, scores]) =>
        scores.map((csat, i) => ({
          answers: { csat },
          touchpointKey,
          customerExternalId: CUSTOMERS[i],
          submittedAt: '2026-03-10T10:00:00.000Z',
        })),
      ),
    );
    const relationship = await createSurvey(env(), {
      kind: 'relationship',
      definition: RELATIONSHIP,
    });
    await postResponses(env(), relationship.id, [
      { answers: { rnps: 0 }, customerExternalId: 'c1', submittedAt: '2026-03-02T10:00:00.000Z' },
      { answers: { rnps: 10 }, customerExternalId: 'c1', submittedAt: '2026-03-20T10:00:00.000Z' },
      { answers: { rnps: 8 }, customerExternalId: 'c2', submittedAt: '2026-03-20T10:00:00.000Z' },
      { answers: { rnps: 4 }, customerExternalId: 'c3', submittedAt: '2026-03-20T10:00:00.000Z' },
      { answers: { rnps: 0 }, customerExternalId: 'c4', submittedAt: '2026-03-20T10:00:00.000Z' },
    ]);
    const tp = trip.touchpoints;
    await addInteractions(tp['u1'] ?? '', 6, '2026-03-05T09:00:00.000Z');
    await addInteractions(tp['u1'] ?? '', 1, '2026-04-02T09:00:00.000Z');
    await addInteractions(tp['u2'] ?? '', 2, '2026-03-31T23:59:00.000Z');
    await addInteractions(tp['u3'] ?? '', 2, '2026-03-01T00:00:00.000Z');
  });

  it('lists stages in order with volume and the metric per stage and touchpoint', async () => {
    const res = await get(`journeyId=${trip.journeyId}&metric=csat&minN=2&${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TJourneyMapResponse>();
    expect(body.stages.map((s) => s.name)).toEqual(['Zeta', 'Alpha']);
    const [zeta, alpha] = body.stages;
    expect(zeta?.touchpoints.map((t) => t.name)).toEqual(['u1', 'u2']);
    // Zeta: 8 responses, 6 + 2 interactions in March; CSAT top-2 (2 + 1) / 8.
    expect(zeta?.volume).toEqual({ responses: 8, interactions: 8 });
    expect(zeta?.result.value).toBeCloseTo(3 / 8, 9);
    expect(zeta?.performance).toBeCloseTo(37.5, 9);
    expect(alpha?.volume).toEqual({ responses: 4, interactions: 2 });
    const u2 = zeta?.touchpoints[1];
    expect(u2?.result).toMatchObject({ status: 'ok', n: 4, value: 0.25 });
    expect(u2?.result.interval).not.toBeNull();
    expect(u2?.performance).toBeCloseTo(25, 9);
  });

  it('measures importance as the correlation with the latest relationship NPS', async () => {
    const body = (
      await get(`journeyId=${trip.journeyId}&metric=csat&minN=2&${PERIOD}`)
    ).json<TJourneyMapResponse>();
    const tps = body.stages.flatMap((s) => s.touchpoints);
    const importance = (name: string) => tps.find((t) => t.name === name)?.importance;
    expect(importance('u1')).toMatchObject({ status: 'ok', n: 4 });
    expect(importance('u1')?.correlation).toBeCloseTo(12 / Math.sqrt(10 * 14.75), 9);
    expect(importance('u2')?.correlation).toBeCloseTo(10 / Math.sqrt(8 * 14.75), 9);
    expect(importance('u3')?.correlation).toBeCloseTo(-12 / Math.sqrt(10 * 14.75), 9);
    expect(body.query.relationshipKeys).toEqual(['rnps']);
  });

  it('ranks pain points by gap x importance x volume share', async () => {
    const body = (
      await get(`journeyId=${trip.journeyId}&metric=csat&minN=2&top=2&${PERIOD}`)
    ).json<TJourneyMapResponse>();
    const items = body.painPoints.items;
    expect(items.map((p) => p.name)).toEqual(['u1', 'u2']);
    const r1 = 12 / Math.sqrt(10 * 14.75);
    const r2 = 10 / Math.sqrt(8 * 14.75);
    expect(items[0]).toMatchObject({ rank: 1, gap: 50, volumeShare: 0.6 });
    expect(items[0]?.score).toBeCloseTo(50 * r1 * 0.6, 9);
    expect(items[1]?.score).toBeCloseTo(75 * r2 * 0.2, 9);
    expect(body.painPoints.unranked).toEqual([]);
  });

  it('reports insufficient data for a journey without responses, never NaN', async () => {
    const quiet = await seedJourney(env(), {
      name: 'Quiet',
      brandId: null,
      stages: [{ name: 'Only', position: 0, touchpoints: [{ key: 'q1', providerType: 'people' }] }],
    });
    const res = await get(`journeyId=${quiet.journeyId}&metric=csat&${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TJourneyMapResponse>();
    const [tp] = body.stages[0]?.touchpoints ?? [];
    expect(tp).toMatchObject({
      volume: { responses: 0, interactions: 0 },
      result: { status: 'insufficient-data', n: 0, value: null },
      performance: null,
      importance: { status: 'insufficient-data', n: 0, correlation: null },
    });
    expect(body.painPoints.items).toEqual([]);
    expect(body.painPoints.unranked).toEqual([
      { touchpointId: quiet.touchpoints['q1'], reason: 'metric: insufficient-data' },
    ]);
  });

  it('refuses unknown or missing journeys and metrics without their question', async () => {
    const unknown = await get('journeyId=01900000-0000-7000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(
      unknown.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field,
    ).toBe('query.journeyId');
    const missing = await get('metric=csat');
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    expect(missing.statusCode).toBeLessThan(500);
    expect(missing.body).toContain('journeyId');
    const rating = await get(`journeyId=${trip.journeyId}&metric=rating`);
    expect(rating.statusCode).toBe(422);
    expect(rating.body).toContain('query.question');
    const other = await env().as(
      'viewer',
      { method: 'GET', url: `/api/analytics/journey-map?journeyId=${trip.journeyId}` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
  });
});
