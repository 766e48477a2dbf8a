/**
 * The contract of the write path, run over every engine (SQLite file, SQLite in memory,
 * PostgreSQL): for the group commit and the bulk response writer (interactions:
 * `interactions.case.test.ts`),
 * a batch is stored whole or not at all, refused rows are named and the rest is stored, an
 * idempotency key stores one response, rollups equal a recount from the rows, and every
 * committed write has its events exactly once, in order of commit.
 */
import { describe, expect, it } from 'vitest';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import { seededMix } from '../../test/support/ingest-mix.js';
import {
  batchIds,
  caseOrganization,
  completeResponse,
  completionOf,
  describeEachEngine,
  eventTransactions,
  organizationEvents,
  partialResponse,
  storedResponseIds,
  unknownId,
  type TAnswerPlan,
  type TCaseOrganization,
} from '../../test/support/ingest-engines.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { constraintViolation, isUniqueViolation } from '../storage/constraint-violation.js';
import type { TStorage } from '../storage/database.js';
import { ingestEngine } from './engine.js';
import { ResponseWriter } from './response-writer.js';
import { rollupBatchListener } from './rollup-writes.js';
import type { TStoredResponse } from './stored-response.js';

const DAY = '2026-03-02';
/** The day of rows that must be refused: no rollup cell may have it. */
const REFUSED_DAY = '2026-01-31';
const plan = (nps: number): TAnswerPlan => ({ nps, csat: 1 + (nps % 5), sense: 3, feel: null });

function groupCommit(storage: TStorage): ResponseWriter {
  return new ResponseWriter(ingestEngine(storage).flush([rollupBatchListener()], 'response'));
}

function reasonOf(result: PromiseSettledResult<void> | undefined): unknown {
  return result?.status === 'rejected' ? result.reason : undefined;
}

/** The ids of responses, sorted (as `storedResponseIds` returns them). */
const idsOf = (responses: readonly TStoredResponse[]) => responses.map((r) => r.id).sort();

/** Rollup cells of refused rows: any of their survey or day, or of another survey. */
async function cellsOfRefused(storage: TStorage, c: TCaseOrganization) {
  const values = await storage.db
    .selectFrom('rollup_values')
    .select(['survey_id', 'day'])
    .where('organization_id', '=', c.org.id)
    .where((eb) => eb.or([eb('survey_id', '!=', c.surveyId), eb('day', '=', REFUSED_DAY)]))
    .execute();
  const cross = await storage.db
    .selectFrom('rollup_cross_products')
    .select(['survey_id', 'month'])
    .where('organization_id', '=', c.org.id)
    .where((eb) => eb.or([eb('survey_id', '!=', c.surveyId), eb('month', '=', '2026-01')]))
    .execute();
  return [...values, ...cross];
}

/** The rollups an organization's writes left equal those rebuilt from its rows. */
async function expectRollupsRecount(storage: TStorage, orgId: string) {
  const written = await rollupSnapshot(storage, orgId);
  await rebuildOrganizationRollups(storage, orgId);
  expect(await rollupSnapshot(storage, orgId)).toEqual(written);
  return written;
}

