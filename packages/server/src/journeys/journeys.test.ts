import { newId } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TTestOrg } from '../../test/harness.js';

interface TStageBody {
  id: string;
  name: string;
  description: string;
  phase: string;
  position: number;
}

interface TJourneyBody {
  id: string;
  name: string;
  brandId: string | null;
  stages: TStageBody[];
  archived: boolean;
}

interface TErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

const promise = { sense: 50, feel: 50, think: 50, act: 50, relate: 50 };

describeEachDatabase('journeys', (env) => {
  const createJourney = async (payload: object, org?: TTestOrg) => {
    const res = await env().as('admin', { method: 'POST', url: '/api/journeys', payload }, org);
    expect(res.statusCode).toBe(201);
    return res.json<TJourneyBody>();
  };
  const readJourney = async (id: string) =>
    (await env().as('viewer', { method: 'GET', url: `/api/journeys/${id}` })).json<TJourneyBody>();
  const patchJourney = (id: string, payload: object, org?: TTestOrg) =>
    env().as('admin', { method: 'PATCH', url: `/api/journeys/${id}`, payload }, org);
  // Written straight to the table so that this suite does not depend on the touchpoints API.
  const insertTouchpoint = async (journey: TJourneyBody, stageId: string, key: string) => {
    const now = new Date().toISOString();
    await env()
      .storage.db.insertInto('touchpoints')
      .values({
        id: newId(),
        organization_id: env().orgA.id,
        journey_id: journey.id,
        stage_id: stageId,
        key,
        name: key,
        description: '',
        channel: 'web',
        provider_type: 'people',
        senses_json: '[]',
        owner_team_id: null,
        archived_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };
  const stageNames = (journey: TJourneyBody) => journey.stages.map((s) => s.name);

  it('creates a journey with ordered stages, reads, reorders, archives and deletes it', async () => {
    const journey = await createJourney({
      name: 'Air travel',
      description: 'From booking to baggage claim',
      stages: [
        { name: 'Book', phase: 'pre-sales' },
        { name: 'Check in', description: 'Online or at the desk' },
        { name: 'Lounge' },
        { name: 'Baggage claim', phase: 'after-sales' },
      ],
    });
    expect(journey).toMatchObject({
      name: 'Air travel',
      description: 'From booking to baggage claim',
      brandId: null,
      archived: false,
    });
    expect(journey.stages.map((s) => [s.name, s.phase, s.position])).toEqual([
      ['Book', 'pre-sales', 0],
      ['Check in', 'sales', 1],
      ['Lounge', 'sales', 2],
      ['Baggage claim', 'after-sales', 3],
    ]);
    expect(journey.stages[1]?.description).toBe('Online or at the desk');
    expect(await readJourney(journey.id)).toEqual(journey);

    const [book, checkIn, lounge, baggage] = journey.stages;
    if (!book || !checkIn || !lounge || !baggage) throw new Error('four stages expected');
    // Lounge has a touchpoint and is kept (moved first, renamed); Check in is removed.
    await insertTouchpoint(journey, lounge.id, 'lounge-bar');
    const patched = await patchJourney(journey.id, {
      name: 'Air travel (long haul)',
      stages: [
        { id: lounge.id, name: 'Business lounge', phase: 'sales' },
        { id: book.id, name: 'Book', phase: 'pre-sales' },
        { name: 'Board', phase: 'sales' },
        { id: baggage.id, name: 'Baggage claim', phase: 'after-sales' },
      ],
    });
    expect(patched.statusCode).toBe(200);
    const updated = patched.json<TJourneyBody>();
    expect(updated.name).toBe('Air travel (long haul)');
    expect(updated.stages.map((s) => [s.name, s.position])).toEqual([
      ['Business lounge', 0],
      ['Book', 1],
      ['Board', 2],
      ['Baggage claim', 3],
    ]);
    expect(updated.stages[0]?.id).toBe(lounge.id);
    expect(updated.stages[1]?.id).toBe(book.id);
    expect(updated.stages[3]?.id).toBe(baggage.id);
    expect([book.id, checkIn.id, lounge.id, baggage.id]).not.toContain(updated.stages[2]?.id);
    // A stage given without a description gets an empty one, as on create.
    expect(updated.stages[0]?.description).toBe('');

    const refused = await env().as('admin', {
      method: 'DELETE',
      url: `/api/journeys/${journey.id}`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<TErrorBody>().error.message).toContain('archive');
    const archived = await patchJourney(journey.id, { archived: true });
    expect(archived.json()).toMatchObject({ archived: true, name: 'Air travel (long haul)' });

    const empty = await createJourney({ name: 'Short lived', stages: [{ name: 'Only' }] });
    const deleted = await env().as('admin', { method: 'DELETE', url: `/api/journeys/${empty.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/journeys/${empty.id}` });
    expect(gone.statusCode).toBe(404);
    const orphanStages = await env()
      .storage.db.selectFrom('stages')
      .select('id')
      .where('journey_id', '=', empty.id)
      .execute();
    expect(orphanStages).toEqual([]);

    const audit = await env()
      .storage.db.selectFrom('audit_log')
      .select(['action', 'details_json'])
      .where('entity', '=', 'journey')
      .where('entity_id', '=', journey.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(JSON.parse(audit[1]?.details_json ?? '{}')).toMatchObject({
      stages: { added: 1, kept: 3, removed: 1 },
    });
  });

  it('refuses a stage update that is wrong in any stage and stores none of it', async () => {
    const journey = await createJourney({
      name: 'Hotel stay',
      stages: [{ name: 'Arrive' }, { name: 'Sleep' }, { name: 'Leave', phase: 'after-sales' }],
    });
    const other = await createJourney({ name: 'Car rental', stages: [{ name: 'Pick up' }] });
    const orgBJourney = await createJourney(
      { name: 'Org B trip', stages: [{ name: 'Theirs' }] },
      env().orgB,
    );
    const [arrive, sleep, leave] = journey.stages;
    if (!arrive || !sleep || !leave) throw new Error('three stages expected');
    const before = await readJourney(journey.id);

    const cases: [string, object, number, string][] = [
      ['another journey', { id: other.stages[0]?.id, name: 'Stolen' }, 422, 'body.stages.2.id'],
      ['another org', { id: orgBJourney.stages[0]?.id, name: 'Stolen' }, 422, 'body.stages.2.id'],
      ['listed twice', { id: arrive.id, name: 'Again' }, 422, 'body.stages.2.id'],
      [
        'unknown',
        { id: '0190a7c4-0000-7000-8000-000000000000', name: 'X' },
        422,
        'body.stages.2.id',
      ],
      ['bad phase', { name: 'X', phase: 'during' }, 422, 'body.stages.2.phase'],
      ['empty name', { name: '  ' }, 422, 'body.stages.2.name'],
      ['unknown field', { name: 'X', colour: 'red' }, 422, 'body.stages.2'],
    ];
    for (const [label, third, status, field] of cases) {
      const res = await patchJourney(journey.id, {
        name: `Renamed (${label})`,
        stages: [{ id: arrive.id, name: 'Arrive late' }, { name: 'New stage' }, third],
      });
      expect(res.statusCode, label).toBe(status);
      expect(res.json<TErrorBody>().error.details?.[0]?.field, label).toBe(field);
    }
    expect(await readJourney(journey.id)).toEqual(before);
    // The other organization's journey is untouched too.
    const theirs = await env().as(
      'viewer',
      { method: 'GET', url: `/api/journeys/${orgBJourney.id}` },
      env().orgB,
    );
    expect(theirs.json()).toEqual(orgBJourney);

    // Removing a stage that holds touchpoints is a conflict naming the stage.
    await insertTouchpoint(journey, sleep.id, 'hotel-bed');
    const removal = await patchJourney(journey.id, {
      name: 'Renamed',
      stages: [
        { id: arrive.id, name: 'Arrive' },
        { name: 'Brand new' },
        { id: leave.id, name: 'Leave' },
      ],
    });
    expect(removal.statusCode).toBe(409);
    const error = removal.json<TErrorBody>().error;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('"Sleep"');
    expect(error.details).toEqual([
      { field: 'body.stages', message: `stage "Sleep" (${sleep.id}) has 1 touchpoint(s)` },
    ]);
    expect(await readJourney(journey.id)).toEqual(before);

    const noStages = await patchJourney(journey.id, { stages: [] });
    expect(noStages.statusCode).toBe(422);
    expect(noStages.json<TErrorBody>().error.details?.[0]?.field).toBe('body.stages');
    const idOnCreate = await env().as('admin', {
      method: 'POST',
      url: '/api/journeys',
      payload: { name: 'With ids', stages: [{ id: arrive.id, name: 'Arrive' }] },
    });
    expect(idOnCreate.statusCode).toBe(422);
    const noStagesOnCreate = await env().as('admin', {
      method: 'POST',
      url: '/api/journeys',
      payload: { name: 'No stages', stages: [] },
    });
    expect(noStagesOnCreate.statusCode).toBe(422);
    const list = await env().as('viewer', { method: 'GET', url: '/api/journeys?q=With ids' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('links a brand of the same organization only, and survives the brand being deleted', async () => {
    const brandOf = async (name: string, org?: TTestOrg) => {
      const res = await env().as(
        'admin',
        { method: 'POST', url: '/api/brands', payload: { name, promise } },
        org,
      );
      return res.json<{ id: string }>().id;
    };
    const ours = await brandOf('Our brand');
    const theirs = await brandOf('Their brand', env().orgB);

    const journey = await createJourney({
      name: 'Branded',
      brandId: ours,
      stages: [{ name: 'One' }],
    });
    expect(journey.brandId).toBe(ours);

    for (const brandId of [theirs, '0190a7c4-0000-7000-8000-000000000000']) {
      const foreign = await env().as('admin', {
        method: 'POST',
        url: '/api/journeys',
        payload: { name: 'Foreign brand', brandId, stages: [{ name: 'One' }] },
      });
      expect(foreign.statusCode).toBe(422);
      // One message for missing and foreign brands: no hint that the id exists elsewhere.
      expect(foreign.json()).toEqual({
        error: {
          code: 'validation_failed',
          message: 'body.brandId: not a brand of this organization',
          details: [{ field: 'body.brandId', message: 'not a brand of this organization' }],
        },
      });
      const patch = await patchJourney(journey.id, { brandId, name: 'Renamed' });
      expect(patch.statusCode).toBe(422);
    }
    const none = await env().as('viewer', { method: 'GET', url: '/api/journeys?q=Foreign' });
    expect(none.json<{ items: unknown[] }>().items).toEqual([]);
    expect(await readJourney(journey.id)).toEqual(journey);

    const byBrand = await env().as('viewer', {
      method: 'GET',
      url: `/api/journeys?brandId=${ours}`,
    });
    expect(byBrand.json<{ items: TJourneyBody[] }>().items.map((j) => j.name)).toEqual(['Branded']);

    await env().as('admin', { method: 'DELETE', url: `/api/brands/${ours}` });
    expect((await readJourney(journey.id)).brandId).toBeNull();
  });

  it('lists with filters, sorting and a cursor, and rejects duplicate names', async () => {
    for (const name of ['Alpha trip', 'Beta trip', 'Gamma trip']) {
      await createJourney({ name, stages: [{ name: 'Start' }, { name: 'End' }] });
    }
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/journeys',
      payload: { name: 'Beta trip', stages: [{ name: 'Start' }] },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.name' }] },
    });

    const first = await env().as('viewer', {
      method: 'GET',
      url: '/api/journeys?q=TRIP&sort=-name&limit=2',
    });
    const page1 = first.json<{ items: TJourneyBody[]; nextCursor: string }>();
    expect(page1.items.map((j) => j.name)).toEqual(['Gamma trip', 'Beta trip']);
    expect(page1.items.map(stageNames)).toEqual([
      ['Start', 'End'],
      ['Start', 'End'],
    ]);
    const second = await env().as('viewer', {
      method: 'GET',
      url: `/api/journeys?q=TRIP&sort=-name&limit=2&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json<{ items: TJourneyBody[]; nextCursor: string | null }>();
    expect(page2.items.map((j) => j.name)).toEqual(['Alpha trip']);
    expect(page2.nextCursor).toBeNull();

    const alpha = page2.items[0];
    if (!alpha) throw new Error('Alpha expected');
    const rename = await patchJourney(alpha.id, { name: 'Gamma trip' });
    expect(rename.statusCode).toBe(409);

    const archived = await env().as('viewer', {
      method: 'GET',
      url: '/api/journeys?archived=true',
    });
    expect(archived.json<{ items: TJourneyBody[] }>().items.map((j) => j.name)).toEqual([
      'Air travel (long haul)',
    ]);
  });

  it('keeps each organization to its own journeys', async () => {
    const journey = await createJourney({ name: 'Private', stages: [{ name: 'Inside' }] });
    const orgB = env().orgB;
    const read = await env().as(
      'owner',
      { method: 'GET', url: `/api/journeys/${journey.id}` },
      orgB,
    );
    expect(read.statusCode).toBe(404);
    const patch = await patchJourney(journey.id, { name: 'Taken' }, orgB);
    expect(patch.statusCode).toBe(404);
    const del = await env().as(
      'owner',
      { method: 'DELETE', url: `/api/journeys/${journey.id}` },
      orgB,
    );
    expect(del.statusCode).toBe(404);
    const list = await env().as('owner', { method: 'GET', url: '/api/journeys' }, orgB);
    expect(list.json<{ items: TJourneyBody[] }>().items.map((j) => j.name)).toEqual(['Org B trip']);
    expect(await readJourney(journey.id)).toEqual(journey);
    const viewerWrite = await env().as('viewer', {
      method: 'PATCH',
      url: `/api/journeys/${journey.id}`,
      payload: { name: 'Viewer' },
    });
    expect(viewerWrite.statusCode).toBe(403);
  });
});
