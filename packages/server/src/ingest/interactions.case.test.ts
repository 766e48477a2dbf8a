/**
 * The write path's contract for interaction imports, run over every engine (SQLite file, SQLite
 * in memory, PostgreSQL); `ingest.case.test.ts` holds the responses' part.
 */
import { expect, it } from 'vitest';
import {
  batchIds,
  caseOrganization,
  describeEachEngine,
  eventTransactions,
  organizationEvents,
  readyInteraction,
  storedInteractions,
  unknownId,
} from '../../test/support/ingest-engines.js';
import { systemActor } from '../auth/actor.js';
import { importCustomerRecords } from '../imports/imports.service.js';
import { ingestEngine } from './engine.js';

describeEachEngine('ingest contract: bulk interactions', (env) => {
  async function withCustomers(externalIds: string[]) {
    const c = await caseOrganization(env());
    const ctx = {
      storage: env().storage,
      actor: systemActor(c.org.id),
      services: env().services,
    };
    await importCustomerRecords(
      ctx,
      externalIds.map((externalId) => ({ externalId })),
    );
    return c;
  }

  it('stores nothing of a batch refused whole (its organization does not exist)', async () => {
    const { storage } = env();
    const c = await withCustomers(['alice']);
    const [touchpoint = ''] = c.touchpointIds;
    const gone = ingestEngine(storage).bulkInteractions(unknownId());
    try {
      await expect(
        gone.write([
          readyInteraction(1, 'x-1', 'alice', touchpoint),
          readyInteraction(2, 'x-2', 'alice', touchpoint),
        ]),
      ).rejects.toThrow();
    } finally {
      await gone.close();
    }
    expect((await storedInteractions(storage, c.org.id)).size).toBe(0);
    expect(await organizationEvents(storage, c.org.id)).toEqual([]);
  });

  it('stores text as given: tabs, newlines, backslashes, quotes, emoji; NULL apart from empty', async () => {
    const { storage } = env();
    const customers = ['tab\tcustomer', 'line\nbreak', 'back\\slash \\N', `q'uote"s 東京 ✈️`];
    const c = await withCustomers(customers);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    const types = ['a\tb', 'c\r\nd', '\\.', '👩‍👩‍👧 '];
    try {
      const rows = customers.map((customer, i) =>
        readyInteraction(i + 1, `${customer} #${i}`, customer, touchpoint, {
          type: types[i] ?? '',
          currency: i % 2 === 0 ? '' : null,
          attributesJson: JSON.stringify({ note: `${customer}\t"${i}"` }),
        }),
      );
      expect(await writer.write(rows)).toEqual({ created: 4, updated: 0, errors: [] });
    } finally {
      await writer.close();
    }
    const stored = await storage.db
      .selectFrom('interactions')
      .innerJoin('customers', 'customers.id', 'interactions.customer_id')
      .select([
        'interactions.external_id as externalId',
        'customers.external_id as customer',
        'interactions.type as type',
        'interactions.currency as currency',
        'interactions.attributes_json as attributes',
      ])
      .where('interactions.organization_id', '=', c.org.id)
      .execute();
    const byCustomer = new Map(stored.map((r) => [r.customer, r]));
    customers.forEach((customer, i) => {
      expect(byCustomer.get(customer)).toEqual({
        externalId: `${customer} #${i}`,
        customer,
        type: types[i],
        currency: i % 2 === 0 ? '' : null,
        attributes: JSON.stringify({ note: `${customer}\t"${i}"` }),
      });
    });
  });

  it('names the rows of unknown customers by row and stores the others', async () => {
    const { storage } = env();
    const c = await withCustomers(['alice', 'bob']);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    try {
      const rows = [
        readyInteraction(2, 'v-1', 'alice', touchpoint),
        readyInteraction(3, 'v-2', 'nobody', touchpoint),
        readyInteraction(4, 'v-3', 'bob', touchpoint),
        readyInteraction(5, 'v-4', 'carol', touchpoint),
      ];
      expect(await writer.write(rows)).toEqual({
        created: 2,
        updated: 0,
        errors: [
          {
            row: 3,
            field: 'customerExternalId',
            reason: 'no customer with external id "nobody"',
          },
          { row: 5, field: 'customerExternalId', reason: 'no customer with external id "carol"' },
        ],
      });
    } finally {
      await writer.close();
    }
    expect([...(await storedInteractions(storage, c.org.id)).keys()].sort()).toEqual([
      'v-1',
      'v-3',
    ]);
  });

  it('stores one interaction per external id: a re-import replaces it and keeps its id', async () => {
    const { storage } = env();
    const c = await withCustomers(['alice']);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    try {
      const first = [
        readyInteraction(1, 'r-1', 'alice', touchpoint),
        readyInteraction(2, 'r-2', 'alice', touchpoint),
      ];
      expect(await writer.write(first)).toEqual({ created: 2, updated: 0, errors: [] });
      const before = await storedInteractions(storage, c.org.id);
      const again = [readyInteraction(1, 'r-1', 'alice', touchpoint, { type: 'again' })];
      expect(await writer.write(again)).toEqual({ created: 0, updated: 1, errors: [] });
      const after = await storedInteractions(storage, c.org.id);
      expect(after.get('r-1')).toEqual({ id: before.get('r-1')?.id, type: 'again' });
      expect(after.get('r-2')).toEqual(before.get('r-2'));
      expect(after.size).toBe(2);
    } finally {
      await writer.close();
    }
  });

  it("names every stored interaction in its batch's event, exactly once", async () => {
    const { storage } = env();
    const c = await withCustomers(['alice', 'bob']);
    const [gate = '', lounge = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    const batches = [
      ['e-1', 'e-2', 'e-3', 'e-4'].map((id, i) =>
        readyInteraction(i + 1, id, i % 2 ? 'bob' : 'alice', gate),
      ),
      [
        readyInteraction(1, 'e-3', 'bob', lounge, { type: 'moved' }), // re-imported
        readyInteraction(2, 'e-5', 'alice', lounge),
        readyInteraction(3, 'e-6', 'nobody', lounge),
        readyInteraction(4, 'e-7', 'bob', lounge),
      ],
      // Nothing stored, nothing recorded.
      [readyInteraction(1, 'e-8', 'nobody', gate)],
    ];
    const stored: string[][] = [];
    try {
      for (const batch of batches) {
        await writer.write(batch);
        const ids = await storedInteractions(storage, c.org.id);
        stored.push(batch.flatMap((r) => ids.get(r.externalId ?? '')?.id ?? []).sort());
      }
    } finally {
      await writer.close();
    }
    const events = await organizationEvents(storage, c.org.id);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['interactions.imported']));
    const transactions = eventTransactions(events);
    expect(transactions.map((tx) => tx.flatMap(batchIds).sort())).toEqual(
      stored.filter((ids) => ids.length > 0),
    );
    expect(stored.map((ids) => ids.length)).toEqual([4, 3, 0]);
  });

  it('names a row whose touchpoint no longer exists and stores the others', async () => {
    const { storage } = env();
    const c = await withCustomers(['alice']);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    try {
      const rows = [
        readyInteraction(1, 't-1', 'alice', touchpoint),
        readyInteraction(2, 't-2', 'alice', unknownId()),
      ];
      expect(await writer.write(rows)).toEqual({
        created: 1,
        updated: 0,
        errors: [{ row: 2, field: 'touchpoint', reason: 'the touchpoint no longer exists' }],
      });
    } finally {
      await writer.close();
    }
    expect([...(await storedInteractions(storage, c.org.id)).keys()]).toEqual(['t-1']);
  });

  it('counts a repeat of an external id within one batch as an update', async () => {
    const c = await withCustomers(['alice']);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(env().storage).bulkInteractions(c.org.id);
    try {
      const rows = [
        readyInteraction(1, 'twice', 'alice', touchpoint),
        readyInteraction(2, 'twice', 'alice', touchpoint, { type: 'second' }),
      ];
      expect(await writer.write(rows)).toEqual({ created: 1, updated: 1, errors: [] });
    } finally {
      await writer.close();
    }
  });

  it('names an interaction once when one batch writes it twice', async () => {
    const { storage } = env();
    const c = await withCustomers(['alice']);
    const [touchpoint = ''] = c.touchpointIds;
    const writer = ingestEngine(storage).bulkInteractions(c.org.id);
    try {
      await writer.write([
        readyInteraction(1, 'twice', 'alice', touchpoint),
        readyInteraction(2, 'twice', 'alice', touchpoint, { type: 'second' }),
      ]);
    } finally {
      await writer.close();
    }
    const id = (await storedInteractions(storage, c.org.id)).get('twice')?.id;
    const events = await organizationEvents(storage, c.org.id);
    expect(events.flatMap(batchIds)).toEqual([id]);
  });
});
