import { Readable } from 'node:stream';
import { systemActor } from '../auth/actor.js';
import type { TImportResult } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { loadsSettled } from '../storage/database.js';
import { importInteractionRecords } from './imports.service.js';

const NDJSON = 'application/x-ndjson';
const CSV = 'text/csv';

async function post(
  env: TTestEnv,
  what: string,
  contentType: string,
  payload: string,
  org = env.orgA,
) {
  return env.as(
    'admin',
    {
      method: 'POST',
      url: `/api/import/${what}`,
      headers: { 'content-type': contentType },
      payload,
    },
    org,
  );
}

async function imported(env: TTestEnv, what: string, contentType: string, payload: string) {
  const res = await post(env, what, contentType, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<TImportResult>();
}

async function count(env: TTestEnv, table: 'customers' | 'interactions', orgId = env.orgA.id) {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

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

describeEachDatabase('imports', (env) => {
  beforeAll(async () => {
    await seedTouchpoints(env().storage, env().orgA.id, ['lounge', 'gate']);
    await seedTouchpoints(env().storage, env().orgB.id, ['spa']);
    const keys = [
      { entity: 'customer', key: 'tier', label: 'Tier', type: 'enum', options: ['gold', 'silver'] },
      { entity: 'customer', key: 'visits', label: 'Visits', type: 'number' },
      { entity: 'customer', key: 'business', label: 'Business', type: 'boolean' },
      { entity: 'interaction', key: 'minutes', label: 'Minutes', type: 'number' },
    ];
    for (const payload of keys) {
      const res = await env().as('admin', { method: 'POST', url: '/api/attribute-keys', payload });
      expect(res.statusCode).toBe(201);
    }
    const customers = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ externalId: `cust-${i}` }),
    );
    const result = await imported(env(), 'customers', NDJSON, customers.join('\n'));
    expect(result).toMatchObject({ rows: 10, created: 10, updated: 0, failed: 0 });
    // A customer that exists only in the other organization.
    await post(env(), 'customers', NDJSON, '{"externalId":"only-in-b"}', env().orgB);
  });

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

  it('reads CSV with BOM, CRLF, quoted commas and line breaks; upserts only the given columns', async () => {
    const csv =
      '\uFEFFexternalId,name,email,emailConsent,attributes.tier,attributes.visits,attributes.business\r\n' +
      'csv-1,"Lovelace, Ada",ada@example.com,yes,gold,12,true\r\n' +
      'csv-2,"Multi\r\nLine",,0,,,no\r\n' +
      'csv-3,Bad Visits,,1,silver,many,\r\n' +
      'csv-4,Bad Email,not-an-email,,,,\r\n';
    const first = await imported(env(), 'customers', CSV, csv);
    expect(first).toMatchObject({ format: 'csv', rows: 4, created: 2, updated: 0, failed: 2 });
    expect(first.errors).toEqual([
      { row: 3, field: 'attributes.visits', reason: 'must be a number' },
      { row: 4, field: 'email', reason: expect.any(String) as string },
    ]);
    const ada = await env().as('admin', {
      method: 'GET',
      url: '/api/customers/by-external-id/csv-1',
    });
    expect(ada.json()).toMatchObject({
      name: 'Lovelace, Ada',
      email: 'ada@example.com',
      emailConsent: true,
      attributes: { tier: 'gold', visits: 12, business: true },
    });
    const multi = await env().as('admin', {
      method: 'GET',
      url: '/api/customers/by-external-id/csv-2',
    });
    expect(multi.json()).toMatchObject({
      name: 'Multi\r\nLine',
      emailConsent: false,
      attributes: { business: false },
    });

    // A file with fewer columns changes only those: the name and e-mail stay, attributes merge.
    const update = 'externalId,attributes.visits,optedOut\ncsv-1,13,true\ncsv-5,1,false\n';
    const second = await imported(env(), 'customers', CSV, update);
    expect(second).toMatchObject({ rows: 2, created: 1, updated: 1, failed: 0 });
    const after = await env().as('admin', {
      method: 'GET',
      url: '/api/customers/by-external-id/csv-1',
    });
    expect(after.json()).toMatchObject({
      name: 'Lovelace, Ada',
      email: 'ada@example.com',
      attributes: { tier: 'gold', visits: 13, business: true },
    });
    expect(after.json<{ optedOutAt: string | null }>().optedOutAt).not.toBeNull();

    // NDJSON: a null attribute removes it from an existing customer.
    const removal = await imported(
      env(),
      'customers',
      NDJSON,
      '{"externalId":"csv-1","attributes":{"tier":null}}',
    );
    expect(removal).toMatchObject({ created: 0, updated: 1 });
    const removed = await env().as('admin', {
      method: 'GET',
      url: '/api/customers/by-external-id/csv-1',
    });
    expect(removed.json<{ attributes: object }>().attributes).toEqual({
      visits: 13,
      business: true,
    });

    // A new customer's null attribute is simply not stored.
    const fresh = await imported(
      env(),
      'customers',
      NDJSON,
      '{"externalId":"csv-6","attributes":{"tier":null,"visits":2}}',
    );
    expect(fresh).toMatchObject({ created: 1, updated: 0 });
    const six = await env().as('admin', {
      method: 'GET',
      url: '/api/customers/by-external-id/csv-6',
    });
    expect(six.json<{ attributes: object }>().attributes).toEqual({ visits: 2 });
  });

  it('fails a file with an unknown column up front, naming it, and stores nothing', async () => {
    const before = await count(env(), 'customers');
    const res = await post(env(), 'customers', CSV, 'externalId,nickname\nnick-1,Nicky\n');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { details: [{ field: 'columns.nickname' }, {}] } });
    const attr = await post(env(), 'customers', CSV, 'externalId,attributes.colour\nnick-2,red\n');
    expect(attr.json()).toMatchObject({
      error: { details: [{ field: 'columns.attributes.colour' }, { field: 'import.id' }] },
    });
    const missing = await post(
      env(),
      'interactions',
      CSV,
      'customerExternalId,touchpoint,type\ncust-1,lounge,x\n',
    );
    expect(missing.json()).toMatchObject({
      error: { details: [{ field: 'columns.occurredAt' }, { field: 'import.id' }] },
    });
    expect(await count(env(), 'customers')).toBe(before);
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

  it('answers 415 for other media types and 403 for roles that may not import', async () => {
    const json = await env().as('admin', {
      method: 'POST',
      url: '/api/import/customers',
      payload: { externalId: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const analyst = await env().as('analyst', {
      method: 'POST',
      url: '/api/import/customers',
      headers: { 'content-type': NDJSON },
      payload: '{"externalId":"x"}',
    });
    expect(analyst.statusCode).toBe(403);
    const charset = await post(
      env(),
      'customers',
      'text/csv; charset=utf-8',
      'externalId\ncharset-1\n',
    );
    expect(charset.json()).toMatchObject({ created: 1 });
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

describeEachDatabase('imports with NUL characters', (env) => {
  it('refuses the rows whose text holds a NUL, stores the rest, the same on both databases', async () => {
    const csv = 'externalId,name\n' + 'nul-1,Ada\n' + 'nul-2,Gr\u0000ace\n';
    const customers = await imported(env(), 'customers', CSV, csv);
    expect(customers).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(customers.errors).toEqual([
      { row: 2, field: 'name', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
    const ndjson = [
      { externalId: 'nul-3', name: 'Bob' },
      { externalId: 'nul-4', locale: 'de\u0000' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const more = await imported(env(), 'customers', NDJSON, ndjson);
    expect(more).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(more.errors).toEqual([
      { row: 2, field: 'locale', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
    expect(await count(env(), 'customers')).toBe(2);
    await seedTouchpoints(env().storage, env().orgA.id, ['nul-lounge']);
    const interactions = [
      {
        customerExternalId: 'nul-1',
        touchpoint: 'nul-lounge',
        occurredAt: '2026-01-02T10:00:00Z',
        type: 'visit',
      },
      {
        customerExternalId: 'nul-1',
        touchpoint: 'nul-lounge',
        occurredAt: '2026-01-03T10:00:00Z',
        type: 'vi\u0000sit',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const visits = await imported(env(), 'interactions', NDJSON, interactions);
    expect(visits).toMatchObject({ rows: 2, created: 1, failed: 1 });
    expect(visits.errors).toEqual([
      { row: 2, field: 'type', reason: 'text may not contain a NUL character (U+0000)' },
    ]);
  });
});

describeEachDatabase(
  'imports over the body limit',
  (env) => {
    it('answers 413 for a declared length over the limit and for a longer stream', async () => {
      const big = `externalId\n${Array.from({ length: 50 }, (_, i) => `big-${i}`).join('\n')}\n`;
      const declared = await post(env(), 'customers', CSV, big);
      expect(declared.statusCode).toBe(413);
      expect(declared.json()).toMatchObject({ error: { code: 'payload_too_large' } });

      // Chunked, without a length: the importer stops reading once the limit is passed.
      const streamed = await env().as('admin', {
        method: 'POST',
        url: '/api/import/customers',
        headers: { 'content-type': CSV },
        payload: Readable.from([Buffer.from(big)]),
      });
      expect(streamed.statusCode).toBe(413);
      expect(await count(env(), 'customers')).toBe(0);
    });
  },
  { importBodyLimit: 100 },
);

describeEachDatabase(
  'imports stopped midway',
  (env) => {
    it('a 413 midway says what was stored, and the same file sent again stores nothing twice', async () => {
      const rows = Array.from({ length: 40_000 }, (_, i) => `mid-${i}`);
      const file = Buffer.from(`externalId\n${rows.join('\n')}\n`);
      // Sent in 16 KB chunks, as a client streams it: the limit is passed partway.
      const chunks = Array.from({ length: Math.ceil(file.length / 16_384) }, (_, i) =>
        file.subarray(i * 16_384, (i + 1) * 16_384),
      );
      const streamed = await env().as('admin', {
        method: 'POST',
        url: '/api/import/customers',
        headers: { 'content-type': CSV },
        payload: Readable.from(chunks),
      });
      expect(streamed.statusCode).toBe(413);
      const error = streamed.json<{
        error: { message: string; details: { field: string; message: string }[] };
      }>().error;
      const stored = await count(env(), 'customers');
      expect(stored).toBeGreaterThan(0);
      expect(error.message).toContain('were kept');
      expect(error.details).toContainEqual({ field: 'import.stored', message: String(stored) });

      // The part that fits, sent again: those stored are updated, not duplicated.
      const part = `externalId\n${rows.slice(0, stored).join('\n')}\n`;
      const again = await imported(env(), 'customers', CSV, part);
      expect(again).toMatchObject({ created: 0, updated: stored, failed: 0 });
      expect(await count(env(), 'customers')).toBe(stored);
    });
  },
  { importBodyLimit: 300_000 },
);
