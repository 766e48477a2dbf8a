/**
 * Interactions through the import API: valid rows stored and bad ones named by row and field,
 * other organizations' customers and touchpoints refused, CSV, and records handed over as objects.
 */
import { expect, it } from 'vitest';
import {
  count,
  CSV,
  describeImports,
  imported,
  NDJSON,
} from '../../test/support/imports-fixture.js';
import { systemActor } from '../auth/actor.js';
import { loadsSettled } from '../storage/database.js';
import { importInteractionRecords } from './imports.service.js';

/** 1,000 interactions over 10 customers; rows 17, 500 and 999 are wrong in one field each. */
function thousandInteractions(): string {
  const lines: string[] = [];
  for (let row = 1; row <= 1000; row++) {
    const record: Record<string, unknown> = {
      externalId: `ix-${row}`,
      customerExternalId: `cust-${row % 10}`,
      touchpoint: row % 2 === 0 ? 'lounge' : 'gate',
      occurredAt: `2026-01-${String((row % 28) + 1).padStart(2, '0')}T10:00:00Z`,
      type: 'visit',
      attributes: { minutes: row % 90 },
    };
    if (row % 3 === 0) Object.assign(record, { amount: row / 4, currency: 'EUR' });
    if (row === 17) record['touchpoint'] = 'spa';
    if (row === 500) Object.assign(record, { amount: 5, currency: 'eur' });
    if (row === 999) record['attributes'] = { colour: 'red' };
    lines.push(JSON.stringify(record));
  }
  return `${lines.join('\n')}\n`;
}

describeImports('interaction imports', (env) => {
  it('stores the 997 valid rows of 1,000 and reports the 3 bad ones by row and field', async () => {
    const file = thousandInteractions();
    const first = await imported(env(), 'interactions', NDJSON, file);
    expect(first).toEqual({
      importId: expect.any(String) as string,
      format: 'ndjson',
      rows: 1000,
      created: 997,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 3,
      errors: [
        { row: 17, field: 'touchpoint', reason: 'no touchpoint with key "spa"' },
        { row: 500, field: 'currency', reason: 'an ISO 4217 code such as EUR' },
        {
          row: 999,
          field: 'attributes.colour',
          reason: 'not a declared attribute; declared interaction attributes: minutes',
        },
      ],
      errorsTruncated: false,
    });
    expect(await count(env(), 'interactions')).toBe(997);

    // The same file again updates every stored row and creates none.
    const second = await imported(env(), 'interactions', NDJSON, file);
    expect(second).toMatchObject({ rows: 1000, created: 0, updated: 997, failed: 3 });
    expect(await count(env(), 'interactions')).toBe(997);

    const stored = await env()
      .storage.db.selectFrom('interactions')
      .select(['amount', 'currency', 'attributes_json', 'occurred_at'])
      .where('external_id', '=', 'ix-300')
      .executeTakeFirstOrThrow();
    expect({ ...stored, amount: Number(stored.amount) }).toEqual({
      amount: 75,
      currency: 'EUR',
      attributes_json: '{"minutes":30}',
      occurred_at: '2026-01-21T10:00:00.000Z',
    });
  });

  it('rejects customers and touchpoints of another organization, unknown ones, and bad lines', async () => {
    const rows = [
      {
        customerExternalId: 'only-in-b',
        touchpoint: 'lounge',
        occurredAt: '2026-02-01T00:00:00Z',
        type: 'x',
      },
      {
        customerExternalId: 'cust-1',
        touchpoint: 'spa',
        occurredAt: '2026-02-01T00:00:00Z',
        type: 'x',
      },
      { customerExternalId: 'cust-1', touchpoint: 'lounge', occurredAt: 'soon', type: 'x' },
      { customerExternalId: 'cust-1', touchpoint: 'lounge', occurredAt: '2026-02-01T00:00:00Z' },
      {
        customerExternalId: 'cust-1',
        touchpoint: 'lounge',
        occurredAt: '2026-02-01T00:00:00Z',
        type: 'x',
        seat: '4A',
      },
    ].map((r) => JSON.stringify(r));
    const file = [...rows, '{"customerExternalId": ', '', '[1,2]'].join('\r\n');
    const result = await imported(env(), 'interactions', NDJSON, file);
    expect(result.created).toBe(0);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'customerExternalId'],
      [2, 'touchpoint'],
      [3, 'occurredAt'],
      [4, 'type'],
      [5, 'seat'],
      [6, '(line)'],
      [8, '(row)'],
    ]);
    expect(result.errors[3]?.reason).toBe('required');
    expect(await count(env(), 'interactions', env().orgB.id)).toBe(0);
  });

  it('imports interactions from CSV; rows without an external id always insert', async () => {
    const csv =
      'customerExternalId,touchpoint,occurredAt,type,amount,currency,attributes.minutes\n' +
      'cust-1,lounge,2026-03-01T08:00:00+01:00,purchase,"1,5",EUR,\n' +
      'cust-1,lounge,2026-03-01T08:00:00+01:00,purchase,12.5,EUR,30\n' +
      'cust-2,gate,2026-03-02T08:00:00Z,boarding,,,\n' +
      'cust-2,gate,2026-03-02T08:00:00Z,boarding,7,,\n';
    const before = await count(env(), 'interactions');
    const first = await imported(env(), 'interactions', CSV, csv);
    expect(first).toMatchObject({ rows: 4, created: 2, failed: 2 });
    expect(first.errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'amount'],
      [4, 'currency'],
    ]);
    const second = await imported(env(), 'interactions', CSV, csv);
    expect(second).toMatchObject({ created: 2, updated: 0 });
    expect(await count(env(), 'interactions')).toBe(before + 4);
  });

  it('imports records handed over as objects, for the demo generator', async () => {
    const ctx = {
      storage: env().storage,
      actor: systemActor(env().orgA.id),
      services: env().services,
    };
    // An async source, as a generator reading from elsewhere would be.
    async function* records() {
      await Promise.resolve();
      yield {
        customerExternalId: 'cust-3',
        touchpoint: 'gate',
        occurredAt: '2026-04-01T00:00:00Z',
        type: 'demo',
      };
      yield {
        customerExternalId: 'nobody',
        touchpoint: 'gate',
        occurredAt: '2026-04-01T00:00:00Z',
        type: 'demo',
      };
    }
    const result = await importInteractionRecords(ctx, records());
    expect(result).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(result.errors).toEqual([
      { row: 2, field: 'customerExternalId', reason: 'no customer with external id "nobody"' },
    ]);
    // The import raised SQLite's checkpoint interval while it ran and put it back once its
    // thread had checkpointed.
    await loadsSettled(env().storage);
    const sqlite = env().storage.sqlite;
    if (sqlite) expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
