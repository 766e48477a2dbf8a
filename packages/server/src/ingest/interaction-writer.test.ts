/**
 * The SQLite interaction writer: the writer thread's batches against other processes' erasures
 * and deletions and against this process's own writes. What every engine does (the in-memory
 * database's inline path included) is in `ingest.case.test.ts`.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { systemActor } from '../auth/actor.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { importCustomerRecords, importInteractionRecords } from '../imports/imports.service.js';

describeEachDatabase('interaction writer thread on SQLite', (env) => {
  beforeAll(async () => {
    await seedTouchpoints(env().storage, env().orgA.id, ['lounge']);
  });

  it('fails only the rows of a customer erased between two batches (SQLite checks each batch)', async (t) => {
    const sqlite = env().storage.sqlite;
    if (!sqlite) return t.skip();
    const ctx = {
      storage: env().storage,
      actor: systemActor(env().orgA.id),
      services: env().services,
    };
    await importCustomerRecords(ctx, [{ externalId: 'leaver' }, { externalId: 'stayer' }]);
    const leaver = sqlite
      .prepare('SELECT id FROM customers WHERE external_id = ? AND organization_id = ?')
      .pluck()
      .get('leaver', env().orgA.id) as string;
    // Batches of 10,000 (the writer thread's size): the first names both customers, the second
    // only the stayer, the third (2 rows) both again. The writer thread may hold the second
    // batch already when the first is reported; the third is handed over only after that report.
    const records = Array.from({ length: 20_002 }, (_, i) => ({
      customerExternalId: (i < 10_000 || i === 20_000) && i % 2 === 0 ? 'leaver' : 'stayer',
      touchpoint: 'lounge',
      occurredAt: '2026-07-01T00:00:00Z',
      type: 'erasure-race',
    }));
    let erased = false;
    const result = await importInteractionRecords(ctx, records, () => {
      if (erased) return;
      erased = true;
      // Another process erases the customer between the batches.
      sqlite.prepare('DELETE FROM interactions WHERE customer_id = ?').run(leaver);
      sqlite.prepare('DELETE FROM customers WHERE id = ?').run(leaver);
    });
    expect(result).toMatchObject({ rows: 20_002, created: 20_001, failed: 1 });
    expect(result.errors).toEqual([
      {
        row: 20_001,
        field: 'customerExternalId',
        reason: 'no customer with external id "leaver"',
      },
    ]);
  });

  it('fails only the rows of a touchpoint deleted between two batches, and leaves no dangling reference', async (t) => {
    const sqlite = env().storage.sqlite;
    if (!sqlite) return t.skip();
    const ctx = {
      storage: env().storage,
      actor: systemActor(env().orgA.id),
      services: env().services,
    };
    await seedTouchpoints(env().storage, env().orgA.id, ['pop-up']);
    await importCustomerRecords(ctx, [{ externalId: 'popper' }]);
    // Two batches of 10,000 are all lounge; the third (2 rows, handed to the writer thread only
    // after the first batch is reported) names the pop-up store.
    const records = Array.from({ length: 20_002 }, (_, i) => ({
      customerExternalId: 'popper',
      touchpoint: i < 20_000 ? 'lounge' : 'pop-up',
      occurredAt: '2026-07-02T00:00:00Z',
      type: 'touchpoint-race',
    }));
    let deleted = false;
    const result = await importInteractionRecords(ctx, records, () => {
      if (deleted) return;
      deleted = true;
      // Another process deletes the touchpoint, which no interaction refers to yet.
      sqlite
        .prepare('DELETE FROM touchpoints WHERE key = ? AND organization_id = ?')
        .run('pop-up', env().orgA.id);
    });
    expect(result).toMatchObject({ rows: 20_002, created: 20_000, failed: 2 });
    expect(result.errors).toEqual([
      { row: 20_001, field: 'touchpoint', reason: 'the touchpoint no longer exists' },
      { row: 20_002, field: 'touchpoint', reason: 'the touchpoint no longer exists' },
    ]);
    expect(sqlite.pragma('foreign_key_check(interactions)')).toEqual([]);
  });

  it('takes turns with the other writes of the process: none meets a busy database', async (t) => {
    const sqlite = env().storage.sqlite;
    if (!sqlite) return t.skip();
    const ctx = {
      storage: env().storage,
      actor: systemActor(env().orgA.id),
      services: env().services,
    };
    await importCustomerRecords(ctx, [{ externalId: 'turns' }]);
    const records = Array.from({ length: 40_000 }, (_, i) => ({
      externalId: `turn-${i}`,
      customerExternalId: 'turns',
      touchpoint: 'lounge',
      occurredAt: '2026-07-04T00:00:00Z',
      type: 'turn-taking',
    }));
    // No waiting on a busy database: a write that met the writer thread's lock would fail.
    const previous = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma('busy_timeout = 0');
    try {
      let done = false;
      const importing = importInteractionRecords(ctx, records).finally(() => {
        done = true;
      });
      const statuses: number[] = [];
      for (let i = 0; !done; i++) {
        const res = await env().as('admin', {
          method: 'POST',
          url: '/api/import/customers',
          headers: { 'content-type': 'application/x-ndjson' },
          payload: `{"externalId":"during-${i}"}`,
        });
        statuses.push(res.statusCode);
      }
      const result = await importing;
      expect(result).toMatchObject({ rows: 40_000, created: 40_000, failed: 0 });
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      sqlite.pragma(`busy_timeout = ${previous}`);
    }
  });
});
