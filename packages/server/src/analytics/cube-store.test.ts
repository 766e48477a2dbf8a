import { ZMetricsQuery } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, PG_URL, testServices } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  createSurvey,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';
import type { TServices } from '../composition/services.js';
import { openStorage } from '../storage/database.js';
import { queryMetrics } from './metrics-query.js';

describeEachDatabase('the in-memory cube', (env) => {
  let surveyId: string;
  let touchpointId: string;

  beforeAll(async () => {
    touchpointId = (await seedTouchpoints(env().storage, env().orgA.id, ['desk']))['desk'] ?? '';
    surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
  });

  const response = (nps: number) =>
    npsResponse(env().orgA.id, surveyId, nps, {
      touchpointId,
      startedAt: '2026-01-10T10:00:00.000Z',
      submittedAt: '2026-01-10T10:00:00.000Z',
      day: '2026-01-10',
      updatedAt: '2026-01-10T10:00:00.000Z',
    });

  const counts = async (services: TServices) => {
    const result = await queryMetrics(
      services,
      env().orgA.id,
      ZMetricsQuery.parse({ metric: 'nps', minN: '1' }),
    );
    const nps = result.groups[0]?.metrics['nps'];
    return nps?.status === 'ok' ? nps.counts : nps?.n;
  };
  const partition = (services: TServices) =>
    services.cubes.read(env().orgA.id, { keys: [] }, (cube) => cube.values.get('nps')?.days);

  it("follows this process's and other processes' writes through their events, without reloading", async () => {
    const services = env().services;
    await services.responses.write([response(10), response(9), response(3)]);
    // Promoters 10 and 9, one detractor.
    expect(await counts(services)).toEqual({ promoters: 2, passives: 0, detractors: 1 });
    const loaded = await partition(services);
    expect(loaded?.size).toBe(1);

    await services.responses.write([response(8)]);
    expect(await counts(services)).toEqual({ promoters: 2, passives: 1, detractors: 1 });
    // The same arrays: the delta was added in memory from the event, not read back.
    expect(await partition(services)).toBe(loaded);

    // Another process (its own storage, services and writer) on the same database: its events
    // reach this process's cube through the outbox.
    const s = env().storage;
    const other =
      s.dialect === 'sqlite'
        ? await openStorage(s.sqlite?.name ?? '')
        : await openStorage(PG_URL ?? '', { pgSchema: s.pgSchema ?? '' });
    try {
      const otherServices = await testServices(other, { start: false });
      await otherServices.responses.write([response(0), response(10)]);
      // Not delivering events, the other process reloads its cube from the rollups.
      expect(await counts(otherServices)).toEqual({ promoters: 3, passives: 1, detractors: 2 });
      await otherServices.close();
    } finally {
      await other.close();
    }
    expect(await counts(services)).toEqual({ promoters: 3, passives: 1, detractors: 2 });
    expect(await partition(services)).toBe(loaded);
  });

  it('reloads a cube that missed writes (its rollup version is behind the stored one)', async () => {
    // A process that delivers no events (a command, say) sees others' writes only by reloading.
    const quiet = await testServices(env().storage, { start: false });
    const before = await counts(quiet);
    const loaded = await partition(quiet);
    await env().services.responses.write([response(6)]);
    const after = (await counts(quiet)) as { detractors: number };
    expect(after).toEqual({
      ...(before as object),
      detractors: (before as { detractors: number }).detractors + 1,
    });
    expect(await partition(quiet)).not.toBe(loaded);
    await quiet.close();
  });
});
