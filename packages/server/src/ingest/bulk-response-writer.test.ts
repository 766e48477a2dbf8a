import { expect, it } from 'vitest';
import { describeEachDatabase, testServices } from '../../test/harness.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { generateDemo } from '../demo/demo.service.js';
import { ingestEngine } from './engine.js';
import {
  countRows,
  createSurvey,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';

/** The NPS cell of a survey, summed over its rows: how many answers and their sum. */
async function npsTotals(storage: TStorage, surveyId: string) {
  const rows = await storage.db
    .selectFrom('rollup_values')
    .select(['n', 'sum'])
    .where('survey_id', '=', surveyId)
    .where('question_key', '=', 'nps')
    .execute();
  return {
    n: rows.reduce((a, r) => a + Number(r.n), 0),
    sum: rows.reduce((a, r) => a + Number(r.sum), 0),
  };
}

describeEachDatabase('bulk response writer', (env) => {
  it('stores a value all rows share, written into the statement, exactly as given', async () => {
    const { storage, orgA } = env();
    const surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    // The same in every row, so written as SQL literals: quotes, SQL, accents and emoji.
    const hidden = { note: "it's a 'test'); DROP TABLE responses; --", place: 'Café ✈️ 東京' };
    // Another batch: the same statement shape, other literals.
    const other = { note: 'other' };
    const writer = ingestEngine(storage).bulkResponses();
    try {
      const shared = [3, 7, 10].map((nps, i) =>
        npsResponse(orgA.id, surveyId, nps, { hidden, idempotencyKey: `shared-${i}` }),
      );
      const withOther = [1, 2].map((nps) => npsResponse(orgA.id, surveyId, nps, { hidden: other }));
      expect(await writer.write(shared)).toEqual([]);
      expect(await writer.write(withOther)).toEqual([]);
      expect(await writer.write([npsResponse(orgA.id, surveyId, 5, { hidden })])).toEqual([]);
    } finally {
      await writer.close();
    }
    const rows = await storage.db
      .selectFrom('responses')
      .select(['hidden_json', 'idempotency_key', 'values_json', 'channel', 'survey_version'])
      .where('survey_id', '=', surveyId)
      .execute();
    const read = rows.map((r) => ({
      hidden: JSON.parse(r.hidden_json) as unknown,
      key: r.idempotency_key,
      nps: (JSON.parse(r.values_json) as { nps: number }).nps,
    }));
    expect(read.sort((a, b) => a.nps - b.nps)).toEqual([
      { hidden: other, key: null, nps: 1 },
      { hidden: other, key: null, nps: 2 },
      { hidden, key: 'shared-0', nps: 3 },
      { hidden, key: null, nps: 5 },
      { hidden, key: 'shared-1', nps: 7 },
      { hidden, key: 'shared-2', nps: 10 },
    ]);
    expect(new Set(rows.map((r) => `${r.channel} ${r.survey_version}`))).toEqual(
      new Set(['api 1']),
    );
  });

  it('stores text exactly as given: quotes, backslashes, tabs, newlines, emoji, NULL and empty', async () => {
    const { storage, orgA } = env();
    const surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    // Each differs from the next in every row, so the engines bind or copy them row by row.
    const keys: (string | null)[] = [
      'tab\there',
      'line\nbreak\r\nand CR',
      'back\\slash \\N \\t \\\\',
      `quotes ' " \`; DROP TABLE responses; --`,
      '\\N',
      '\\.',
      'Café ✈️ 東京 👩‍👩‍👧',
      '',
      null,
    ];
    const hidden = (i: number) => ({ note: `row ${i}\t"quoted"\n\\ end` });
    const writer = ingestEngine(storage).bulkResponses();
    try {
      const batch = keys.map((key, i) =>
        npsResponse(orgA.id, surveyId, i, { idempotencyKey: key, hidden: hidden(i) }),
      );
      expect(await writer.write(batch)).toEqual([]);
    } finally {
      await writer.close();
    }
    const rows = await storage.db
      .selectFrom('responses')
      .select(['idempotency_key', 'hidden_json', 'values_json'])
      .where('survey_id', '=', surveyId)
      .execute();
    const read = rows
      .map((r) => ({
        nps: (JSON.parse(r.values_json) as { nps: number }).nps,
        key: r.idempotency_key,
        hidden: JSON.parse(r.hidden_json) as unknown,
      }))
      .sort((a, b) => a.nps - b.nps);
    expect(read).toEqual(keys.map((key, i) => ({ nps: i, key, hidden: hidden(i) })));
  });

  it("gives every row its organization's number, in batches of one organization or several", async () => {
    const { storage, orgA, orgB } = env();
    const surveyA = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    const surveyB = (await createSurvey(env(), { definition: npsOnlyDefinition() }, { org: orgB }))
      .id;
    const writer = ingestEngine(storage).bulkResponses();
    try {
      // One organization (its id a literal), two interleaved (bound), and a single row.
      expect(await writer.write([4, 5, 6].map((n) => npsResponse(orgA.id, surveyA, n)))).toEqual(
        [],
      );
      const mixed = [7, 8, 9, 10].map((n, i) =>
        i % 2 === 0 ? npsResponse(orgA.id, surveyA, n) : npsResponse(orgB.id, surveyB, n),
      );
      expect(await writer.write(mixed)).toEqual([]);
      expect(await writer.write([npsResponse(orgB.id, surveyB, 1)])).toEqual([]);
    } finally {
      await writer.close();
    }
    const seqs = await storage.db.selectFrom('organizations').select(['id', 'seq']).execute();
    const seqOf = new Map(seqs.map((o) => [o.id, Number(o.seq)]));
    expect(seqOf.get(orgA.id)).not.toBe(seqOf.get(orgB.id));
    const rows = await storage.db
      .selectFrom('responses')
      .select(['organization_id', 'organization_seq', 'values_json'])
      .where('survey_id', 'in', [surveyA, surveyB])
      .execute();
    const bySeq = (seq: number | undefined) =>
      rows
        .filter((r) => Number(r.organization_seq) === seq)
        .map((r) => (JSON.parse(r.values_json) as { nps: number }).nps)
        .sort((a, b) => a - b);
    expect(bySeq(seqOf.get(orgA.id))).toEqual([4, 5, 6, 7, 9]);
    expect(bySeq(seqOf.get(orgB.id))).toEqual([1, 8, 10]);
    for (const r of rows) expect(Number(r.organization_seq)).toBe(seqOf.get(r.organization_id));
  });

  it('writes batch after batch for a load that holds the connection lock (the demo)', async () => {
    const { storage, orgB } = env();
    const surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() }, { org: orgB }))
      .id;
    const writer = ingestEngine(storage).bulkResponses({ exclusive: true });
    const batch = (nps: number) =>
      Array.from({ length: 30 }, () => npsResponse(orgB.id, surveyId, nps));
    const load = async () => {
      try {
        // Handed over together, stored in order.
        const written = [1, 2, 4].map((nps) => writer.write(batch(nps)));
        expect(await Promise.all(written)).toEqual([[], [], []]);
      } finally {
        await writer.close();
      }
    };
    if (storage.sqlite === null) await load();
    else await storage.db.connection().execute(load);
    expect(await countRows(env(), 'responses', surveyId)).toBe(90);
    expect(await npsTotals(storage, surveyId)).toEqual({ n: 90, sum: 210 });
    const written = await rollupSnapshot(storage, orgB.id);
    await rebuildOrganizationRollups(storage, orgB.id);
    expect(await rollupSnapshot(storage, orgB.id)).toEqual(written);
  });
});

it('writes on the one connection of an in-memory SQLite database', async () => {
  const storage = await openStorage(':memory:');
  try {
    await migrateToLatest(storage.db, storage.pgSchema);
    const result = await generateDemo(await testServices(storage, { start: false }), {
      customers: 60,
      months: 6,
      seed: 8,
      responseTarget: 10_000_000,
    });
    expect(result.counts.responses).toBeGreaterThan(50);
    const orgId = result.organizationId;
    const stored = await storage.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(result.counts.responses + result.counts.followUps);
    const written = await rollupSnapshot(storage, orgId);
    expect(written.values.length).toBeGreaterThan(10);
    await rebuildOrganizationRollups(storage, orgId);
    expect(await rollupSnapshot(storage, orgId)).toEqual(written);
  } finally {
    await storage.close();
  }
});
