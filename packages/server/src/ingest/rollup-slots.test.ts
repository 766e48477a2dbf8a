/**
 * Writers of one organization in several processes on PostgreSQL (here: writers on two pools,
 * each with its own connections, as two processes have): each transaction adds its rollup deltas
 * in a writer slot of its own, so no writer waits for another's open transaction, and whatever
 * interleaving they commit in, the rollups equal a rebuild from the rows and the versions follow
 * the order of commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import { PG_URL, TEST_DATABASES, createTestEnv, type TTestEnv } from '../../test/harness.js';
import {
  caseOrganization,
  completeResponse,
  eventTransactions,
  organizationEvents,
  storedResponseIds,
} from '../../test/support/ingest-engines.js';
import {
  addRollupDeltasInSlot,
  lockEveryRollupSlot,
} from '../analytics/rollup-slots.repository.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { RollupDeltaBuilder } from '../analytics/rollup-deltas.js';
import { bumpRollupVersionIn } from '../analytics/rollups.repository.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { ingestEngine } from './engine.js';
import { ResponseWriter } from './response-writer.js';
import { rollupBatchListener, rollupResponseOf } from './rollup-writes.js';
import type { TStoredResponse } from './stored-response.js';
import { postgresWriteTx } from './write-tx.js';

const postgres = TEST_DATABASES.find((d) => d.dialect === 'postgres');

function groupCommit(storage: TStorage): ResponseWriter {
  return new ResponseWriter(ingestEngine(storage).flush([rollupBatchListener()], 'response'));
}

/** `count` complete responses over two months, three touchpoints and every NPS score. */
function responses(
  orgId: string,
  surveyId: string,
  touchpointIds: string[],
  count: number,
  from: number,
): TStoredResponse[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const day = `2026-0${3 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const plan = {
      nps: i % 11,
      csat: i % 3 === 0 ? null : 1 + (i % 5),
      sense: 1 + (i % 7),
      feel: null,
    };
    return completeResponse(orgId, surveyId, plan, day, {
      touchpointId: touchpointIds[i % touchpointIds.length] ?? null,
    });
  });
}

/** The writer slots an organization's value and cross-product cells are stored in. */
async function slotsOf(storage: TStorage, orgId: string): Promise<number[]> {
  const { rows } = await sql<{ slot: number }>`
    SELECT DISTINCT slot FROM rollup_values WHERE organization_id = ${orgId}
    UNION SELECT DISTINCT slot FROM rollup_cross_products WHERE organization_id = ${orgId}
    ORDER BY slot`.execute(storage.db);
  return rows.map((r) => Number(r.slot));
}

/** The rollups equal a rebuild from the rows; returns them. */
async function expectRollupsRecount(storage: TStorage, orgId: string) {
  const written = await rollupSnapshot(storage, orgId);
  await rebuildOrganizationRollups(storage, orgId);
  expect(await rollupSnapshot(storage, orgId)).toEqual(written);
  return written;
}

const settledWithin = (work: Promise<unknown>, ms: number) =>
  Promise.race([
    work.then(() => 'done'),
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);

describe.skipIf(postgres === undefined || PG_URL === undefined)(
  'rollup writer slots, two pools on one PostgreSQL schema',
  () => {
    let env: TTestEnv & { close(): Promise<void> };
    /** The second process's connections. */
    let other: TStorage;
    beforeAll(async () => {
      if (postgres === undefined || PG_URL === undefined) return;
      env = await createTestEnv(postgres);
      other = await openStorage(PG_URL, { pgSchema: env.storage.pgSchema ?? '', pgPoolSize: 4 });
    });
    afterAll(async () => {
      await other.close();
      await env.close();
    });

    it('a writer does not wait for another transaction that holds the same cells open', async () => {
      const c = await caseOrganization(env);
      const orgId = c.org.id;
      const held = responses(orgId, c.surveyId, c.touchpointIds, 40, 0);
      const written = responses(orgId, c.surveyId, c.touchpointIds, 40, 0);
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding: () => void = () => undefined;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      // A transaction of this pool adds deltas to the very cells the other pool will write,
      // stays open, then takes them back out and bumps the version as a writer does.
      const open = env.storage.db.transaction().execute(async (trx) => {
        const tx = postgresWriteTx(trx);
        const added = held.map(rollupResponseOf);
        await addRollupDeltasInSlot(tx, new RollupDeltaBuilder().addBatch({ added }).build());
        holding();
        await released;
        await addRollupDeltasInSlot(
          tx,
          new RollupDeltaBuilder().addBatch({ added: [], removed: added }).build(),
        );
        await bumpRollupVersionIn(tx, orgId);
      });
      await holds;
      const writer = groupCommit(other);
      const writes = Promise.all(written.map((r) => writer.write([r])));
      expect(await settledWithin(writes, 5_000)).toBe('done');
      release();
      await open;
      await writer.close();
      expect(await slotsOf(env.storage, orgId)).toEqual([0, 1]);
      const rollups = await expectRollupsRecount(env.storage, orgId);
      expect(rollups.values.length).toBeGreaterThan(0);
      expect(rollups.cross.length).toBeGreaterThan(0);
      expect(await storedResponseIds(env.storage, orgId)).toEqual(written.map((r) => r.id).sort());
    });

    it('a writer waits while a transaction holds every slot (as a rebuild does), then adds its deltas', async () => {
      const c = await caseOrganization(env);
      const orgId = c.org.id;
      const first = responses(orgId, c.surveyId, c.touchpointIds, 30, 0);
      const writer = groupCommit(other);
      await Promise.all(first.map((r) => writer.write([r])));
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding: () => void = () => undefined;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const rebuild = env.storage.db.transaction().execute(async (trx) => {
        await lockEveryRollupSlot(trx);
        holding();
        await released;
      });
      await holds;
      const later = responses(orgId, c.surveyId, c.touchpointIds, 30, 30);
      const writes = Promise.all(later.map((r) => writer.write([r])));
      expect(await settledWithin(writes, 1_000)).toBe('still waiting');
      release();
      await rebuild;
      await writes;
      await writer.close();
      const rollups = await expectRollupsRecount(env.storage, orgId);
      const counted = rollups.values
        .map((v) => JSON.parse(v) as { question_key: string; n: number })
        .filter((v) => v.question_key === '$response')
        .reduce((sum, v) => sum + v.n, 0);
      expect(counted).toBe(60);
    });

    it('writers on two pools and an import, concurrently and beside a rebuild, leave rollups equal to a rebuild and versions in commit order', async () => {
      const c = await caseOrganization(env);
      const orgId = c.org.id;
      const writers = [groupCommit(env.storage), groupCommit(other)];
      const bulk = ingestEngine(other).bulkResponses();
      const all = responses(orgId, c.surveyId, c.touchpointIds, 900, 0);
      const single = all.slice(0, 600);
      const imported = all.slice(600);
      const writes = single.map((r, i) => writers[i % 2]?.write([r]));
      const batches = Array.from({ length: 6 }, (_, b) =>
        bulk.write(imported.slice(b * 50, b * 50 + 50)),
      );
      // A rebuild while they write: it takes every slot, so no delta is lost or counted twice.
      const rebuilt = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        rebuildOrganizationRollups(other, orgId),
      );
      await Promise.all([...writes, rebuilt]);
      expect((await Promise.all(batches)).flat()).toEqual([]);
      await bulk.close();
      await Promise.all(writers.map((w) => w.close()));

      expect(await storedResponseIds(env.storage, orgId)).toEqual(all.map((r) => r.id).sort());
      const rollups = await expectRollupsRecount(env.storage, orgId);
      const responseCount = rollups.values
        .map((v) => JSON.parse(v) as { question_key: string; n: number })
        .filter((v) => v.question_key === '$response')
        .reduce((sum, v) => sum + v.n, 0);
      expect(responseCount).toBe(all.length);

      // Each transaction's version is new and larger than the ones committed before it.
      const versions = eventTransactions(await organizationEvents(env.storage, orgId)).map(
        (tx) => tx[0]?.payload['rollupVersion'],
      );
      expect(versions.every((v) => typeof v === 'number')).toBe(true);
      const numbers = versions as number[];
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  },
);
