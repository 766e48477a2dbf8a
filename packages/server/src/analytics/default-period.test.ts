import type { TDefaultPeriodResponse, TJourneyMapResponse } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  seedAnalyticsFixture,
  type TAnalyticsFixture,
} from '../../test/support/analytics-fixture.js';
import { get, type TMetricsJson } from '../../test/support/analytics-test-helpers.js';

/**
 * The fixture's answers stop on 2026-02-11 (lounge in January, gate in February, 10 each), long
 * before today: the default period is found from the data, not the calendar.
 */
describeEachDatabase('analytics defaults, questions and journey comparisons', (env) => {
  let fx: TAnalyticsFixture;
  let journeyId: string;

  beforeAll(async () => {
    fx = await seedAnalyticsFixture(env());
    const journeys = await get<{ items: { id: string }[] }>(env(), '/api/journeys');
    journeyId = journeys.items[0]?.id ?? '';
  });

  it('opens on the latest month whose NPS and CSAT have n 10 (CES unasked then)', async () => {
    const body = await get<TDefaultPeriodResponse>(env(), '/api/analytics/default-period');
    expect(body).toEqual({
      interval: 'month',
      period: '2026-02',
      from: '2026-02-01',
      to: '2026-02-11',
      latestDay: '2026-02-11',
      n: 10,
      enough: true,
    });
    const quarter = await get<TDefaultPeriodResponse>(
      env(),
      '/api/analytics/default-period?interval=quarter',
    );
    expect(quarter).toMatchObject({ period: '2026-Q1', from: '2026-01-01', n: 20, enough: true });
  });

  it('falls back to the latest period with any answer when none has enough', async () => {
    const body = await get<TDefaultPeriodResponse>(env(), '/api/analytics/default-period?minN=11');
    expect(body).toMatchObject({ period: '2026-02', n: 10, enough: false });
  });

  it('answers with nulls for an organization without responses', async () => {
    const res = await env().as(
      'viewer',
      { method: 'GET', url: '/api/analytics/default-period' },
      env().orgB,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ period: null, from: null, to: null, latestDay: null });
  });

  it('lists the numeric questions by their text, outcomes marked', async () => {
    const body = await get<{ items: { key: string; label: string; outcome: boolean }[] }>(
      env(),
      '/api/analytics/questions',
    );
    expect(body.items.map((q) => [q.key, q.label, q.outcome])).toEqual([
      ['ces', 'Easy?', true],
      ['csat', 'How satisfied?', true],
      ['nps', 'Recommend us?', true],
      ['exp.sense', 'The place ...: appeals to my senses', false],
      ['exp.bored', 'The place ...: bores me', false],
      ['value', 'Value?', false],
    ]);
  });

  it('leaves NPS, CSAT and CES out of the default drivers', async () => {
    const body = await get<{ drivers: { key: string }[] }>(
      env(),
      '/api/analytics/drivers?outcome=nps&minN=5',
    );
    expect(body.drivers.map((d) => d.key).sort()).toEqual(['exp.bored', 'exp.sense', 'value']);
  });

  it('compares the journey map with the previous period, on the pooled stage', async () => {
    const body = await get<TJourneyMapResponse>(
      env(),
      `/api/analytics/journey-map?journeyId=${journeyId}&from=2026-02-01&to=2026-02-28&compare=previous-period`,
    );
    // February (gate): 2 promoters, 5 passives, 3 detractors -> -10; the 28 days before
    // (2026-01-04 .. 2026-01-31, the lounge): 5, 2, 3 -> 20. A fall of 30 points.
    expect(body.comparison).toMatchObject({
      against: 'previous-period',
      label: '2026-01-04 to 2026-01-31',
    });
    const stage = body.stages[0];
    expect(stage?.change).toMatchObject({ status: 'ok', against: 'previous-period' });
    expect(stage?.change?.difference).toBeCloseTo(-30, 10);
    // Each touchpoint alone has answers in one month only: nothing to test.
    const gate = stage?.touchpoints.find((t) => t.id === fx.touchpoints['gate']);
    expect(gate?.change?.status).toBe('insufficient-data');
  });

  it('compares a segment with the rest, and filters the map by touchpoint', async () => {
    const lounge = fx.touchpoints['lounge'] ?? '';
    const body = await get<TJourneyMapResponse>(
      env(),
      `/api/analytics/journey-map?journeyId=${journeyId}&attr=traveller:business&compare=rest` +
        `&touchpointId=${lounge}&minN=5`,
    );
    const cells = body.stages.flatMap((s) => s.touchpoints);
    expect(cells.map((t) => t.id)).toEqual([lounge]);
    // Lounge business 10,10,9,9,9 -> 100; the rest (leisure) 8,7,6,3,0 -> -60.
    expect(cells[0]?.result).toMatchObject({ status: 'ok', n: 5, value: 100 });
    expect(cells[0]?.change?.difference).toBeCloseTo(160, 10);
    expect(body.comparison?.label).toBe('every response outside traveller: business');
    const refused = await env().as('viewer', {
      method: 'GET',
      url: `/api/analytics/journey-map?journeyId=${journeyId}&compare=rest`,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('query.compare');
  });

  it('applies from to the scorecard: the sparkline starts at its period', async () => {
    const body = await get<{ from: string; entries: { sparkline: { period: string }[] }[] }>(
      env(),
      '/api/analytics/scorecard?from=2026-01-15&to=2026-02-11',
    );
    expect(body.from).toBe('2026-01-01');
    expect(body.entries[0]?.sparkline.map((p) => p.period)).toEqual(['2026-01', '2026-02']);
  });

  it('lists the responses behind a figure: the total is the figure n', async () => {
    const cases = [
      'metric=nps&attr=traveller:business',
      'metric=ces',
      'metric=csat&from=2026-02-01&to=2026-02-28',
      `metric=nps&touchpointId=${fx.touchpoints['lounge'] ?? ''}&attr=traveller:leisure`,
      'metric=count&from=2026-01-10',
    ];
    for (const filters of cases) {
      const figure = await get<TMetricsJson>(env(), `/api/analytics/metrics?${filters}&minN=1`);
      const metric = new URLSearchParams(filters).get('metric') ?? '';
      const n = figure.groups[0]?.metrics[metric]?.n;
      const drill = await get<{ total: number; items: { values: Record<string, number> }[] }>(
        env(),
        `/api/analytics/responses?${filters}&limit=100`,
      );
      expect(n, filters).toBeGreaterThan(0);
      expect(drill.total, filters).toBe(n);
      expect(drill.items, filters).toHaveLength(n ?? -1);
    }
    const business = await get<{ items: { values: Record<string, number> }[] }>(
      env(),
      '/api/analytics/responses?metric=nps&attr=traveller:business&touchpointId=' +
        (fx.touchpoints['lounge'] ?? ''),
    );
    expect(business.items.map((i) => i.values['nps']).sort()).toEqual([10, 10, 9, 9, 9].sort());
  });
});
