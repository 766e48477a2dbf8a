import { ZMetricsQuery } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, PG_URL } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { createResponseWriter } from '../responses/batch-listeners.js';
import {
  createSurvey,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { cubeStoreOf } from './cube-store.js';
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

  const counts = async (storage: TStorage) => {
    const result = await queryMetrics(
      storage,
      env().orgA.id,
      ZMetricsQuery.parse({ metric: 'nps', minN: '1' }),
    );
    const nps = result.groups[0]?.metrics['nps'];
    return nps?.status === 'ok' ? nps.counts : nps?.n;
  };
  const partition = (storage: TStorage) =>
    cubeStoreOf(storage).read(env().orgA.id, { keys: [] }, (cube) => cube.values.get('nps')?.days);

  it("applies this process's writes after commit without reloading, and reloads after another process wrote", async () => {
    const writer = createResponseWriter(env().storage);
    await writer.write([response(10), response(9), response(3)]);
    // Promoters 10 and 9, one detractor.
    expect(await counts(env().storage)).toEqual({ promoters: 2, passives: 0, detractors: 1 });
    const loaded = await partition(env().storage);
    expect(loaded?.size).toBe(1);

    await writer.write([response(8)]);
    expect(await counts(env().storage)).toEqual({ promoters: 2, passives: 1, detractors: 1 });
    // The same arrays: the delta was added in memory, not read back from the database.
    expect(await partition(env().storage)).toBe(loaded);

    // Another process (its own storage and writer) on the same database.
    const s = env().storage;
    const other =
      s.dialect === 'sqlite'
        ? await openStorage(s.sqlite?.name ?? '')
        : await openStorage(PG_URL ?? '', { pgSchema: s.pgSchema ?? '' });
    try {
      const otherWriter = createResponseWriter(other);
      await otherWriter.write([response(0), response(10)]);
      await otherWriter.close();
    } finally {
      await other.close();
    }
    expect(await counts(env().storage)).toEqual({ promoters: 3, passives: 1, detractors: 2 });
    expect(await partition(env().storage)).not.toBe(loaded);
    await writer.close();
  });
});
