import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { interactionTime } from './interactions.repository.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

interface TInteractionBody {
  id: string;
  externalId: string | null;
  occurredAt: string;
  type: string;
  amount: number | null;
  currency: string | null;
  attributes: Record<string, unknown>;
}

async function customerId(env: TTestEnv, externalId: string, org = env.orgA): Promise<string> {
  const res = await env.as(
    'admin',
    { method: 'POST', url: '/api/customers', payload: { externalId } },
    org,
  );
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

async function types(env: TTestEnv, query: string): Promise<string[]> {
  const res = await env.as('analyst', { method: 'GET', url: `/api/interactions?${query}` });
  expect(res.statusCode).toBe(200);
  return res
    .json<{ items: TInteractionBody[] }>()
    .items.map((i) => `${i.type}@${i.occurredAt.slice(0, 10)}`);
}

describeEachDatabase('interactions', (env) => {
  let tp: Record<string, string>;
  let tpB: Record<string, string>;
  let ada: string;
  let ben: string;
  let foreignCustomer: string;

  beforeAll(async () => {
    tp = await seedTouchpoints(env().storage, env().orgA.id, ['lounge', 'gate']);
    tpB = await seedTouchpoints(env().storage, env().orgB.id, ['lounge']);
    ada = await customerId(env(), 'ada');
    ben = await customerId(env(), 'ben');
    foreignCustomer = await customerId(env(), 'ada', env().orgB);
    for (const [key, type, options] of [
      ['drink', 'enum', ['cola', 'lemon-cola']],
      ['minutes', 'number', []],
    ] as const) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/attribute-keys',
        payload: { entity: 'interaction', key, label: key, type, options },
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('records, reads, changes and deletes an interaction', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: {
        externalId: 'visit-1',
        customerId: ada,
        touchpointId: tp['lounge'],
        occurredAt: '2026-03-01T10:15:00+01:00',
        type: 'visit',
        amount: 12.5,
        currency: 'EUR',
        attributes: { drink: 'cola', minutes: 45 },
      },
    });
    expect(created.statusCode).toBe(201);
    const visit = created.json<TInteractionBody>();
    expect(visit).toMatchObject({
      externalId: 'visit-1',
      customerId: ada,
      occurredAt: '2026-03-01T09:15:00.000Z',
      amount: 12.5,
      currency: 'EUR',
      attributes: { drink: 'cola', minutes: 45 },
    });

    const patched = await env().as('admin', {
      method: 'PATCH',
      url: `/api/interactions/${visit.id}`,
      payload: {
        amount: null,
        currency: null,
        touchpointId: tp['gate'],
        attributes: { drink: null },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      amount: null,
      currency: null,
      touchpointId: tp['gate'],
      attributes: { minutes: 45 },
    });

    const halfAmount = await env().as('admin', {
      method: 'PATCH',
      url: `/api/interactions/${visit.id}`,
      payload: { amount: 3 },
    });
    expect(halfAmount.statusCode).toBe(422);
    expect(halfAmount.json()).toMatchObject({ error: { details: [{ field: 'body.currency' }] } });

    const fromB = await env().as(
      'admin',
      { method: 'GET', url: `/api/interactions/${visit.id}` },
      env().orgB,
    );
    expect(fromB.statusCode).toBe(404);
    const viewer = await env().as('viewer', {
      method: 'GET',
      url: `/api/interactions/${visit.id}`,
    });
    expect(viewer.statusCode).toBe(403);

    const deleted = await env().as('admin', {
      method: 'DELETE',
      url: `/api/interactions/${visit.id}`,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/interactions/${visit.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('lists newest first and filters by customer, touchpoint, type and time', async () => {
    const rows = [
      [ben, 'lounge', '2026-04-01T08:00:00Z', 'visit'],
      [ben, 'gate', '2026-04-02T08:00:00Z', 'boarding'],
      [ben, 'lounge', '2026-04-03T08:00:00Z', 'visit'],
      [ada, 'lounge', '2026-04-04T08:00:00Z', 'visit'],
    ] as const;
    for (const [customer, touchpoint, occurredAt, type] of rows) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: { customerId: customer, touchpointId: tp[touchpoint], occurredAt, type },
      });
      expect(res.statusCode).toBe(201);
    }
    expect(await types(env(), `customerId=${ben}`)).toEqual([
      'visit@2026-04-03',
      'boarding@2026-04-02',
      'visit@2026-04-01',
    ]);
    expect(await types(env(), `customerId=${ben}&sort=occurredAt&limit=2`)).toEqual([
      'visit@2026-04-01',
      'boarding@2026-04-02',
    ]);
    expect(await types(env(), `touchpointId=${tp['gate']}`)).toEqual(['boarding@2026-04-02']);
    expect(
      await types(env(), 'type=visit&from=2026-04-02T00:00:00Z&to=2026-04-04T08:00:00Z'),
    ).toEqual(['visit@2026-04-03']);
  });

  it('pages by time through millisecond ties, both ways, and the time index serves it', async () => {
    const dora = await customerId(env(), 'dora');
    const times = [
      '2026-07-01T08:00:00.002Z',
      '2026-07-01T08:00:00.001Z',
      '2026-07-01T08:00:00.001Z',
      '2026-07-01T08:00:00.000Z',
      '2026-06-30T23:59:59.999Z',
    ];
    const ids: string[] = [];
    for (const [i, occurredAt] of times.entries()) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: { customerId: dora, touchpointId: tp['gate'], occurredAt, type: `t${i}` },
      });
      ids.push(res.json<{ id: string }>().id);
    }
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 10; page++) {
        const res = await env().as('analyst', {
          method: 'GET',
          url: `/api/interactions?customerId=${dora}&sort=${sort}&limit=2${cursor}`,
        });
        const body = res.json<{ items: TInteractionBody[]; nextCursor: string | null }>();
        seen.push(...body.items.map((item) => item.id));
        if (body.nextCursor === null) break;
        cursor = `&cursor=${body.nextCursor}`;
      }
      return seen;
    };
    // Equal times are ordered by id; ids are time-ordered, so the later-created comes later.
    const ascending = [ids[4], ids[3], ids[1], ids[2], ids[0]];
    expect(await walk('occurredAt')).toEqual(ascending);
    expect(await walk('-occurredAt')).toEqual([...ascending].reverse());
    const sqlite = env().storage.sqlite;
    if (sqlite !== null) {
      const db = env().storage.db;
      const query = sql`SELECT id FROM interactions WHERE organization_seq = 1
        ORDER BY ${interactionTime(db)} DESC LIMIT 5`.compile(db);
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' | ')).toMatch(
        /USING INDEX interactions_org_occurred(?![\s\S]*TEMP B-TREE)/,
      );
    }
  });

  it('rejects references to other organizations and bad input, storing nothing', async () => {
    const base = {
      customerId: ada,
      touchpointId: tp['lounge'],
      occurredAt: '2026-05-01T08:00:00Z',
      type: 'rejected',
    };
    const cases: [object, number, string][] = [
      [{ customerId: foreignCustomer }, 422, 'body.customerId'],
      [{ touchpointId: tpB['lounge'] }, 422, 'body.touchpointId'],
      [{ amount: 10 }, 422, 'body.currency'],
      [{ amount: 10, currency: 'eur' }, 422, 'body.currency'],
      [{ attributes: { seat: '4A' } }, 422, 'body.attributes.seat'],
      [{ attributes: { drink: 'water' } }, 422, 'body.attributes.drink'],
      [{ attributes: { minutes: '45' } }, 422, 'body.attributes.minutes'],
      [{ occurredAt: 'yesterday' }, 422, 'body.occurredAt'],
    ];
    for (const [change, status, field] of cases) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: { ...base, ...change },
      });
      expect(res.statusCode, field).toBe(status);
      expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
        field,
      );
    }
    const first = await env().as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: { ...base, type: 'kept', externalId: 'once' },
    });
    expect(first.statusCode).toBe(201);
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: { ...base, externalId: 'once' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { details: [{ field: 'body.externalId' }] } });

    const patchForeign = await env().as('admin', {
      method: 'PATCH',
      url: `/api/interactions/${first.json<{ id: string }>().id}`,
      payload: { touchpointId: tpB['lounge'] },
    });
    expect(patchForeign.statusCode).toBe(422);
    expect(await types(env(), 'type=rejected')).toEqual([]);
    expect(await types(env(), 'type=kept')).toEqual(['kept@2026-05-01']);
  });

  it('erasing a customer erases their interactions', async () => {
    const carl = await customerId(env(), 'carl');
    for (const day of ['01', '02']) {
      await env().as('admin', {
        method: 'POST',
        url: '/api/interactions',
        payload: {
          customerId: carl,
          touchpointId: tp['gate'],
          occurredAt: `2026-06-${day}T00:00:00Z`,
          type: 'boarding',
        },
      });
    }
    expect(await types(env(), `customerId=${carl}`)).toHaveLength(2);
    const erased = await env().as('admin', { method: 'DELETE', url: `/api/customers/${carl}` });
    expect(erased.statusCode).toBe(204);
    expect(await types(env(), `customerId=${carl}`)).toEqual([]);
    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select('details_json')
      .where('action', '=', 'erase')
      .where('entity_id', '=', carl)
      .executeTakeFirst();
    expect(audit?.details_json).toBe(
      '{"responses":0,"mode":"anonymise","comments":0,"interactions":2}',
    );
  });
});
