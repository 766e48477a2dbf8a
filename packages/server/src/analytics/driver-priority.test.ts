import type { TDriversResponse } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedAnalyticsFixture } from '../../test/support/analytics-fixture.js';

describeEachDatabase('key drivers priority matrix', (env) => {
  beforeAll(async () => {
    await seedAnalyticsFixture(env());
  });

  it('places each driver by rescaled weight and 0..100 performance, split at the means', async () => {
    const res = await env().as('viewer', {
      method: 'GET',
      url: '/api/analytics/drivers?outcome=nps&drivers=exp.sense,exp.bored,csat&minN=5',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TDriversResponse>();
    const matrix = body.priorityMatrix;
    expect(matrix).not.toBeNull();
    // Means over the 20 responses (analytics-fixture.ts): sense 65 / 20 = 3.25 on 1..5 -> 56.25;
    // bored 55 / 20 = 2.75 -> 43.75, reverse-coded -> 56.25; csat 67 / 20 = 3.35 -> 58.75.
    const performance = Object.fromEntries(matrix?.items.map((i) => [i.key, i.performance]) ?? []);
    expect(performance['exp.sense']).toBeCloseTo(56.25, 9);
    expect(performance['exp.bored']).toBeCloseTo(56.25, 9);
    expect(performance['csat']).toBeCloseTo(58.75, 9);
    // Rescaled weights sum to 100 over three drivers: the importance split is 100 / 3.
    expect(matrix?.importanceSplit).toBeCloseTo(100 / 3, 9);
    expect(matrix?.performanceSplit).toBeCloseTo((56.25 + 56.25 + 58.75) / 3, 9);
    for (const item of matrix?.items ?? []) {
      const weight = body.drivers.find((d) => d.key === item.key)?.rescaled;
      expect(item.importance).toBe(weight);
      const important = item.importance >= 100 / 3;
      const performing = item.performance >= (56.25 + 56.25 + 58.75) / 3;
      const expected = important
        ? performing
          ? 'keep-up'
          : 'fix-first'
        : performing
          ? 'possible-overkill'
          : 'monitor';
      expect(item.quadrant, item.key).toBe(expected);
    }
  });

  it('has no matrix when there is too little data', async () => {
    const res = await env().as('viewer', {
      method: 'GET',
      url: '/api/analytics/drivers?outcome=nps&drivers=csat&minN=1000',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TDriversResponse>()).toMatchObject({
      status: 'insufficient-data',
      priorityMatrix: null,
    });
  });
});