describeEachEngine('ingest contract', (env, kind) => {
  it('runs on the engine it is named for', () => {
    expect(ingestEngine(env().storage).kind).toBe(kind);
  });

  describe('group commit', () => {
    it('stores each unit whole or not at all; the other units of the batch commit', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const orgId = c.org.id;
      const good = (nps: number) => completeResponse(orgId, c.surveyId, plan(nps), DAY);
      const doomed = (nps: number, extra: Partial<TStoredResponse> = {}) =>
        completeResponse(orgId, c.refusedSurveyId, plan(nps), REFUSED_DAY, extra);
      const writer = groupCommit(storage);
      try {
        const first = completeResponse(orgId, c.surveyId, plan(9), DAY, { idempotencyKey: 'k-1' });
        await writer.write([first]);
        const units = [
          [good(1)],
          [doomed(2), doomed(3, { idempotencyKey: 'k-1' })], // a key stored already
          [good(4), good(5)],
          [doomed(6), doomed(7, { customerId: unknownId() })], // no such customer
          [completeResponse(orgId, unknownId(), plan(8), REFUSED_DAY)], // no such survey
          [partialResponse(orgId, c.surveyId, DAY)],
        ];
        // Written together: one batch, one transaction.
        const results = await Promise.allSettled(units.map((unit) => writer.write(unit)));
        expect(results.map((r) => r.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
          'rejected',
          'rejected',
          'fulfilled',
        ]);
        expect(isUniqueViolation(reasonOf(results[1]))).toBe(true);
        expect(constraintViolation(reasonOf(results[3]))).toMatch(/refers to/);
        expect(constraintViolation(reasonOf(results[4]))).toMatch(/refers to/);

        const stored = [first, ...[0, 2, 5].flatMap((i) => units[i] ?? [])];
        expect(await storedResponseIds(storage, orgId)).toEqual(idsOf(stored));
        expect(await cellsOfRefused(storage, c)).toEqual([]);
        const refused = new Set([1, 3, 4].flatMap((i) => units[i] ?? []).map((r) => r.id));
        const events = await organizationEvents(storage, orgId);
        expect(events.filter((e) => refused.has(e.subjectId))).toEqual([]);
        await expectRollupsRecount(storage, orgId);
      } finally {
        await writer.close();
      }
    });

    it('stores one response per idempotency key: the second write is refused', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const orgId = c.org.id;
      const keyed = (nps: number) =>
        completeResponse(orgId, c.surveyId, plan(nps), DAY, { idempotencyKey: 'same-key' });
      const writer = groupCommit(storage);
      try {
        const first = keyed(3);
        await writer.write([first]);
        await expect(writer.write([keyed(4)])).rejects.toSatisfy(isUniqueViolation);
        // Two of them in one batch: the first unit wins.
        const other = (nps: number) =>
          completeResponse(orgId, c.surveyId, plan(nps), DAY, { idempotencyKey: 'other-key' });
        const [a, b] = [other(5), other(6)];
        const results = await Promise.allSettled([writer.write([a]), writer.write([b])]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
        expect(isUniqueViolation(reasonOf(results[1]))).toBe(true);
        expect(await storedResponseIds(storage, orgId)).toEqual(idsOf([first, a]));
        await expectRollupsRecount(storage, orgId);
      } finally {
        await writer.close();
      }
    });

    it('appends one event per stored response, exactly once, in order of commit', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const orgId = c.org.id;
      const good = (nps: number, extra: Partial<TStoredResponse> = {}) =>
        completeResponse(orgId, c.surveyId, plan(nps), DAY, extra);
      const [c1, c2, c3, c4, c5] = [
        good(1, { idempotencyKey: 'event-key' }),
        good(2),
        good(3),
        good(4),
        good(5),
      ] as const;
      const [p1, p2] = [
        partialResponse(orgId, c.surveyId, DAY),
        partialResponse(orgId, c.surveyId, DAY),
      ];
      const done = completionOf(p1, plan(10), DAY);
      const writer = groupCommit(storage);
      try {
        const write = (units: TStoredResponse[][]) =>
          Promise.allSettled(units.map((unit) => writer.write(unit)));
        const clash = good(6, { idempotencyKey: 'event-key' });
        const first = await write([[c1], [p1], [c2, c3], [c4, clash]]);
        expect(first.map((r) => r.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'rejected',
        ]);
        // p1 completed twice in one batch: the second finds it complete already.
        const second = await write([[done], [c5], [completionOf(p1, plan(0), DAY)]]);
        expect(second.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
        expect(reasonOf(second[2])).toMatchObject({ code: 'conflict' });
        await write([[p2]]);
      } finally {
        await writer.close();
      }
      expect(await storedResponseIds(storage, orgId)).toEqual(idsOf([c1, c2, c3, c5, p1, p2]));
      const transactions = eventTransactions(await organizationEvents(storage, orgId));
      const completed = (r: TStoredResponse) => `response.completed ${r.id}`;
      const created = (r: TStoredResponse) => `response.created ${r.id}`;
      expect(transactions.map((tx) => tx.map((e) => `${e.type} ${e.subjectId}`).sort())).toEqual([
        [completed(c1), created(p1), completed(c2), completed(c3)].sort(),
        [completed(p1), completed(c5)].sort(),
        [created(p2)],
      ]);
    });
  });

  describe('bulk responses', () => {
    it('stores the rows the database accepts and names each refused row by index', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const orgId = c.org.id;
      const writer = ingestEngine(storage).bulkResponses();
      const scores = Array.from({ length: 12 }, (_, i) => i % 11);
      const rows = scores.map((nps, i) =>
        completeResponse(orgId, c.surveyId, plan(nps), DAY, { idempotencyKey: `bulk-${i}` }),
      );
      const doomed = (nps: number, extra: Partial<TStoredResponse>) =>
        completeResponse(orgId, c.refusedSurveyId, plan(nps), REFUSED_DAY, extra);
      try {
        const first = completeResponse(orgId, c.surveyId, plan(9), DAY, { idempotencyKey: 'kept' });
        expect(await writer.write([first])).toEqual([]);
        rows[3] = doomed(1, { idempotencyKey: 'kept' }); // a key stored already
        rows[7] = doomed(2, { customerId: unknownId() }); // no such customer
        rows[9] = completeResponse(orgId, unknownId(), plan(3), REFUSED_DAY); // no such survey
        rows[10] = doomed(4, { idempotencyKey: 'bulk-2' }); // the key of row 2
        const failures = await writer.write(rows);
        expect(failures.map((f) => f.index)).toEqual([3, 7, 9, 10]);
        expect(failures.map((f) => isUniqueViolation(f.error))).toEqual([true, false, false, true]);
        for (const f of failures) expect(constraintViolation(f.error)).not.toBeNull();

        const stored = [first, ...rows.filter((_, i) => ![3, 7, 9, 10].includes(i))];
        expect(await storedResponseIds(storage, orgId)).toEqual(idsOf(stored));
        expect(await cellsOfRefused(storage, c)).toEqual([]);
        // The batch's first attempt rolled back with its rollups: every stored row counted once.
        const nps = await storage.db
          .selectFrom('rollup_values')
          .select(['n', 'sum'])
          .where('organization_id', '=', orgId)
          .where('question_key', '=', 'nps')
          .execute();
        expect(nps.reduce((a, r) => a + Number(r.n), 0)).toBe(stored.length);
        const sum = stored.reduce((a, r) => a + Number(r.answers['nps']), 0);
        expect(nps.reduce((a, r) => a + Number(r.sum), 0)).toBe(sum);
        await expectRollupsRecount(storage, orgId);
      } finally {
        await writer.close();
      }
    });

    it('stores one response per idempotency key: the repeat is refused by index', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const orgId = c.org.id;
      const keyed = (nps: number, key: string) =>
        completeResponse(orgId, c.surveyId, plan(nps), DAY, { idempotencyKey: key });
      const writer = ingestEngine(storage).bulkResponses();
      try {
        const first = keyed(1, 'one');
        expect(await writer.write([first])).toEqual([]);
        const again = [keyed(2, 'two'), keyed(3, 'one'), keyed(4, 'two')];
        const failures = await writer.write(again);
        expect(failures.map((f) => [f.index, isUniqueViolation(f.error)])).toEqual([
          [1, true],
          [2, true],
        ]);
        expect(await storedResponseIds(storage, orgId)).toEqual(
          idsOf([first, again[0] as TStoredResponse]),
        );
        await expectRollupsRecount(storage, orgId);
      } finally {
        await writer.close();
      }
    });

    it('names every stored row in one responses.imported event set per batch, exactly once', async () => {
      const { storage } = env();
      const c = await caseOrganization(env());
      const other = await caseOrganization(env());
      const orgId = c.org.id;
      const row = (i: number, extra: Partial<TStoredResponse> = {}) =>
        completeResponse(orgId, c.surveyId, plan(i % 11), DAY, {
          idempotencyKey: `ev-${i}`,
          ...extra,
        });
      const writer = ingestEngine(storage).bulkResponses();
      const expected: string[][] = [];
      try {
        const first = Array.from({ length: 5 }, (_, i) => row(i));
        expect(await writer.write(first)).toEqual([]);
        expected.push(idsOf(first));

        const second = Array.from({ length: 6 }, (_, i) => row(10 + i));
        second[2] = row(20, { idempotencyKey: 'ev-0' });
        second[4] = row(21, { customerId: unknownId() });
        expect((await writer.write(second)).map((f) => f.index)).toEqual([2, 4]);
        expected.push(idsOf(second.filter((_, i) => i !== 2 && i !== 4)));

        // Nothing stored, nothing recorded.
        const repeats = [row(30, { idempotencyKey: 'ev-1' }), row(31, { idempotencyKey: 'ev-2' })];
        expect((await writer.write(repeats)).map((f) => f.index)).toEqual([0, 1]);

        // Rows of two organizations in one batch: one transaction.
        const mixed = Array.from({ length: 6 }, (_, i) =>
          i % 2 === 0 ? row(40 + i) : completeResponse(other.org.id, other.surveyId, plan(i), DAY),
        );
        expect(await writer.write(mixed)).toEqual([]);
        expected.push(idsOf(mixed));
      } finally {
        await writer.close();
      }
      const events = await organizationEvents(storage, orgId, other.org.id);
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(['responses.imported']));
      const transactions = eventTransactions(events);
      expect(transactions.map((tx) => tx.flatMap(batchIds).sort())).toEqual(expected);
      const organizationOf = new Map([
        ...(await storedResponseIds(storage, orgId)).map((id) => [id, orgId] as const),
        ...(await storedResponseIds(storage, other.org.id)).map(
          (id) => [id, other.org.id] as const,
        ),
      ]);
      for (const e of events) {
        for (const id of batchIds(e)) expect(organizationOf.get(id)).toBe(e.organizationId);
      }
    });
  });

  it('leaves rollups equal to a recount from the rows after a seeded mix of writes', async () => {
    const { storage } = env();
    const c = await caseOrganization(env());
    const mix = await seededMix(storage, c, 20_260_302);
    // The plan exercises what it is meant to: refusals and completions of partial responses.
    expect(mix.refused).toBeGreaterThan(2);
    expect(mix.completed).toBeGreaterThan(2);
    expect(await storedResponseIds(storage, c.org.id)).toEqual(mix.stored.sort());
    const written = await expectRollupsRecount(storage, c.org.id);
    expect(written.values.length).toBeGreaterThan(20);
    expect(written.cross.length).toBeGreaterThan(5);
  });
});
