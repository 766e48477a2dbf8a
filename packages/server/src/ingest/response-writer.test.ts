import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import type { TResponseBatchListener } from './stored-response.js';
import { ingestEngine } from './engine.js';
import { ResponseWriter } from './response-writer.js';
import {
  countRows,
  createSurvey,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';

/** Sums every batch into a small rollup table through the dialect-neutral upsert. */
function rollupListener(batches: number[]): TResponseBatchListener {
  return {
    name: 'test-rollup',
    async apply(batch, tx) {
      batches.push(batch.length);
      const rows = batch.flatMap((r) =>
        r.values.map((v) => ({
          k: `${r.surveyId}:${v.questionKey}`,
          n: 1,
          s: v.value,
          lo: v.value,
          hi: v.value,
        })),
      );
      await tx.upsert('writer_test_rollup', rows, {
        key: ['k'],
        merge: { n: 'add', s: 'add', lo: 'min', hi: 'max' },
      });
    },
  };
}

describeEachDatabase('response writer', (env) => {
  let surveyId: string;
  const rollup = async () =>
    env()
      .storage.db.selectFrom('writer_test_rollup' as never)
      .selectAll()
      .execute() as Promise<{ k: string; n: number; s: number; lo: number; hi: number }[]>;

  beforeAll(async () => {
    surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    await sql`create table writer_test_rollup (k text primary key, n integer not null,
      s double precision not null, lo double precision, hi double precision)`.execute(
      env().storage.db,
    );
  });

  it('commits concurrent submissions in one transaction and maintains the listener in it', async () => {
    const batches: number[] = [];
    const writer = new ResponseWriter(
      ingestEngine(env().storage).flush([rollupListener(batches)], 'response'),
    );
    const scores = Array.from({ length: 200 }, (_, i) => i % 11);
    await Promise.all(
      scores.map((nps) => writer.write([npsResponse(env().orgA.id, surveyId, nps)])),
    );
    expect(batches).toEqual([200]);
    expect(await countRows(env(), 'responses', surveyId)).toBe(200);
    expect(await countRows(env(), 'response_values', surveyId)).toBe(200);
    const sum = scores.reduce((a, b) => a + b, 0);
    expect(
      (await rollup()).map((r) => [r.k, Number(r.n), Number(r.s), Number(r.lo), Number(r.hi)]),
    ).toEqual([[`${surveyId}:nps`, 200, sum, 0, 10]]);

    // A second batch adds to the same rollup row.
    await writer.write([
      npsResponse(env().orgA.id, surveyId, 10),
      npsResponse(env().orgA.id, surveyId, 4),
    ]);
    expect(batches).toEqual([200, 2]);
    expect((await rollup()).map((r) => [Number(r.n), Number(r.s)])).toEqual([[202, sum + 14]]);
    await writer.close();
    await expect(writer.write([npsResponse(env().orgA.id, surveyId, 1)])).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('fails the whole batch when a listener fails, storing nothing', async () => {
    const failing: TResponseBatchListener = {
      name: 'broken',
      apply: () => {
        throw new Error('disk full of rollups');
      },
    };
    const writer = new ResponseWriter(ingestEngine(env().storage).flush([failing], 'response'));
    const before = await countRows(env(), 'responses', surveyId);
    const results = await Promise.allSettled(
      [7, 8, 9].map((nps) => writer.write([npsResponse(env().orgA.id, surveyId, nps)])),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(
      /broken failed: disk full/,
    );
    expect(await countRows(env(), 'responses', surveyId)).toBe(before);
    await writer.close();
  });
});
