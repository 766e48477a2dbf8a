import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { createPerson, createTeam, type TPerson } from '../../test/support/notification-people.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

interface TCaseBody {
  id: string;
  number: number;
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  version: number;
  allowedTransitions: string[];
  timeline: { kind: string; actor: { type: string; id: string | null }; data: object }[];
  sla: { firstResponse: { metAt: string | null }; state: string };
}

/** Lounge (agent Ana, lead Lee) owns the lounge touchpoint; Cabin (agent Ben) another team. */
interface TWorld {
  ana: TPerson;
  ben: TPerson;
  lee: TPerson;
  lounge: string;
  cabin: string;
  touchpoint: string;
}

async function world(env: TTestEnv, tag: string): Promise<TWorld> {
  const ana = await createPerson(env, `ana.${tag}@a.test`);
  const ben = await createPerson(env, `ben.${tag}@a.test`);
  const lee = await createPerson(env, `lee.${tag}@a.test`);
  const lounge = await createTeam(env, `Lounge ${tag}`, [ana.id, lee.id]);
  const cabin = await createTeam(env, `Cabin ${tag}`, [ben.id]);
  const { lounge: touchpoint = '' } = await seedTouchpoints(env.storage, env.orgA.id, ['lounge']);
  await env.as('admin', {
    method: 'PATCH',
    url: `/api/touchpoints/${touchpoint}`,
    payload: { ownerTeamId: lounge },
  });
  return { ana, ben, lee, lounge, cabin, touchpoint };
}

