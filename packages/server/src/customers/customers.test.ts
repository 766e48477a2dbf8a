import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';

interface TCustomerBody {
  id: string;
  externalId: string;
  name: string | null;
  optedOutAt: string | null;
  emailConsent: boolean;
  attributes: Record<string, unknown>;
}

async function declare(env: TTestEnv, key: string, type: string, options: string[] = []) {
  const res = await env.as('admin', {
    method: 'POST',
    url: '/api/attribute-keys',
    payload: { entity: 'customer', key, label: key, type, options },
  });
  expect(res.statusCode).toBe(201);
}

async function create(env: TTestEnv, payload: object) {
  const res = await env.as('admin', { method: 'POST', url: '/api/customers', payload });
  expect(res.statusCode).toBe(201);
  return res.json<TCustomerBody>();
}

async function externalIds(env: TTestEnv, query: string): Promise<string[]> {
  const res = await env.as('analyst', { method: 'GET', url: `/api/customers?${query}` });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: TCustomerBody[] }>().items.map((c) => c.externalId);
}

describeEachDatabase('customers', (env) => {
  beforeAll(async () => {
    await declare(env(), 'tier', 'enum', ['gold', 'silver', 'bronze']);
    await declare(env(), 'visits', 'number');
    await declare(env(), 'business', 'boolean');
    await declare(env(), 'member-since', 'date');
    await declare(env(), 'region', 'string');
  });

  it('creates, reads (by id and external id), patches and erases a customer', async () => {
    const c = await create(env(), {
      externalId: 'CRM-001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      locale: 'en-GB',
      emailConsent: true,
      attributes: { tier: 'gold', visits: 12, 'member-since': '2019-03-01' },
    });
    expect(c).toMatchObject({
      externalId: 'CRM-001',
      name: 'Ada Lovelace',
      emailConsent: true,
      optedOutAt: null,
      attributes: { tier: 'gold', visits: 12, 'member-since': '2019-03-01' },
    });

    const byExternal = await env().as('agent', {
      method: 'GET',
      url: '/api/customers/by-external-id/CRM-001',
    });
    expect(byExternal.statusCode).toBe(200);
    expect(byExternal.json()).toMatchObject({ id: c.id, email: 'ada@example.com' });

    const patched = await env().as('admin', {
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: { optedOut: true, attributes: { visits: 13, tier: null, business: true } },
    });
    expect(patched.statusCode).toBe(200);
    const after = patched.json<TCustomerBody>();
    expect(after.attributes).toEqual({ visits: 13, business: true, 'member-since': '2019-03-01' });
    expect(after.optedOutAt).not.toBeNull();
    expect(after.name).toBe('Ada Lovelace');

    // Opting out again keeps the original moment.
    const again = await env().as('admin', {
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: { optedOut: true },
    });
    expect(again.json<TCustomerBody>().optedOutAt).toBe(after.optedOutAt);

    const viewer = await env().as('viewer', { method: 'GET', url: `/api/customers/${c.id}` });
    expect(viewer.statusCode).toBe(403);
    const otherOrg = await env().as(
      'admin',
      { method: 'GET', url: '/api/customers/by-external-id/CRM-001' },
      env().orgB,
    );
    expect(otherOrg.statusCode).toBe(404);

    const erased = await env().as('admin', { method: 'DELETE', url: `/api/customers/${c.id}` });
    expect(erased.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/customers/${c.id}` });
    expect(gone.statusCode).toBe(404);
    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select(['action', 'details_json'])
      .where('entity', '=', 'customer')
      .where('entity_id', '=', c.id)
      .where('action', '=', 'erase')
      .execute();
    expect(audit).toEqual([
      {
        action: 'erase',
        details_json: '{"responses":0,"mode":"anonymise","comments":0,"interactions":0}',
      },
    ]);
  });

  it('filters by typed attributes, text and opt-out, and pages by name', async () => {
    await create(env(), {
      externalId: 'F-1',
      name: 'Bea',
      attributes: { tier: 'gold', visits: 3, business: true },
    });
    await create(env(), {
      externalId: 'F-2',
      name: 'Cem',
      attributes: { tier: 'silver', visits: 3.0, business: false },
    });
    await create(env(), {
      externalId: 'F-3',
      name: null,
      attributes: { tier: 'gold', visits: 30, region: '3' },
    });
    await create(env(), {
      externalId: 'F-4',
      name: 'Dora',
      email: 'dora@lounge.example',
      optedOut: true,
      attributes: { visits: 4 },
    });

    expect(await externalIds(env(), 'q=F-&attr=tier:gold&sort=externalId')).toEqual(['F-1', 'F-3']);
    expect(await externalIds(env(), 'q=F-&attr=visits:3&sort=externalId')).toEqual(['F-1', 'F-2']);
    expect(await externalIds(env(), 'q=F-&attr=visits:3&attr=business:yes')).toEqual(['F-1']);
    expect(await externalIds(env(), 'q=F-&attr=business:false')).toEqual(['F-2']);
    // The string "3" is not the number 3.
    expect(await externalIds(env(), 'q=F-&attr=region:3')).toEqual(['F-3']);
    expect(await externalIds(env(), 'q=LOUNGE')).toEqual(['F-4']);
    expect(await externalIds(env(), 'q=F-&optedOut=true')).toEqual(['F-4']);
    expect(await externalIds(env(), 'q=F-&optedOut=false&sort=-externalId')).toEqual([
      'F-3',
      'F-2',
      'F-1',
    ]);

    // A customer without a name sorts first and is not lost between pages.
    const first = await env().as('admin', {
      method: 'GET',
      url: '/api/customers?q=F-&sort=name&limit=2',
    });
    const page1 = first.json<{ items: TCustomerBody[]; nextCursor: string }>();
    expect(page1.items.map((c) => c.externalId)).toEqual(['F-3', 'F-1']);
    const second = await env().as('admin', {
      method: 'GET',
      url: `/api/customers?q=F-&sort=name&limit=2&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json<{ items: TCustomerBody[]; nextCursor: string | null }>();
    expect(page2.items.map((c) => c.externalId)).toEqual(['F-2', 'F-4']);
    expect(page2.nextCursor).toBeNull();

    const undeclared = await env().as('admin', {
      method: 'GET',
      url: '/api/customers?attr=colour:red',
    });
    expect(undeclared.statusCode).toBe(422);
    expect(undeclared.json()).toMatchObject({
      error: { details: [{ field: 'query.attr.colour' }] },
    });
    const badNumber = await env().as('admin', {
      method: 'GET',
      url: '/api/customers?attr=visits:many',
    });
    expect(badNumber.statusCode).toBe(422);
    expect(badNumber.json()).toMatchObject({
      error: { details: [{ field: 'query.attr.visits' }] },
    });
  });

  it('rejects a duplicate external id, wrong types and undeclared attributes, storing nothing', async () => {
    await create(env(), { externalId: 'DUP-1' });
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'DUP-1', name: 'Second' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.externalId' }] },
    });

    const wrongType = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'BAD-1', attributes: { visits: 'many' } },
    });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json()).toMatchObject({
      error: { details: [{ field: 'body.attributes.visits' }] },
    });

    const notAnOption = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'BAD-2', attributes: { tier: 'platinum' } },
    });
    expect(notAnOption.json()).toMatchObject({
      error: {
        details: [
          { field: 'body.attributes.tier', message: 'must be one of gold, silver, bronze' },
        ],
      },
    });

    const badDate = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'BAD-3', attributes: { 'member-since': '2023-02-30' } },
    });
    expect(badDate.json()).toMatchObject({
      error: { details: [{ field: 'body.attributes.member-since' }] },
    });

    const undeclared = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'BAD-4', attributes: { colour: 'red' } },
    });
    expect(undeclared.statusCode).toBe(422);
    const detail = undeclared.json<{ error: { details: { field: string; message: string }[] } }>()
      .error.details[0];
    expect(detail?.field).toBe('body.attributes.colour');
    expect(detail?.message).toContain('business, member-since, region, tier, visits');

    const renameToTaken = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'DUP-2' },
    });
    const taken = await env().as('admin', {
      method: 'PATCH',
      url: `/api/customers/${renameToTaken.json<TCustomerBody>().id}`,
      payload: { externalId: 'DUP-1' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { details: [{ field: 'body.externalId' }] } });

    expect(await externalIds(env(), 'q=BAD-')).toEqual([]);
    expect(await externalIds(env(), 'q=DUP-&sort=externalId')).toEqual(['DUP-1', 'DUP-2']);
  });
});
