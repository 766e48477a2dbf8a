/**
 * Customers through the import API: CSV as spreadsheets write it, only the given columns
 * upserted, an unknown column refused up front, and who may import what media type.
 */
import { expect, it } from 'vitest';
import {
  count,
  CSV,
  describeImports,
  imported,
  NDJSON,
  post,
} from '../../test/support/imports-fixture.js';

describeImports('customer imports', (env) => {
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
});