async function countRows(env: TTestEnv, table: 'cases' | 'case_activities' | 'domain_events') {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase('cases', (env) => {
  let w: TWorld;
  beforeAll(async () => {
    w = await world(env(), 'main');
  });

  async function openByHand(payload: object = {}): Promise<TCaseBody> {
    const res = await env().as('admin', {
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'Lounge was closed', touchpointId: w.touchpoint, ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TCaseBody>();
  }

  it("opens a case for the touchpoint's owner team, numbered, with an event and notifications", async () => {
    const first = await openByHand();
    const second = await openByHand({ title: 'Second' });
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: 'new', teamId: w.lounge, assigneeId: null });
    expect(first.timeline.map((a) => a.kind)).toEqual(['created']);
    expect(first.allowedTransitions).toEqual(['open', 'pending', 'resolved', 'closed']);

    const event = await env()
      .storage.db.selectFrom('domain_events')
      .selectAll()
      .where('subject_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(event.type).toBe('case.created');
    expect(JSON.parse(event.payload_json)).toMatchObject({
      caseId: first.id,
      number: first.number,
      status: 'new',
      teamId: w.lounge,
      touchpointId: w.touchpoint,
    });
    const notified = await env()
      .storage.db.selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', first.id)
      .execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual([w.ana.id, w.lee.id].sort());
  });

  it('allows only legal status moves, names both statuses otherwise, and checks the version', async () => {
    const c = await openByHand();
    const open = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open', version: c.version },
    });
    expect(open.statusCode, open.body).toBe(200);
    const opened = open.json<TCaseBody>();
    expect(opened).toMatchObject({ status: 'open', version: c.version + 1 });
    // A status change by a person is the first response.
    expect(opened.sla.firstResponse.metAt).not.toBeNull();

    const back = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'new' },
    });
    expect(back.statusCode).toBe(409);
    expect(back.json<{ error: { message: string } }>().error.message).toContain('from open to new');

    const stale = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': `"${c.version}"` },
      payload: { status: 'resolved' },
    });
    expect(stale.statusCode).toBe(409);

    const resolved = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': `"${opened.version}"` },
      payload: { status: 'resolved', note: 'Refunded the lounge pass' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json<TCaseBody>().allowedTransitions).toEqual(['open', 'closed']);
    const reopened = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(reopened.json<TCaseBody>()).toMatchObject({ status: 'open' });
    const kinds = reopened.json<TCaseBody>().timeline.map((a) => a.kind);
    expect(kinds).toEqual([
      'created',
      'status_changed',
      'status_changed',
      'note',
      'status_changed',
    ]);

    const events = await env()
      .storage.db.selectFrom('domain_events')
      .select(['type', 'payload_json'])
      .where('subject_id', '=', c.id)
      .where('type', '=', 'case.updated')
      .orderBy('seq')
      .execute();
    expect(
      events.map(
        (e) => (JSON.parse(e.payload_json) as { change: Record<string, unknown> }).change['status'],
      ),
    ).toEqual([
      { from: 'new', to: 'open' },
      { from: 'open', to: 'resolved' },
      { from: 'resolved', to: 'open' },
    ]);
  });

  it("keeps agents to their teams' cases: another team's case is not found", async () => {
    const c = await openByHand({ title: 'Only for the lounge' });
    const seen = await w.ben.request({ method: 'GET', url: `/api/cases/${c.id}` });
    expect(seen.statusCode).toBe(404);
    const changed = await w.ben.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(changed.statusCode).toBe(404);
    const noted = await w.ben.request({
      method: 'POST',
      url: `/api/cases/${c.id}/notes`,
      payload: { body: 'sneaky' },
    });
    expect(noted.statusCode).toBe(404);
    const bensList = await w.ben.request({ method: 'GET', url: '/api/cases' });
    expect(bensList.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(c.id);
    const anasList = await w.ana.request({ method: 'GET', url: '/api/cases?view=team' });
    expect(anasList.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(c.id);
    const analyst = await env().as('analyst', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(analyst.statusCode).toBe(200);
    const analystWrite = await env().as('analyst', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open' },
    });
    expect(analystWrite.statusCode).toBe(403);
    const unchanged = await env().as('owner', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(unchanged.json<TCaseBody>()).toMatchObject({ status: 'new', version: 1 });
    const otherOrg = await env().as(
      'owner',
      { method: 'GET', url: `/api/cases/${c.id}` },
      env().orgB,
    );
    expect(otherOrg.statusCode).toBe(404);
  });

  it('assigns within the team only, notifies the assignee and lists my cases', async () => {
    const c = await openByHand({ title: 'To assign' });
    const outsider = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { assigneeId: w.ben.id },
    });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json()).toMatchObject({
      error: { details: [{ field: 'body.assigneeId' }] },
    });
    expect(outsider.json<{ error: { message: string } }>().error.message).toContain(w.ben.id);

    const assigned = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { assigneeId: w.ana.id, priority: 'urgent' },
    });
    expect(assigned.json<TCaseBody>()).toMatchObject({ assigneeId: w.ana.id });
    const note = await env()
      .storage.db.selectFrom('notifications')
      .select('user_id')
      .where('subject_id', '=', c.id)
      .where('kind', '=', 'case.assigned')
      .execute();
    expect(note.map((n) => n.user_id)).toEqual([w.ana.id]);
    const mine = await w.ana.request({ method: 'GET', url: '/api/cases?assignee=me' });
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(c.id);
    const byKey = await env().as('agent', { method: 'GET', url: '/api/cases?view=mine' });
    expect(byKey.statusCode).toBe(422);

    const handOff = await w.ana.request({
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { teamId: w.cabin },
    });
    expect(handOff.statusCode).toBe(403);
    expect(handOff.json()).toMatchObject({ error: { details: [{ field: 'body.teamId' }] } });

    // Moving the case to Cabin drops Ana, who is not in Cabin.
    const moved = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { teamId: w.cabin },
    });
    expect(moved.json<TCaseBody>()).toMatchObject({ teamId: w.cabin, assigneeId: null });
    expect((await w.ana.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode).toBe(
      404,
    );
  });

  it('refuses bad input by name and stores nothing of it', async () => {
    const before = await countRows(env(), 'cases');
    const events = await countRows(env(), 'domain_events');
    const cases: [object, string][] = [
      [{ title: '' }, 'body.title'],
      [{ title: 'x', colour: 'red' }, ''],
      [{ title: 'x', teamId: '01890000-0000-7000-8000-000000000000' }, 'body.teamId'],
      [{ title: 'x', responseId: 'no-such-response' }, 'body.responseId'],
      [{ title: 'x', touchpointId: 'nope' }, 'body.touchpointId'],
      [{ title: 'x', teamId: w.lounge, assigneeId: w.ben.id }, 'body.assigneeId'],
      [{ title: 'x', priority: 'whenever' }, 'body.priority'],
    ];
    for (const [payload, field] of cases) {
      const res = await env().as('admin', { method: 'POST', url: '/api/cases', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      if (field !== '') {
        expect(JSON.stringify(res.json()), JSON.stringify(payload)).toContain(field);
      }
    }
    const foreignTeam = await w.ana.request({
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'For Cabin', teamId: w.cabin },
    });
    expect(foreignTeam.statusCode).toBe(403);
    expect(await countRows(env(), 'cases')).toBe(before);
    expect(await countRows(env(), 'domain_events')).toBe(events);

    const c = await openByHand();
    const activities = await countRows(env(), 'case_activities');
    const badCode = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { status: 'open', rootCauseCodeId: '01890000-0000-7000-8000-000000000000' },
    });
    expect(badCode.statusCode).toBe(422);
    const still = await env().as('admin', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(still.json<TCaseBody>()).toMatchObject({ status: 'new', version: 1 });
    expect(await countRows(env(), 'case_activities')).toBe(activities);
    const badMatch = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      headers: { 'if-match': 'yesterday' },
      payload: { status: 'open' },
    });
    expect(badMatch.statusCode).toBe(400);
  });

  it('keeps a taxonomy of codes and SLA policies', async () => {
    const made = await env().as('admin', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'root_cause', label: 'Staffing' },
    });
    expect(made.statusCode).toBe(201);
    const code = made.json<{ id: string }>();
    const dup = await env().as('admin', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'root_cause', label: 'Staffing' },
    });
    expect(dup.statusCode).toBe(409);
    const agentMakes = await env().as('agent', {
      method: 'POST',
      url: '/api/case-codes',
      payload: { kind: 'resolution', label: 'Refund' },
    });
    expect(agentMakes.statusCode).toBe(403);

    const c = await openByHand();
    const wrongKind = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { resolutionCodeId: code.id },
    });
    expect(wrongKind.statusCode).toBe(422);
    const coded = await env().as('admin', {
      method: 'PATCH',
      url: `/api/cases/${c.id}`,
      payload: { rootCauseCodeId: code.id },
    });
    expect(coded.json()).toMatchObject({ rootCauseCodeId: code.id });
    const inUse = await env().as('admin', { method: 'DELETE', url: `/api/case-codes/${code.id}` });
    expect(inUse.statusCode).toBe(409);
    const archived = await env().as('admin', {
      method: 'PATCH',
      url: `/api/case-codes/${code.id}`,
      payload: { archived: true },
    });
    expect(archived.json()).toMatchObject({ archived: true });
    const active = await env().as('agent', {
      method: 'GET',
      url: '/api/case-codes?archived=false',
    });
    expect(active.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(
      code.id,
    );

    const defaults = await env().as('agent', { method: 'GET', url: '/api/case-sla-policies' });
    expect(defaults.json()).toMatchObject({
      items: expect.arrayContaining([
        { priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
      ]),
    });
    const backwards = await env().as('admin', {
      method: 'PUT',
      url: '/api/case-sla-policies',
      payload: { items: [{ priority: 'low', firstResponseMinutes: 600, resolutionMinutes: 60 }] },
    });
    expect(backwards.statusCode).toBe(422);
    const put = await env().as('admin', {
      method: 'PUT',
      url: '/api/case-sla-policies',
      payload: { items: [{ priority: 'low', firstResponseMinutes: 30, resolutionMinutes: 90 }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const low = await openByHand({ priority: 'low' });
    const lowCase = await env().as('admin', { method: 'GET', url: `/api/cases/${low.id}` });
    const sla = lowCase.json<{ createdAt: string; sla: { resolution: { dueAt: string } } }>();
    expect(Date.parse(sla.sla.resolution.dueAt) - Date.parse(sla.createdAt)).toBe(90 * 60_000);
  });

  it('sets a team lead who must be a member', async () => {
    const notMember = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${w.lounge}`,
      payload: { leadUserId: w.ben.id },
    });
    expect(notMember.statusCode).toBe(422);
    const lead = await env().as('admin', {
      method: 'PATCH',
      url: `/api/teams/${w.lounge}`,
      payload: { leadUserId: w.lee.id },
    });
    expect(lead.json()).toMatchObject({ leadUserId: w.lee.id });
  });

  it("links the customer's other cases and interactions, and pages the list by keyset", async () => {
    const customer = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'CASE-LINKS', name: 'Linda Links' },
    });
    const customerId = customer.json<{ id: string }>().id;
    const visit = await env().as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: {
        customerId,
        touchpointId: w.touchpoint,
        occurredAt: '2026-03-01T10:00:00.000Z',
        type: 'lounge_visit',
      },
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const first = await openByHand({ title: 'Links one', customerId });
    const second = await openByHand({ title: 'Links two', customerId });
    const detail = await env().as('admin', { method: 'GET', url: `/api/cases/${second.id}` });
    expect(detail.json()).toMatchObject({
      customerName: 'Linda Links',
      links: {
        cases: [{ id: first.id, title: 'Links one', status: 'new' }],
        interactions: [{ type: 'lounge_visit', touchpointName: expect.any(String) }],
        responses: [],
      },
    });
    const byCustomer = await env().as('admin', {
      method: 'GET',
      url: `/api/cases?customer=${customerId}&q=links`,
    });
    expect(byCustomer.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([
      second.id,
      first.id,
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cases?status=new&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = await env().as('admin', { method: 'GET', url });
      const body = page.json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    const all = await env().as('admin', { method: 'GET', url: '/api/cases?status=new&limit=500' });
    const ids = all.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(seen.length);
    expect(ids.length).toBeGreaterThan(4);
  });

  it('keeps the cases of a deleted team, without a team', async () => {
    const team = await createTeam(env(), 'Short-lived', [w.ana.id]);
    const c = await openByHand({ title: 'Orphan', teamId: team });
    const deleted = await env().as('admin', { method: 'DELETE', url: `/api/teams/${team}` });
    expect(deleted.statusCode).toBe(204);
    const kept = await env().as('admin', { method: 'GET', url: `/api/cases/${c.id}` });
    expect(kept.json()).toMatchObject({ teamId: null, teamName: null });
  });

  it('deletes an organization together with its cases, codes and timeline', async () => {
    const b = env().orgB;
    const code = await env().as(
      'owner',
      { method: 'POST', url: '/api/case-codes', payload: { kind: 'resolution', label: 'Refund' } },
      b,
    );
    const c = await env().as(
      'owner',
      { method: 'POST', url: '/api/cases', payload: { title: 'B' } },
      b,
    );
    const coded = await env().as(
      'owner',
      {
        method: 'PATCH',
        url: `/api/cases/${c.json<TCaseBody>().id}`,
        payload: { resolutionCodeId: code.json<{ id: string }>().id, status: 'resolved' },
      },
      b,
    );
    expect(coded.statusCode, coded.body).toBe(200);
    const gone = await env().as('owner', { method: 'DELETE', url: '/api/organization' }, b);
    expect(gone.statusCode, gone.body).toBe(204);
    const left = await env()
      .storage.db.selectFrom('cases')
      .select('id')
      .where('organization_id', '=', b.id)
      .execute();
    expect(left).toEqual([]);
  });
});
