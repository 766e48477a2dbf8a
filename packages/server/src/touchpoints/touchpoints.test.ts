import { organizationSeq } from '../organizations/organizations.repository.js';
import { newId } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TTestOrg } from '../../test/harness.js';

interface TTouchpointBody {
  id: string;
  key: string;
  name: string;
  journeyId: string;
  stageId: string;
  channel: string;
  providerType: string;
  senses: string[];
  ownerTeamId: string | null;
  archived: boolean;
}

interface TJourneyBody {
  id: string;
  stages: { id: string; name: string }[];
}

interface TErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

const MISSING = '0190a7c4-0000-7000-8000-000000000000';

describeEachDatabase('touchpoints', (env) => {
  const post = (url: string, payload: object, org?: TTestOrg) =>
    env().as('admin', { method: 'POST', url, payload }, org);
  const journeyOf = async (name: string, stages: string[], org?: TTestOrg) => {
    const res = await post(
      '/api/journeys',
      { name, stages: stages.map((s) => ({ name: s })) },
      org,
    );
    expect(res.statusCode).toBe(201);
    return res.json<TJourneyBody>();
  };
  const teamOf = async (name: string, org?: TTestOrg) =>
    (await post('/api/teams', { name }, org)).json<{ id: string }>().id;
  const stageId = (journey: TJourneyBody, index: number) => {
    const stage = journey.stages[index];
    if (!stage) throw new Error(`no stage ${index}`);
    return stage.id;
  };
  const createTouchpoint = async (payload: object, org?: TTestOrg) => {
    const res = await post('/api/touchpoints', payload, org);
    expect(res.statusCode).toBe(201);
    return res.json<TTouchpointBody>();
  };
  const keysOf = async (query: string, org?: TTestOrg) => {
    const res = await env().as('viewer', { method: 'GET', url: `/api/touchpoints?${query}` }, org);
    expect(res.statusCode).toBe(200);
    return res.json<{ items: TTouchpointBody[] }>().items.map((t) => t.key);
  };
  const fieldOf = (res: { json<T>(): T }) => res.json<TErrorBody>().error.details?.[0]?.field;

  it('creates, reads by id and key, moves, archives and deletes a touchpoint', async () => {
    const air = await journeyOf('Air travel', ['Check in', 'Lounge']);
    const hotel = await journeyOf('Hotel', ['Arrive']);
    const crew = await teamOf('Lounge crew');

    const created = await createTouchpoint({
      key: 'lounge-bar',
      name: 'Lounge bar',
      description: 'Drinks and snacks',
      stageId: stageId(air, 1),
      channel: 'on-site',
      providerType: 'spatial-environment',
      senses: ['taste', 'sight', 'taste'],
      ownerTeamId: crew,
    });
    expect(created).toMatchObject({
      key: 'lounge-bar',
      name: 'Lounge bar',
      description: 'Drinks and snacks',
      journeyId: air.id,
      stageId: stageId(air, 1),
      channel: 'on-site',
      providerType: 'spatial-environment',
      senses: ['taste', 'sight'],
      ownerTeamId: crew,
      archived: false,
    });
    const byId = await env().as('viewer', { method: 'GET', url: `/api/touchpoints/${created.id}` });
    expect(byId.json()).toEqual(created);
    const byKey = await env().as('viewer', {
      method: 'GET',
      url: '/api/touchpoints/by-key/lounge-bar',
    });
    expect(byKey.json()).toEqual(created);

    // Moving to a stage of another journey moves the touchpoint to that journey.
    const moved = await env().as('admin', {
      method: 'PATCH',
      url: `/api/touchpoints/${created.id}`,
      payload: { stageId: stageId(hotel, 0), ownerTeamId: null, key: 'hotel-bar', senses: [] },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      key: 'hotel-bar',
      journeyId: hotel.id,
      stageId: stageId(hotel, 0),
      ownerTeamId: null,
      senses: [],
      name: 'Lounge bar',
    });
    const archived = await env().as('admin', {
      method: 'PATCH',
      url: `/api/touchpoints/${created.id}`,
      payload: { archived: true },
    });
    expect(archived.json()).toMatchObject({ archived: true });

    const deleted = await env().as('admin', {
      method: 'DELETE',
      url: `/api/touchpoints/${created.id}`,
    });
    expect(deleted.statusCode).toBe(204);
    for (const url of [`/api/touchpoints/${created.id}`, '/api/touchpoints/by-key/hotel-bar']) {
      const gone = await env().as('viewer', { method: 'GET', url });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'touchpoint')
      .where('entity_id', '=', created.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
  });

  it('filters, searches, sorts and pages', async () => {
    const shop = await journeyOf('Shopping', ['Browse', 'Pay']);
    const support = await journeyOf('Support', ['Ask']);
    const digital = await teamOf('Digital');
    const rows: [string, string, TJourneyBody, number, string, string, string | null][] = [
      ['shop-web', 'Web shop', shop, 0, 'web', 'electronic-media', digital],
      ['shop-app', 'Shopping app', shop, 0, 'app', 'electronic-media', digital],
      ['shop-till', 'Till', shop, 1, 'store', 'people', null],
      ['support-phone', 'Phone line', support, 0, 'phone', 'people', null],
      ['support-mail', 'Letters', support, 0, 'mail', 'communications', null],
    ];
    for (const [key, name, journey, stage, channel, providerType, ownerTeamId] of rows) {
      await createTouchpoint({
        key,
        name,
        stageId: stageId(journey, stage),
        channel,
        providerType,
        ownerTeamId,
      });
    }
    const tillId = (
      await env().as('viewer', { method: 'GET', url: '/api/touchpoints/by-key/shop-till' })
    ).json<TTouchpointBody>().id;
    await env().as('admin', {
      method: 'PATCH',
      url: `/api/touchpoints/${tillId}`,
      payload: { archived: true },
    });

    expect(await keysOf(`journeyId=${shop.id}&sort=key`)).toEqual([
      'shop-app',
      'shop-till',
      'shop-web',
    ]);
    expect(await keysOf(`stageId=${stageId(shop, 1)}`)).toEqual(['shop-till']);
    expect(await keysOf('channel=phone')).toEqual(['support-phone']);
    expect(await keysOf('providerType=people&sort=key')).toEqual(['shop-till', 'support-phone']);
    expect(await keysOf(`ownerTeamId=${digital}&sort=-key`)).toEqual(['shop-web', 'shop-app']);
    expect(await keysOf(`journeyId=${shop.id}&archived=false&sort=key`)).toEqual([
      'shop-app',
      'shop-web',
    ]);
    expect(await keysOf('archived=true')).toEqual(['shop-till']);
    // q matches the name or the key, ignoring case.
    expect(await keysOf('q=SHOP&sort=key')).toEqual(['shop-app', 'shop-till', 'shop-web']);
    expect(await keysOf('q=letters')).toEqual(['support-mail']);
    expect(await keysOf('q=_')).toEqual([]);
    expect(await keysOf(`journeyId=${MISSING}`)).toEqual([]);

    const first = await env().as('viewer', {
      method: 'GET',
      url: '/api/touchpoints?sort=name&limit=3',
    });
    const page1 = first.json<{ items: TTouchpointBody[]; nextCursor: string }>();
    expect(page1.items.map((t) => t.name)).toEqual(['Letters', 'Phone line', 'Shopping app']);
    const second = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints?sort=name&limit=3&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json<{ items: TTouchpointBody[]; nextCursor: string | null }>();
    expect(page2.items.map((t) => t.name)).toEqual(['Till', 'Web shop']);
    expect(page2.nextCursor).toBeNull();

    const badFilter = await env().as('viewer', {
      method: 'GET',
      url: '/api/touchpoints?channel=fax',
    });
    expect(badFilter.statusCode).toBe(422);
    expect(fieldOf(badFilter)).toBe('query.channel');
  });

  it('rejects bad input naming the field, duplicate keys and other organizations\u2019 rows', async () => {
    const journey = await journeyOf('Checks', ['Only']);
    const theirJourney = await journeyOf('Their journey', ['Theirs'], env().orgB);
    const theirTeam = await teamOf('Their team', env().orgB);
    const valid = {
      key: 'check-desk',
      name: 'Check desk',
      stageId: stageId(journey, 0),
      channel: 'on-site',
      providerType: 'people',
    };
    const cases: [string, object, number, string | undefined][] = [
      ['unknown field', { ...valid, colour: 'red' }, 422, 'body'],
      ['senses not a list', { ...valid, senses: 'sight' }, 422, 'body.senses'],
      ['unknown sense', { ...valid, senses: ['sight', 'smelly'] }, 422, 'body.senses.1'],
      ['bad channel', { ...valid, channel: 'fax' }, 422, 'body.channel'],
      ['bad provider', { ...valid, providerType: 'magic' }, 422, 'body.providerType'],
      ['bad key', { ...valid, key: 'Check Desk' }, 422, 'body.key'],
      ['stage not a uuid', { ...valid, stageId: 42 }, 422, 'body.stageId'],
      ['missing stage', { ...valid, stageId: MISSING }, 422, 'body.stageId'],
      ['foreign stage', { ...valid, stageId: stageId(theirJourney, 0) }, 422, 'body.stageId'],
      ['foreign team', { ...valid, ownerTeamId: theirTeam }, 422, 'body.ownerTeamId'],
      ['missing team', { ...valid, ownerTeamId: MISSING }, 422, 'body.ownerTeamId'],
    ];
    for (const [label, payload, status, field] of cases) {
      const res = await post('/api/touchpoints', payload);
      expect(res.statusCode, label).toBe(status);
      expect(fieldOf(res), label).toBe(field);
    }
    // Nothing was stored by any of them.
    expect(await keysOf(`journeyId=${journey.id}`)).toEqual([]);
    expect(await keysOf('', env().orgB)).toEqual([]);

    const desk = await createTouchpoint(valid);
    const dup = await post('/api/touchpoints', { ...valid, name: 'Second desk' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.key' }] },
    });
    const other = await createTouchpoint({ ...valid, key: 'check-kiosk', channel: 'kiosk' });
    const patch = (id: string, payload: object, org?: TTestOrg) =>
      env().as('admin', { method: 'PATCH', url: `/api/touchpoints/${id}`, payload }, org);
    const rekey = await patch(other.id, { key: 'check-desk' });
    expect(rekey.statusCode).toBe(409);
    const foreignMove = await patch(other.id, { name: 'Moved', stageId: stageId(theirJourney, 0) });
    expect(foreignMove.statusCode).toBe(422);
    expect(fieldOf(foreignMove)).toBe('body.stageId');
    const foreignOwner = await patch(other.id, { name: 'Owned', ownerTeamId: theirTeam });
    expect(fieldOf(foreignOwner)).toBe('body.ownerTeamId');
    const unchanged = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints/${other.id}`,
    });
    expect(unchanged.json()).toEqual(other);

    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await env().as('admin', {
        method,
        url: `/api/touchpoints/${MISSING}`,
        ...(method === 'PATCH' && { payload: { name: 'x' } }),
      });
      expect(res.statusCode, method).toBe(404);
    }
    const badKey = await env().as('viewer', {
      method: 'GET',
      url: '/api/touchpoints/by-key/Not%20a%20key',
    });
    expect(badKey.statusCode).toBe(422);
    expect(fieldOf(badKey)).toBe('params.key');

    // Org B sees none of org A's touchpoints and may use the same key.
    const orgB = env().orgB;
    for (const url of [`/api/touchpoints/${desk.id}`, '/api/touchpoints/by-key/check-desk']) {
      const res = await env().as('owner', { method: 'GET', url }, orgB);
      expect(res.statusCode).toBe(404);
    }
    expect((await patch(desk.id, { name: 'Taken' }, orgB)).statusCode).toBe(404);
    const del = await env().as(
      'owner',
      { method: 'DELETE', url: `/api/touchpoints/${desk.id}` },
      orgB,
    );
    expect(del.statusCode).toBe(404);
    const theirs = await createTouchpoint({ ...valid, stageId: stageId(theirJourney, 0) }, orgB);
    expect(theirs.journeyId).toBe(theirJourney.id);
    const ours = await env().as('viewer', { method: 'GET', url: `/api/touchpoints/${desk.id}` });
    expect(ours.json()).toEqual(desk);
  });

  it('refuses to delete a touchpoint with interactions, which can be archived instead', async () => {
    const journey = await journeyOf('Lounge visit', ['Enter']);
    const touchpoint = await createTouchpoint({
      key: 'lounge-door',
      name: 'Lounge door',
      stageId: stageId(journey, 0),
      channel: 'on-site',
      providerType: 'spatial-environment',
    });
    // Written straight to the tables so that this suite does not depend on those APIs.
    const now = new Date().toISOString();
    const customerId = newId();
    const db = env().storage.db;
    await db
      .insertInto('customers')
      .values({
        id: customerId,
        organization_id: env().orgA.id,
        external_id: 'traveller-1',
        name: null,
        email: null,
        phone: null,
        locale: null,
        email_consent: 0,
        opted_out_at: null,
        attributes_json: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('interactions')
      .values({
        id: newId(),
        organization_id: env().orgA.id,
        organization_seq: organizationSeq(env().orgA.id),
        external_id: null,
        customer_id: customerId,
        touchpoint_id: touchpoint.id,
        occurred_at: now,
        type: 'visit',
        amount: null,
        currency: null,
        attributes_json: '{}',
        created_at: now,
      })
      .execute();

    const refused = await env().as('admin', {
      method: 'DELETE',
      url: `/api/touchpoints/${touchpoint.id}`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<TErrorBody>().error.message).toContain('archive');
    const archived = await env().as('admin', {
      method: 'PATCH',
      url: `/api/touchpoints/${touchpoint.id}`,
      payload: { archived: true },
    });
    expect(archived.json()).toMatchObject({ archived: true, key: 'lounge-door' });

    // The journey cannot lose the stage or be deleted either, while the touchpoint is there.
    const removeStage = await env().as('admin', {
      method: 'PATCH',
      url: `/api/journeys/${journey.id}`,
      payload: { stages: [{ name: 'Replacement' }] },
    });
    expect(removeStage.statusCode).toBe(409);
    expect(fieldOf(removeStage)).toBe('body.stages');
    const deleteJourney = await env().as('admin', {
      method: 'DELETE',
      url: `/api/journeys/${journey.id}`,
    });
    expect(deleteJourney.statusCode).toBe(409);
  });
});
