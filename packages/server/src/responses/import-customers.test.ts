import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { importCustomerReader } from './import-customers.js';

/** Rejects after `ms` so that a lookup stuck behind the held connection fails instead of hanging. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, stuck]).finally(() => clearTimeout(timer));
}

describeEachDatabase('response import customer lookup', (env) => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [externalId, tier] of [
      ['C-1', 'gold'],
      ['C-2', 'none'],
    ] as const) {
      const created = await env().as('admin', {
        method: 'POST',
        url: '/api/customers',
        payload: { externalId },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      ids[externalId] = id;
      // Attributes as a segment is built from them (declaring them is another suite's concern).
      await env()
        .storage.db.updateTable('customers')
        .set({ attributes_json: JSON.stringify({ tier }) })
        .where('id', '=', id)
        .execute();
    }
    // Another organization's customer with the same external id is never found.
    const other = await env().as(
      'admin',
      { method: 'POST', url: '/api/customers', payload: { externalId: 'C-1' } },
      env().orgB,
    );
    expect(other.statusCode, other.body).toBe(201);
  });

  it("finds the organization's customers by external id, with their attributes", async () => {
    const reader = importCustomerReader(env().storage, env().orgA.id);
    try {
      const found = await reader.find(['C-2', 'C-1', 'C-404']);
      expect(
        found.map((c) => [c.external_id, c.id, JSON.parse(c.attributes_json) as unknown]).sort(),
      ).toEqual([
        ['C-1', ids['C-1'], { tier: 'gold' }],
        ['C-2', ids['C-2'], { tier: 'none' }],
      ]);
      expect(await reader.find([])).toEqual([]);
    } finally {
      reader.close();
    }
  });

  it('answers while the bulk writer holds the process connection (SQLite file)', async (t) => {
    const storage = env().storage;
    if (storage.sqlite === null) return t.skip();
    const reader = importCustomerReader(storage, env().orgA.id);
    try {
      // The bulk writer holds the connection while its thread stores a batch; the import's next
      // batch looks its customers up meanwhile. Through the held connection it would wait.
      const found = await storage.db
        .connection()
        .execute(() => within(5_000, reader.find(['C-1'])));
      expect(found.map((c) => c.id)).toEqual([ids['C-1']]);
    } finally {
      reader.close();
    }
  });
});
